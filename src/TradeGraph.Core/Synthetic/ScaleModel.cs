using System.Text;
using TradeGraph.Core.Model;

namespace TradeGraph.Core.Synthetic;

/// <summary>
/// The generator bound to a model: the shaped kinds and types (<see cref="ScaleShape"/>) looked up and checked once,
/// then every kind and type the shaping does not know appended after them, to be filled generically. Kind and type
/// indices are the shaping's first, so the shaping's constants index these lists.
/// </summary>
internal sealed class ScaleModel
{
    public ScaleModel(GraphModel model)
    {
        Model = model;
        var problems = new List<string>();
        var kinds = new List<EntityKind>();
        foreach (var name in ScaleShape.Kinds)
        {
            if (model.TryGetKind(name, out var kind))
            {
                kinds.Add(kind);
            }
            else
            {
                problems.Add($"the shaped kind '{name}' is not in the model.");
            }
        }

        var types = new List<(RelationshipType Type, int From, int To)>();
        foreach (var (name, from, to) in ScaleShape.Types)
        {
            if (!model.TryGetRelationship(name, out var type))
            {
                problems.Add($"the shaped relationship type '{name}' is not in the model.");
            }
            else if (type.From != ScaleShape.Kinds[from] || type.To != ScaleShape.Kinds[to])
            {
                problems.Add($"the relationship type '{name}' goes {type.From} → {type.To} in the model, but the shaping draws it {ScaleShape.Kinds[from]} → {ScaleShape.Kinds[to]}.");
            }
            else
            {
                types.Add((type, from, to));
            }
        }

        problems.AddRange(ScaleShape.OmittedTypes.Where(t => !model.TryGetRelationship(t, out _))
            .Select(t => $"the relationship type '{t}', left out on purpose, is not in the model."));
        foreach (var property in ScaleShape.Properties)
        {
            CheckProperty(property, problems);
        }

        foreach (var (owner, property, shares, count) in ScaleShape.Shares)
        {
            var values = EnumValuesOf(owner, property);
            if (values is not null && values.Count != count)
            {
                problems.Add($"{shares} has {count} entries, but {owner}.{property} has {values.Count} values in the model.");
            }
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException("The scale generator does not fit the model: " + string.Join(" ", problems));
        }

        // What the shaping does not know, in the model's order: drafted generically after the shaped parts.
        UnshapedKinds = [.. Enumerable.Range(kinds.Count, model.Kinds.Count - kinds.Count)];
        kinds.AddRange(model.Kinds.Where(k => !ScaleShape.Kinds.Contains(k.Name)));
        var known = ScaleShape.Types.Select(t => t.Name).Concat(ScaleShape.OmittedTypes).ToHashSet(StringComparer.Ordinal);
        UnshapedTypes = [.. Enumerable.Range(types.Count, model.RelationshipTypes.Count(t => !known.Contains(t.Name))).Select(i => (byte)i)];
        if (types.Count + UnshapedTypes.Count > byte.MaxValue || kinds.Count > byte.MaxValue)
        {
            throw new InvalidOperationException($"The scale generator draws at most {byte.MaxValue} kinds and {byte.MaxValue} relationship types; the model has more.");
        }

        var index = kinds.Select((k, i) => (k.Name, i)).ToDictionary(p => p.Name, p => p.i, StringComparer.Ordinal);
        types.AddRange(model.RelationshipTypes.Where(t => !known.Contains(t.Name))
            .Select(t => (t, index.GetValueOrDefault(t.From, AnyKind), index.GetValueOrDefault(t.To, AnyKind))));
        Kinds = kinds;
        Types = types;
        KeyPrefixes = [.. kinds.Select(k => KebabCase(k.Name))];
        var written = ScaleShape.Properties.Select(p => (p.Owner, p.Name)).ToHashSet();
        UnwrittenKindProperties = [.. kinds.Select(k => Unwritten(k.Name, k.Properties, written))];
        UnwrittenTypeProperties = [.. types.Select(t => Unwritten(t.Type.Name, t.Type.Properties, written))];
    }

    /// <summary>The end index of a type that ends at <see cref="GraphModel.AnyEntity"/>: an entity of any kind that is an Entity.</summary>
    public const int AnyKind = -1;

    public GraphModel Model { get; }

    /// <summary>Kinds by index: the shaped ones in <see cref="ScaleShape.Kinds"/>' order, then the model's others.</summary>
    public IReadOnlyList<EntityKind> Kinds { get; }

    /// <summary>Relationship types by index, with the kind index at each end (<see cref="AnyKind"/> for any entity).</summary>
    public IReadOnlyList<(RelationshipType Type, int From, int To)> Types { get; }

    /// <summary>Key prefixes by kind index: the kind in kebab-case (TradeMeasure → trade-measure).</summary>
    public IReadOnlyList<string> KeyPrefixes { get; }

    /// <summary>By kind index: the required properties the shaping does not write (all of them for an unshaped kind).</summary>
    public IReadOnlyList<IReadOnlyList<PropertyDefinition>> UnwrittenKindProperties { get; }

    /// <summary>By type index: the required properties the shaping does not write (all of them for an unshaped type).</summary>
    public IReadOnlyList<IReadOnlyList<PropertyDefinition>> UnwrittenTypeProperties { get; }

    public IReadOnlyList<int> UnshapedKinds { get; }

    public IReadOnlyList<byte> UnshapedTypes { get; }

    /// <summary>TradeMeasure → "trade-measure".</summary>
    public static string KebabCase(string pascalCase) => Words(pascalCase).Replace(' ', '-').ToLowerInvariant();

    /// <summary>TradeMeasure → "Trade Measure".</summary>
    public static string Words(string pascalCase)
    {
        var text = new StringBuilder(pascalCase.Length + 4);
        foreach (var c in pascalCase)
        {
            if (text.Length > 0 && char.IsUpper(c))
            {
                text.Append(' ');
            }

            text.Append(c);
        }

        return text.ToString();
    }

    private static IReadOnlyList<PropertyDefinition> Unwritten(string owner, IReadOnlyList<PropertyDefinition> properties,
        HashSet<(string Owner, string Name)> written) => [.. properties.Where(p => p.Required && !written.Contains((owner, p.Name)))];

    private void CheckProperty(ShapedProperty shaped, List<string> problems)
    {
        var declared = FindProperty(shaped.Owner, shaped.Name);
        if (declared is null)
        {
            problems.Add($"{shaped.Owner}.{shaped.Name}, which the shaping writes, is not in the model.");
            return;
        }

        if (declared.Type != shaped.Type)
        {
            problems.Add($"{shaped.Owner}.{shaped.Name} is {declared.Type} in the model, but the shaping writes {shaped.Type}.");
            return;
        }

        if (shaped.Values is null || declared.EnumName is null)
        {
            return;
        }

        var values = Model.Enum(declared.EnumName).Values;
        var missing = shaped.Values.Where(v => !values.Contains(v)).ToList();
        if (missing.Count > 0)
        {
            problems.Add($"{shaped.Owner}.{shaped.Name} draws {string.Join(", ", missing)}, not a value of {declared.EnumName} in the model.");
        }
        else if (shaped.AllValuesInOrder && !values.SequenceEqual(shaped.Values))
        {
            problems.Add($"{shaped.Owner}.{shaped.Name} draws {declared.EnumName} by index as [{string.Join(", ", shaped.Values)}], " +
                $"but the model's values are [{string.Join(", ", values)}].");
        }
    }

    private IReadOnlyList<string>? EnumValuesOf(string owner, string property) =>
        FindProperty(owner, property)?.EnumName is { } name ? Model.Enum(name).Values : null;

    private PropertyDefinition? FindProperty(string owner, string property) =>
        Model.TryGetKind(owner, out var kind) ? kind.FindProperty(property)
        : Model.TryGetRelationship(owner, out var type) ? type.FindProperty(property)
        : null;
}
