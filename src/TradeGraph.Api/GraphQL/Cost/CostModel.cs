using GraphQL;
using GraphQL.Types;
using GraphQL.Utilities;
using TradeGraph.Api.GraphQL.Schema;

namespace TradeGraph.Api.GraphQL;

/// <summary>
/// Our cost model, settled once per schema while it initializes: every field's weight and every list's size, kept in the
/// field's metadata (read by <see cref="CostEstimator"/>) and applied as Hot Chocolate's <c>@cost</c> / <c>@listSize</c>
/// directives (printed in the SDL). One declaration for both, so the printed figures and the enforced ones cannot drift.
/// Weights follow Hot Chocolate's defaults on the IBM cost spec's scale: a field whose resolver reaches the store or a
/// service (a root field, a connection, <c>totalCount</c>, any asynchronous resolver) weighs <see cref="ResolverWeight"/>,
/// as Hot Chocolate weighs its async resolvers; a declared weight (<see cref="WeightKey"/>, the analytics fields) wins; any
/// other field takes the spec's default (1 for an object or a list, 0 for a scalar or enum) and prints nothing. Filter and
/// sort arguments weigh <see cref="ResolverWeight"/> too, as Hot Chocolate's <c>where</c> and <c>order</c>.
/// </summary>
internal sealed class CostModel(PagingOptions paging, CostOptions cost) : BaseSchemaNodeVisitor
{
    /// <summary>Field metadata (a double): the weight the schema declares for a field (an analytics computation), instead of the default.</summary>
    public const string WeightKey = "tradegraph.costWeight";

    /// <summary>Field and argument metadata (a double): the weight settled here, declared or derived.</summary>
    private const string SettledWeightKey = "tradegraph.settledCostWeight";

    /// <summary>Hot Chocolate's DefaultResolverCost, and its default filter and sort argument cost.</summary>
    public const double ResolverWeight = 10;

    /// <summary>The child lists of a connection, sized by its page (Hot Chocolate's sizedFields).</summary>
    private static readonly string[] ConnectionSizedFields = ["edges", "nodes"];

    public override void VisitObjectFieldDefinition(FieldType field, IObjectGraphType type, ISchema schema) => Settle(field, type, schema);

    public override void VisitInterfaceFieldDefinition(FieldType field, IInterfaceGraphType type, ISchema schema) => Settle(field, type, schema);

    /// <summary>The weight the estimate uses for a field (after the schema has initialized).</summary>
    public static double WeightOf(FieldType field) =>
        field.GetMetadata<double?>(SettledWeightKey) ?? SpecDefaultWeight(field.ResolvedType);

    /// <summary>The weight the schema declared for a field (0 when none): what resolving it adds beyond the field itself.</summary>
    public static double DeclaredWeightOf(FieldType field) => field.GetMetadata<double?>(WeightKey) ?? 0;

    /// <summary>The weight of an argument when it is given (0 unless the model weighed it).</summary>
    public static double WeightOf(QueryArgument argument) => argument.GetMetadata<double?>(SettledWeightKey) ?? 0;

    /// <summary>The IBM spec's type weight: 1 for an object, interface or union, 0 for a scalar or enum.</summary>
    public static double TypeWeight(IGraphType? type) => type?.GetNamedType() is IComplexGraphType or UnionGraphType ? 1 : 0;

    public static bool IsConnection(IGraphType? type) => type?.GetNamedType()?.Name.EndsWith("Connection", StringComparison.Ordinal) == true;

    private void Settle(FieldType field, IComplexGraphType parent, ISchema schema)
    {
        if (field.Name.StartsWith("__", StringComparison.Ordinal))
        {
            return;
        }

        // In Hot Chocolate's order: @listSize, then @cost.
        if (SizeOf(field, parent) is { } size)
        {
            field.WithMetadata(ListSize.MetadataKey, size);
            field.ApplyDirective(CostDirectives.ListSizeName, directive =>
            {
                directive.AddArgument(new DirectiveArgument("assumedSize") { Value = size.Max });
                if (size.SlicingArguments.Count > 0)
                {
                    directive.AddArgument(new DirectiveArgument("slicingArguments") { Value = size.SlicingArguments.ToList() });
                    directive.AddArgument(new DirectiveArgument("slicingArgumentDefaultValue") { Value = size.Default });
                }

                if (size.SizedFields is { Count: > 0 } sized)
                {
                    directive.AddArgument(new DirectiveArgument("sizedFields") { Value = sized.ToList() });
                }

                directive.AddArgument(new DirectiveArgument("requireOneSlicingArgument") { Value = false });
            });
        }

        var weight = field.GetMetadata<double?>(WeightKey) ?? (ReachesStore(field, parent, schema) ? ResolverWeight : null);
        if (weight is { } declared)
        {
            field.WithMetadata(SettledWeightKey, declared);
            field.ApplyDirective(CostDirectives.CostName, "weight", CostDirectives.FormatWeight(declared));
        }

        foreach (var argument in field.Arguments ?? [])
        {
            if (argument.ResolvedType?.GetNamedType()?.Name is { } name
                && (name.EndsWith("FilterInput", StringComparison.Ordinal) || name.EndsWith("SortInput", StringComparison.Ordinal)))
            {
                argument.WithMetadata(SettledWeightKey, ResolverWeight);
                argument.ApplyDirective(CostDirectives.CostName, "weight", CostDirectives.FormatWeight(ResolverWeight));
            }
        }
    }

    /// <summary>
    /// A declared size first; then a connection's page (first/last, sizing its edges and nodes); then an assumed size for
    /// any other list (the item type's own, or <see cref="CostOptions.AssumedListSize"/>), except a connection's own edges
    /// and nodes, which the connection's page sizes.
    /// </summary>
    private ListSize? SizeOf(FieldType field, IComplexGraphType parent)
    {
        if (field.GetMetadata<ListSize?>(ListSize.MetadataKey) is { } declared)
        {
            return declared;
        }

        if (IsConnection(field.ResolvedType))
        {
            return new ListSize(["first", "last"], paging.DefaultPageSize, paging.MaxPageSize, ConnectionSizedFields);
        }

        if (!IsList(field.ResolvedType) || (IsConnection(parent) && ConnectionSizedFields.Contains(field.Name)))
        {
            return null;
        }

        var assumed = field.ResolvedType?.GetNamedType()?.GetMetadata<int?>(ListSize.AssumedItemsKey) ?? cost.AssumedListSize;
        return ListSize.Unpaged(assumed);
    }

    private static bool ReachesStore(FieldType field, IComplexGraphType parent, ISchema schema) =>
        parent == schema.Query || parent == schema.Mutation || parent == schema.Subscription
        || IsConnection(field.ResolvedType)
        || (field.Name == "totalCount" && IsConnection(parent))
        || field.Resolver is IAwaitingFieldResolver;

    private static double SpecDefaultWeight(IGraphType? type) => TypeWeight(type) > 0 || IsList(type) ? 1 : 0;

    private static bool IsList(IGraphType? type) =>
        type is ListGraphType || (type is NonNullGraphType nonNull && nonNull.ResolvedType is ListGraphType);
}
