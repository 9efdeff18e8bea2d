using System.Runtime.CompilerServices;
using GraphQL.Types;
using GraphQL.Validation;
using GraphQLParser.AST;
using Microsoft.Extensions.Options;
using TradeGraph.Api.GraphQL.Errors;

namespace TradeGraph.Api.GraphQL;

/// <summary>
/// Estimates what an operation will cost before it runs, and refuses it over the limits with a coded error
/// (MAX_DEPTH_EXCEEDED, COST_LIMIT_EXCEEDED over GraphQL:Cost:MaxFieldCost or MaxResolvedFields, MAX_ALIASES_EXCEEDED), so a refused request costs nothing downstream.
/// Field cost and type cost on the IBM cost spec's scale, as Hot Chocolate reports them (<see cref="CostEstimator"/>): the
/// weights and list sizes are <see cref="CostModel"/>'s, the ones the SDL prints as <c>@cost</c> and <c>@listSize</c>.
/// The estimate is kept in the user context for the <c>GraphQL-Cost</c> header. The last rule, for cached documents too; the document's shape is bounded
/// before it, by <see cref="DocumentShapeLimits"/>.
/// </summary>
public sealed class CostAnalysis(IOptions<CostOptions> limits) : ValidationRuleBase, ICachedDocumentRule
{
    // The last estimate of each operation (a cached document's node) and the list sizes it read from arguments: the
    // estimate depends on nothing else, so a request whose arguments give the same sizes reuses it without the walk.
    private readonly ConditionalWeakTable<GraphQLOperationDefinition, KeptCost> _kept = new();

    public const string ContextKey = "tradegraph.operationCost";

    /// <summary>
    /// User-context flag of <c>GraphQL-Cost: validate</c>: the estimate is reported and the cost limits are not enforced
    /// (as in Hot Chocolate, the client asks what the operation would cost); nothing executes anyway.
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

    private OperationCost Measure(ValidationContext context, IGraphType root)
    {
        var estimator = new CostEstimator(context);
        var cost = estimator.MeasureOperation(root);
        var aliases = (int)Math.Min(cost.Aliases, int.MaxValue);
        // As Hot Chocolate: the root type's weight (1) adds to the type cost.
        var estimate = new OperationCost(cost.Fields, cost.Objects + CostModel.TypeWeight(root), cost.Resolved, new CostEstimator(context).MeasureDepth(), aliases);
        _kept.AddOrUpdate(context.Operation, new KeptCost(context.Schema, [.. estimator.SlicingReads], estimate));
        return estimate;
    }

    private OperationCost? KeptEstimate(ValidationContext context)
    {
        if (!_kept.TryGetValue(context.Operation, out var kept) || kept.Schema != context.Schema)
        {
            return null;
        }

        foreach (var read in kept.Reads)
        {
            if (CostEstimator.SizeOf(context, read.Field, read.Size) != read.Items)
            {
                return null;
            }
        }

        return kept.Estimate;
    }

    private void Estimate(ValidationContext context)
    {
        if (context.HasErrors)
        {
            return;
        }

        var max = limits.Value;
        var validateOnly = context.UserContext.TryGetValue(ValidateOnlyKey, out var flag) && flag is true;
        var root = context.Operation.Operation switch
        {
            OperationType.Mutation => context.Schema.Mutation,
            OperationType.Subscription => context.Schema.Subscription,
            _ => context.Schema.Query,
        };
        var estimate = KeptEstimate(context) ?? Measure(context, root!);
        context.UserContext[ContextKey] = estimate;

        if (estimate.Depth > max.MaxDepth)
        {
            context.ReportError(new MaxDepthExceededError(context, $"The operation is {estimate.Depth} fields deep, over the limit of {max.MaxDepth} (GraphQL:Cost:MaxDepth)."));
        }

        // GraphQL-Cost: validate asks what the operation would cost: the cost limits are not enforced (nothing runs anyway).
        if (!validateOnly && estimate.FieldCost > max.MaxFieldCost)
        {
            context.ReportError(new CostLimitExceededError(context,
                $"The operation's field cost is {estimate.FieldCost:N0}, over the limit of {max.MaxFieldCost:N0} (GraphQL:Cost:MaxFieldCost). "
                + "Ask for smaller pages or fewer levels.",
                HotChocolateCode.CostExceeded(estimate.FieldCost, max.MaxFieldCost)));
        }
        else if (!validateOnly && estimate.ResolvedFields > max.MaxResolvedFields)
        {
            context.ReportError(new CostLimitExceededError(context,
                $"The operation could resolve {estimate.ResolvedFields:N0} fields, over the limit of {max.MaxResolvedFields:N0} (GraphQL:Cost:MaxResolvedFields). "
                + "Ask for smaller pages or fewer levels.",
                hotChocolate: null));
        }

        if (estimate.Aliases > max.MaxAliases)
        {
            context.ReportError(new MaxAliasesExceededError(context, $"The operation uses {estimate.Aliases} aliases, over the limit of {max.MaxAliases} (GraphQL:Cost:MaxAliases)."));
        }
    }
}

/// <summary>
/// The estimate reported under <c>extensions.operationCost</c>: <paramref name="FieldCost"/> and <paramref name="TypeCost"/>
/// as Hot Chocolate reports them; <paramref name="ResolvedFields"/> (each field once per parent), depth and aliases are ours.
/// </summary>
public sealed record OperationCost(double FieldCost, double TypeCost, double ResolvedFields, int Depth, int Aliases);

/// <summary>An operation's estimate and the list sizes it was measured with.</summary>
internal sealed record KeptCost(ISchema Schema, CostEstimator.SlicingRead[] Reads, OperationCost Estimate);
