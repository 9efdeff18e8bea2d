using GraphQL.Validation;
using GraphQLParser.AST;
using Microsoft.Extensions.Options;
using TradeGraph.Api.GraphQL.Errors;

namespace TradeGraph.Api.GraphQL;

/// <summary>
/// Estimates what an operation will cost before it runs, and refuses it over the limits with a coded error
/// (MAX_DEPTH_EXCEEDED, COST_LIMIT_EXCEEDED, MAX_ALIASES_EXCEEDED), so a refused request costs nothing downstream.
/// Field cost: every field counts once per parent it is resolved for; a list multiplies its children by its size: a
/// connection by its page size (first/last, or the default page size), a field with <see cref="ListSize"/> metadata by
/// what it declares, any other list by <see cref="CostOptions.AssumedListSize"/>. The estimate is kept in the user
/// context for the <c>GraphQL-Cost</c> header. The last rule, for cached documents too; the document's shape is bounded
/// before it, by <see cref="DocumentShapeLimits"/>.
/// </summary>
public sealed class CostAnalysis(IOptions<CostOptions> limits, IOptions<PagingOptions> paging) : ValidationRuleBase, ICachedDocumentRule
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
    /// The estimate runs at the very end of validation, when the walk leaves the document: after every other rule's visitor
    /// (the argument limits report theirs during the walk) and after the variables and arguments are parsed. An operation
    /// already refused (a bad key, a mutation without the write scope, an invalid document, an argument over its limit)
    /// is never walked, and a variable the request left out counts at its default value.
    /// </summary>
    public override ValueTask<INodeVisitor?> GetPostNodeVisitorAsync(ValidationContext context) =>
        new(new MatchingNodeVisitor<GraphQLDocument>(leave: (_, c) => Estimate(c)));

    /// <summary>Last of the cached document's checks, as it is last of the walk.</summary>
    void ICachedDocumentRule.CheckArguments(ValidationContext context) => Estimate(context);

    private void Estimate(ValidationContext context)
    {
        if (context.HasErrors)
        {
            return;
        }

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
                + "Ask for smaller pages or fewer levels.",
                HotChocolateCode.CostExceeded(estimate.FieldCost, max.MaxFieldCost)));
        }

        if (estimate.Aliases > max.MaxAliases)
        {
            context.ReportError(new MaxAliasesExceededError(context, $"The operation uses {estimate.Aliases} aliases, over the limit of {max.MaxAliases} (GraphQL:Cost:MaxAliases)."));
        }
    }
}

/// <summary>The estimate reported under <c>extensions.operationCost</c>.</summary>
public sealed record OperationCost(double FieldCost, double TypeCost, int Depth, int Aliases);
