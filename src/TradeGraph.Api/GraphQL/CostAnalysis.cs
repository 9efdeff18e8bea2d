using GraphQL.Validation;
using GraphQLParser.AST;
using Microsoft.Extensions.Options;

namespace TradeGraph.Api.GraphQL;

/// <summary>
/// Estimates what an operation will cost before it runs, and refuses it over the limits with a coded error
/// (MAX_DEPTH_EXCEEDED, COST_LIMIT_EXCEEDED, MAX_ALIASES_EXCEEDED, MAX_FRAGMENT_SPREADS_EXCEEDED,
/// MAX_FRAGMENT_DEPTH_EXCEEDED), so a refused request costs nothing downstream. Field cost: every field counts once per parent it is resolved for; a list multiplies its
/// children by its size: a connection by its page size (first/last, or the default page size), a field with
/// <see cref="ListSize"/> metadata by what it declares, any other list by <see cref="CostOptions.AssumedListSize"/>.
/// The estimate is kept in the user context for the <c>GraphQL-Cost</c> header. It runs for cached documents too.
/// </summary>
public sealed class CostAnalysis(IOptions<CostOptions> limits, IOptions<PagingOptions> paging) : ValidationRuleBase
{
    public const string ContextKey = "tradegraph.operationCost";

    /// <summary>Field metadata: what resolving the field costs beyond itself (an analytics computation), per parent.</summary>
    public const string FieldCostKey = "tradegraph.fieldCost";

    /// <summary>
    /// User-context flag of <c>GraphQL-Cost: validate</c>: the estimate is measured in full and reported, and the field cost
    /// is not enforced (as in Hot Chocolate, the client asks what the operation would cost); nothing executes anyway.
    /// </summary>
    public const string ValidateOnlyKey = "tradegraph.costValidateOnly";

    /// <summary>
    /// The fragment limits, first of all the rules, before anything follows a spread: a document over them is refused here,
    /// the core rules skip it (<see cref="SkippedOnceRefused"/>), and validation ends before the arguments are parsed.
    /// Unchecked, a chain of 500 fragments (17 KB) cost about 5 s in GraphQL.NET's overlapping-fields rule, and a chain of
    /// 2,500 overflowed the argument parser's stack, ending the process.
    /// </summary>
    public override ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context)
    {
        var max = limits.Value;
        var spreads = FragmentShape.CountSpreads(context.Document);
        if (spreads > max.MaxFragmentSpreads)
        {
            context.ReportError(new MaxFragmentSpreadsExceededError(context,
                $"The document spreads fragments {spreads:N0} times, over the limit of {max.MaxFragmentSpreads:N0} (GraphQL:Cost:MaxFragmentSpreads)."));
            return default;
        }

        var depth = FragmentShape.ChainDepth(context.Document);
        if (depth > max.MaxFragmentDepth)
        {
            context.ReportError(new MaxFragmentDepthExceededError(context,
                $"The document nests fragment spreads {depth} deep (a fragment spreading a fragment …), over the limit of {max.MaxFragmentDepth} (GraphQL:Cost:MaxFragmentDepth)."));
        }

        return default;
    }

    /// <summary>
    /// The estimate runs after every other rule and after the variables and arguments are parsed: an operation already refused
    /// (a bad key, a mutation without the write scope, an invalid document) is never walked, and a variable the request left
    /// out counts at its default value.
    /// </summary>
    public override ValueTask<INodeVisitor?> GetPostNodeVisitorAsync(ValidationContext context)
    {
        var max = limits.Value;
        var validateOnly = context.UserContext.TryGetValue(ValidateOnlyKey, out var flag) && flag is true;
        var estimator = new CostEstimator(context, ListSize.Connection(paging.Value), ListSize.Unpaged(max.AssumedListSize),
            budget: validateOnly ? double.PositiveInfinity : max.MaxFieldCost);
        var root = context.Operation.Operation switch
        {
            OperationType.Mutation => context.Schema.Mutation,
            OperationType.Subscription => context.Schema.Subscription,
            _ => context.Schema.Query,
        };
        var cost = estimator.MeasureOperation(root!);
        var aliases = (int)Math.Min(cost.Aliases, int.MaxValue);
        var estimate = new OperationCost(estimator.StoppedOverBudget ? estimator.Spent : cost.Fields, cost.Objects, estimator.MeasureDepth(), aliases);
        context.UserContext[ContextKey] = estimate;

        if (estimate.Depth > max.MaxDepth)
        {
            context.ReportError(new MaxDepthExceededError(context, $"The operation is {estimate.Depth} fields deep, over the limit of {max.MaxDepth} (GraphQL:Cost:MaxDepth)."));
        }

        if (estimator.StoppedOverBudget)
        {
            context.ReportError(new CostLimitExceededError(context,
                $"The operation could resolve at least {estimate.FieldCost:N0} fields, over the limit of {max.MaxFieldCost:N0} (GraphQL:Cost:MaxFieldCost). "
                + "Ask for smaller pages or fewer levels."));
        }

        if (estimate.Aliases > max.MaxAliases)
        {
            context.ReportError(new MaxAliasesExceededError(context, $"The operation uses {estimate.Aliases} aliases, over the limit of {max.MaxAliases} (GraphQL:Cost:MaxAliases)."));
        }

        return default;
    }
}

/// <summary>The estimate reported under <c>extensions.operationCost</c>.</summary>
public sealed record OperationCost(double FieldCost, double TypeCost, int Depth, int Aliases);
