using GraphQL.Types;
using GraphQL.Validation;
using GraphQLParser.AST;
using Microsoft.Extensions.Options;

namespace TradeGraph.Api.GraphQL;

/// <summary>
/// Estimates what an operation will cost before it runs, and refuses it over the limits with a coded error
/// (MAX_DEPTH_EXCEEDED, COST_LIMIT_EXCEEDED, MAX_ALIASES_EXCEEDED), so a refused request costs nothing downstream.
/// Field cost: every field counts once per parent it is resolved for; a connection multiplies its children by its
/// page size (first/last, or the default page size), <c>nodes(ids:)</c> by the ids, <c>search</c> by <c>first</c>.
/// The estimate is kept in the user context for the <c>GraphQL-Cost: report</c> header. It runs for cached documents too.
/// </summary>
public sealed class CostAnalysis(IOptions<CostOptions> limits, IOptions<PagingOptions> paging) : ValidationRuleBase
{
    public const string ContextKey = "tradegraph.operationCost";

    /// <summary>Field metadata: what resolving the field costs beyond itself (an analytics computation), per parent.</summary>
    public const string FieldCostKey = "tradegraph.fieldCost";

    public override ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context)
    {
        var walker = new Walker(context, paging.Value.DefaultPageSize);
        var root = context.Operation.Operation switch
        {
            OperationType.Mutation => context.Schema.Mutation,
            OperationType.Subscription => context.Schema.Subscription,
            _ => context.Schema.Query,
        };
        var cost = walker.Measure(context.Operation.SelectionSet, root, multiplier: 1, depth: 1);
        var estimate = new OperationCost(cost.Fields, cost.Objects, walker.MaxDepth, walker.Aliases);
        context.UserContext[ContextKey] = estimate;

        var max = limits.Value;
        if (estimate.Depth > max.MaxDepth)
        {
            context.ReportError(new MaxDepthExceededError(context, $"The operation is {estimate.Depth} fields deep, over the limit of {max.MaxDepth}."));
        }

        if (estimate.FieldCost > max.MaxFieldCost)
        {
            context.ReportError(new CostLimitExceededError(context,
                $"The operation could resolve about {estimate.FieldCost:N0} fields, over the limit of {max.MaxFieldCost:N0}. Ask for smaller pages or fewer levels."));
        }

        if (estimate.Aliases > max.MaxAliases)
        {
            context.ReportError(new MaxAliasesExceededError(context, $"The operation uses {estimate.Aliases} aliases, over the limit of {max.MaxAliases}."));
        }

        return default;
    }

    private sealed class Walker(ValidationContext context, int defaultPageSize)
    {
        private readonly HashSet<string> _inFragments = [];

        public int MaxDepth { get; private set; }

        public int Aliases { get; private set; }

        public (double Fields, double Objects) Measure(GraphQLSelectionSet? selections, IGraphType? parent, double multiplier, int depth)
        {
            double fields = 0, objects = 0;
            foreach (var selection in selections?.Selections ?? [])
            {
                switch (selection)
                {
                    case GraphQLField field when field.Name.StringValue.StartsWith("__", StringComparison.Ordinal):
                        break;
                    case GraphQLField field:
                        if (field.Alias is not null)
                        {
                            Aliases++;
                        }

                        MaxDepth = Math.Max(MaxDepth, depth);
                        var definition = (parent as IComplexGraphType)?.GetField(field.Name.StringValue);
                        var type = Unwrap(definition?.ResolvedType);
                        fields += multiplier * (1 + (definition?.GetMetadata<double>(FieldCostKey) ?? 0));
                        if (field.SelectionSet is not null)
                        {
                            objects += multiplier;
                            var child = Measure(field.SelectionSet, type, multiplier * ListSize(field, type), depth + 1);
                            fields += child.Fields;
                            objects += child.Objects;
                        }

                        break;
                    case GraphQLInlineFragment inline:
                        var inlineType = inline.TypeCondition is { } condition ? context.Schema.AllTypes[condition.Type.Name.StringValue] : parent;
                        Add(Measure(inline.SelectionSet, inlineType, multiplier, depth));
                        break;
                    case GraphQLFragmentSpread spread when Fragment(spread.FragmentName.Name.StringValue) is { } fragment
                                                           && _inFragments.Add(fragment.FragmentName.Name.StringValue):
                        // Cycles are rejected by the core rules; the set only keeps this walk from following one.
                        Add(Measure(fragment.SelectionSet, context.Schema.AllTypes[fragment.TypeCondition.Type.Name.StringValue], multiplier, depth));
                        _inFragments.Remove(fragment.FragmentName.Name.StringValue);
                        break;
                }
            }

            return (fields, objects);

            void Add((double Fields, double Objects) part)
            {
                fields += part.Fields;
                objects += part.Objects;
            }
        }

        private GraphQLFragmentDefinition? Fragment(string name) =>
            context.Document.Definitions.OfType<GraphQLFragmentDefinition>().FirstOrDefault(f => f.FragmentName.Name.StringValue == name);

        /// <summary>How many children a field's selection is resolved for.</summary>
        private double ListSize(GraphQLField field, IGraphType? type)
        {
            if (type?.Name.EndsWith("Connection", StringComparison.Ordinal) == true)
            {
                return Argument(field, "first") ?? Argument(field, "last") ?? defaultPageSize;
            }

            return field.Name.StringValue switch
            {
                "nodes" when ArgumentList(field, "ids") is { } count => count,
                "search" => Argument(field, "first") ?? defaultPageSize,
                _ => 1,
            };
        }

        private int? Argument(GraphQLField field, string name) => Value(field.Arguments?.ValueFor(name)) as int?;

        private int? ArgumentList(GraphQLField field, string name) => Value(field.Arguments?.ValueFor(name)) switch
        {
            System.Collections.ICollection list => list.Count,
            _ => null,
        };

        private object? Value(GraphQLValue? value) => value switch
        {
            GraphQLIntValue i => int.TryParse(i.Value.Span, out var n) ? n : int.MaxValue,
            GraphQLListValue list => list.Values?.ToList() ?? [],
            GraphQLVariable variable => context.Variables.TryGetValue(variable.Name.StringValue, out var v) ? v : null,
            _ => null,
        };

        private static IGraphType? Unwrap(IGraphType? type) => type switch
        {
            NonNullGraphType nonNull => Unwrap(nonNull.ResolvedType),
            ListGraphType list => Unwrap(list.ResolvedType),
            _ => type,
        };
    }
}

/// <summary>The estimate reported under <c>extensions.operationCost</c>.</summary>
public sealed record OperationCost(double FieldCost, double TypeCost, int Depth, int Aliases);

public sealed class MaxDepthExceededError(ValidationContext context, string message)
    : ValidationError(context.Document.Source, null, message, context.Operation);

public sealed class CostLimitExceededError(ValidationContext context, string message)
    : ValidationError(context.Document.Source, null, message, context.Operation);

public sealed class MaxAliasesExceededError(ValidationContext context, string message)
    : ValidationError(context.Document.Source, null, message, context.Operation);
