using GraphQL;
using GraphQL.Types;
using GraphQL.Validation;
using GraphQLParser.AST;

namespace TradeGraph.Api.GraphQL;

/// <summary>
/// The walk behind <see cref="CostAnalysis"/>, on the IBM cost spec's scale as Hot Chocolate computes it: a field costs its
/// weight and its given arguments' weights plus its selection's cost, times the list's size when it returns a list; its type
/// cost is its type's weight plus its selection's, times the same size (weights and sizes from <see cref="CostModel"/>).
/// Beside it, the same walk counts the fields resolved (each field once per parent, a declared weight added: our bound on
/// work, since the spec's scale counts scalars as nothing).
/// Linear in the document: a fragment is measured once per (fragment, sized-list context) at multiplier 1 and scaled
/// wherever it is spread, so fragments that spread each other twice cost one pass, not 2^levels; the walk measures in full
/// (each figure is then held against its limit). Argument values are the validator's parsed ones:
/// literals, variables, and a variable's default when the request left it out.
/// </summary>
internal sealed class CostEstimator(ValidationContext context)
{
    private readonly Dictionary<FragmentKey, SelectionCost> _fragments = [];
    private readonly HashSet<FragmentKey> _measuring = [];
    private Dictionary<string, GraphQLFragmentDefinition>? _definitions;

    /// <summary>
    /// Every list size the walk read from an argument, in order: the only input of the estimate that is not the document's
    /// (<see cref="CostAnalysis"/> keeps the estimate per operation while these sizes stay the same).
    /// </summary>
    public List<SlicingRead> SlicingReads { get; } = [];

    public SelectionCost MeasureOperation(IGraphType root) => Measure(context.Operation.SelectionSet, root, sized: null);

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

    /// <summary>The cost of a selection at multiplier 1.</summary>
    private SelectionCost Measure(GraphQLSelectionSet? selections, IGraphType? parent, SizedChildren? sized)
    {
        var total = SelectionCost.None;
        foreach (var selection in selections?.Selections ?? [])
        {
            total += selection switch
            {
                GraphQLField field => Field(field, parent, sized),
                GraphQLInlineFragment inline => Measure(inline.SelectionSet, TypeNamed(inline.TypeCondition) ?? parent, sized),
                GraphQLFragmentSpread spread => Spread(spread, sized),
                _ => SelectionCost.None,
            };
        }

        return total;
    }

    private SelectionCost Field(GraphQLField field, IGraphType? parent, SizedChildren? sized)
    {
        var name = field.Name.StringValue;
        if (name.StartsWith("__", StringComparison.Ordinal))
        {
            // Introspection is bounded by IntrospectionDepthRule, and by the schema's size.
            return SelectionCost.None;
        }

        var definition = (parent as IComplexGraphType)?.GetField(name);
        var own = definition is null ? 0 : CostModel.WeightOf(definition) + ArgumentWeights(field, definition);
        var isList = IsList(definition?.ResolvedType);
        double items = 1;
        SizedChildren? childSized = null;
        if (isList && sized is not null && sized.Names.Contains(name))
        {
            items = sized.Items;
        }
        else if (definition?.GetMetadata<ListSize?>(ListSize.MetadataKey) is { } size)
        {
            var read = SizeOf(context, field, size);
            SlicingReads.Add(new SlicingRead(field, size, read));
            if (size.SizedFields is null)
            {
                items = isList ? read : 1;
            }
            else
            {
                childSized = new SizedChildren(size.SizedFields, read);
            }
        }

        // The field's own weight counts once per parent; a list multiplies what its items select (and their type weight).
        var resolved = 1 + (definition is null ? 0 : CostModel.DeclaredWeightOf(definition));
        var typeWeight = CostModel.TypeWeight(definition?.ResolvedType);
        var alias = field.Alias is null ? 0 : 1;
        if (field.SelectionSet is null)
        {
            return new SelectionCost(own, typeWeight * items, resolved, alias);
        }

        var children = Measure(field.SelectionSet, definition?.ResolvedType?.GetNamedType(), childSized);
        return new SelectionCost(own + children.Fields * items, (typeWeight + children.Objects) * items, resolved + children.Resolved * items, alias + children.Aliases);
    }

    /// <summary>The weights of the arguments the field node gives (Hot Chocolate's filter and sort argument cost).</summary>
    private static double ArgumentWeights(GraphQLField field, FieldType definition)
    {
        if (field.Arguments is null)
        {
            return 0;
        }

        double weight = 0;
        foreach (var argument in field.Arguments)
        {
            if (definition.Arguments?.Find(argument.Name.StringValue) is { } declared)
            {
                weight += CostModel.WeightOf(declared);
            }
        }

        return weight;
    }

    private SelectionCost Spread(GraphQLFragmentSpread spread, SizedChildren? sized)
    {
        if (Fragment(spread.FragmentName.Name.StringValue) is not { } fragment)
        {
            return SelectionCost.None;
        }

        var key = new FragmentKey(fragment, sized);
        if (_fragments.TryGetValue(key, out var known))
        {
            return known;
        }

        // Cycles are refused by the core rules before this runs; the set only keeps the walk from following one.
        if (!_measuring.Add(key))
        {
            return SelectionCost.None;
        }

        context.CancellationToken.ThrowIfCancellationRequested();
        var measured = Measure(fragment.SelectionSet, TypeNamed(fragment.TypeCondition), sized);
        _measuring.Remove(key);
        _fragments[key] = measured;
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

    /// <summary>The list size the field's slicing arguments give in this request (<see cref="ListSize.For"/>).</summary>
    public static double SizeOf(ValidationContext context, GraphQLField field, ListSize size) => size.For(SlicingValue(context, field, size));

    /// <summary>The first slicing argument given (its variable's value or default included); null when none was.</summary>
    private static object? SlicingValue(ValidationContext context, GraphQLField field, ListSize size)
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

    private static bool IsList(IGraphType? type) =>
        type is ListGraphType || (type is NonNullGraphType nonNull && nonNull.ResolvedType is ListGraphType);

    /// <summary>A list size the walk read: the field, its declared size, and the size its arguments gave.</summary>
    public readonly record struct SlicingRead(GraphQLField Field, ListSize Size, double Items);

    /// <summary>Child fields of an object that are lists of a size its parent field's argument set (<see cref="ListSize.SizedFields"/>).</summary>
    private sealed record SizedChildren(IReadOnlyList<string> Names, double Items);

    private readonly record struct FragmentKey(GraphQLFragmentDefinition Fragment, SizedChildren? Sized);
}

/// <summary>What a selection costs at multiplier 1: field cost, type cost (both on the IBM spec's scale), fields resolved, aliases.</summary>
internal readonly record struct SelectionCost(double Fields, double Objects, double Resolved, double Aliases)
{
    public static SelectionCost None => default;

    public static SelectionCost operator +(SelectionCost a, SelectionCost b) =>
        new(a.Fields + b.Fields, a.Objects + b.Objects, a.Resolved + b.Resolved, a.Aliases + b.Aliases);
}
