using GraphQL.Types;
using GraphQL.Validation;
using GraphQLParser.AST;

namespace TradeGraph.Api.GraphQL;

/// <summary>
/// The walk behind <see cref="CostAnalysis"/>, linear in the document: a fragment is measured once per (fragment, sized-list
/// context) at multiplier 1 and scaled wherever it is spread, so fragments that spread each other twice cost one pass, not
/// 2^levels. The running total is kept as the walk goes, and the walk stops as soon as it passes the budget.
/// Argument values are the validator's parsed ones: literals, variables, and a variable's default when the request left it out.
/// </summary>
internal sealed class CostEstimator(ValidationContext context, ListSize connection, ListSize unpaged, double budget)
{
    private readonly Dictionary<FragmentKey, SelectionCost> _fragments = [];
    private readonly HashSet<FragmentKey> _measuring = [];
    private Dictionary<string, GraphQLFragmentDefinition>? _definitions;

    /// <summary>Fields counted so far, each at its multiplier; the whole estimate once the walk has finished.</summary>
    public double Spent { get; private set; }

    /// <summary>The walk stopped early: <see cref="Spent"/> is already over the budget, and the rest was not measured.</summary>
    public bool StoppedOverBudget { get; private set; }

    public SelectionCost MeasureOperation(IGraphType root) => Measure(context.Operation.SelectionSet, root, multiplier: 1, sized: null);

    /// <summary>
    /// The deepest field nesting of the operation (introspection fields do not count), in full even when the cost walk stops
    /// early: a fragment's depth is measured once.
    /// </summary>
    public int MeasureDepth()
    {
        var fragments = new Dictionary<string, int>();
        return Depth(context.Operation.SelectionSet);

        int Depth(GraphQLSelectionSet? selections)
        {
            var deepest = 0;
            foreach (var selection in selections?.Selections ?? [])
            {
                deepest = Math.Max(deepest, selection switch
                {
                    GraphQLField field when !field.Name.StringValue.StartsWith("__", StringComparison.Ordinal) => 1 + Depth(field.SelectionSet),
                    GraphQLInlineFragment inline => Depth(inline.SelectionSet),
                    GraphQLFragmentSpread spread => FragmentDepth(spread.FragmentName.Name.StringValue),
                    _ => 0,
                });
            }

            return deepest;
        }

        int FragmentDepth(string name)
        {
            if (fragments.TryGetValue(name, out var known))
            {
                return known;
            }

            fragments[name] = 0; // a cycle (refused by the core rules) ends here
            return fragments[name] = Fragment(name) is { } fragment ? Depth(fragment.SelectionSet) : 0;
        }
    }

    /// <summary>The cost of a selection at multiplier 1; <paramref name="multiplier"/> (its real one) only feeds the running total.</summary>
    private SelectionCost Measure(GraphQLSelectionSet? selections, IGraphType? parent, double multiplier, SizedChildren? sized)
    {
        var total = SelectionCost.None;
        foreach (var selection in selections?.Selections ?? [])
        {
            if (StoppedOverBudget)
            {
                break;
            }

            total += selection switch
            {
                GraphQLField field => Field(field, parent, multiplier, sized),
                GraphQLInlineFragment inline => Measure(inline.SelectionSet, TypeNamed(inline.TypeCondition) ?? parent, multiplier, sized),
                GraphQLFragmentSpread spread => Spread(spread, multiplier, sized),
                _ => SelectionCost.None,
            };
        }

        return total;
    }

    private SelectionCost Field(GraphQLField field, IGraphType? parent, double multiplier, SizedChildren? sized)
    {
        var name = field.Name.StringValue;
        if (name.StartsWith("__", StringComparison.Ordinal))
        {
            // Introspection is bounded by IntrospectionDepthRule, and by the schema's size.
            return SelectionCost.None;
        }

        var definition = (parent as IComplexGraphType)?.GetField(name);
        var own = 1 + (definition?.GetMetadata<double>(CostAnalysis.FieldCostKey) ?? 0);
        Spend(own * multiplier);
        var cost = new SelectionCost(own, 0, field.Alias is null ? 0 : 1);
        if (field.SelectionSet is null)
        {
            return cost;
        }

        var type = Unwrap(definition?.ResolvedType, out var isList);
        double items = 1;
        SizedChildren? childSized = null;
        if (sized is not null && sized.Names.Contains(name))
        {
            items = sized.Items;
        }
        else if (SizeOf(definition, parent, type, isList) is { } size)
        {
            var value = SlicingValue(field, size);
            if (size.SizedFields is null)
            {
                items = size.For(value);
            }
            else
            {
                childSized = new SizedChildren(size.SizedFields, size.For(value));
            }
        }

        var children = Measure(field.SelectionSet, type, multiplier * items, childSized);
        return cost + new SelectionCost(children.Fields * items, 1 + children.Objects * items, children.Aliases);
    }

    private SelectionCost Spread(GraphQLFragmentSpread spread, double multiplier, SizedChildren? sized)
    {
        if (Fragment(spread.FragmentName.Name.StringValue) is not { } fragment)
        {
            return SelectionCost.None;
        }

        var key = new FragmentKey(fragment, sized);
        if (_fragments.TryGetValue(key, out var known))
        {
            Spend(known.Fields * multiplier);
            return known;
        }

        // Cycles are refused by the core rules before this runs; the set only keeps the walk from following one.
        if (!_measuring.Add(key))
        {
            return SelectionCost.None;
        }

        context.CancellationToken.ThrowIfCancellationRequested();
        var measured = Measure(fragment.SelectionSet, TypeNamed(fragment.TypeCondition), multiplier, sized);
        _measuring.Remove(key);
        if (!StoppedOverBudget)
        {
            _fragments[key] = measured;
        }

        return measured;
    }

    private GraphQLFragmentDefinition? Fragment(string name)
    {
        if (_definitions is null)
        {
            _definitions = [];
            foreach (var definition in context.Document.Definitions.OfType<GraphQLFragmentDefinition>())
            {
                _definitions.TryAdd(definition.FragmentName.Name.StringValue, definition);
            }
        }

        return _definitions.GetValueOrDefault(name);
    }

    private void Spend(double fields)
    {
        Spent += fields;
        StoppedOverBudget |= Spent > budget;
    }

    /// <summary>
    /// Declared metadata first; then a connection's page; then an assumed size for any other list (the item type's own, or
    /// the default), except a connection's own nodes and edges (the connection's page already sized them).
    /// </summary>
    private ListSize? SizeOf(FieldType? definition, IGraphType? parent, IGraphType? type, bool isList) =>
        definition?.GetMetadata<ListSize?>(ListSize.MetadataKey)
        ?? (IsConnection(type) ? connection
            : isList && !IsConnection(parent) ? (type?.GetMetadata<int?>(ListSize.AssumedItemsKey) is { } items ? ListSize.Unpaged(items) : unpaged)
            : null);

    private static bool IsConnection(IGraphType? type) => type?.Name.EndsWith("Connection", StringComparison.Ordinal) == true;

    /// <summary>The first slicing argument given (its variable's value or default included); null when none was.</summary>
    private object? SlicingValue(GraphQLField field, ListSize size)
    {
        if (context.ArgumentValues is null || !context.ArgumentValues.TryGetValue(field, out var arguments))
        {
            return null;
        }

        foreach (var name in size.SlicingArguments)
        {
            if (arguments.TryGetValue(name, out var argument) && argument.Value is not null)
            {
                return argument.Value;
            }
        }

        return null;
    }

    private IGraphType? TypeNamed(GraphQLTypeCondition? condition) =>
        condition is null ? null : context.Schema.AllTypes[condition.Type.Name.StringValue];

    private static IGraphType? Unwrap(IGraphType? type, out bool isList)
    {
        isList = false;
        while (type is NonNullGraphType or ListGraphType)
        {
            isList |= type is ListGraphType;
            type = type is NonNullGraphType nonNull ? nonNull.ResolvedType : ((ListGraphType)type).ResolvedType;
        }

        return type;
    }

    /// <summary>Child fields of an object that are lists of a size its parent field's argument set (<see cref="ListSize.SizedFields"/>).</summary>
    private sealed record SizedChildren(IReadOnlyList<string> Names, double Items);

    private readonly record struct FragmentKey(GraphQLFragmentDefinition Fragment, SizedChildren? Sized);
}

/// <summary>What a selection costs at multiplier 1: fields resolved, objects resolved, aliases.</summary>
internal readonly record struct SelectionCost(double Fields, double Objects, double Aliases)
{
    public static SelectionCost None => default;

    public static SelectionCost operator +(SelectionCost a, SelectionCost b) => new(a.Fields + b.Fields, a.Objects + b.Objects, a.Aliases + b.Aliases);
}
