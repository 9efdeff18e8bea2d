using TradeGraph.Core.Graph;

namespace TradeGraph.Core.Storage.InMemory;

/// <summary>
/// Makes the facts the read model keeps small: repeated strings (kinds, types, property names, enum values, source
/// keys, locators), boxed values, citations, citation lists, property shapes and whole property maps are held once and
/// shared; facts
/// without properties or citations share one empty map and one empty list. Not thread-safe: used while building a
/// model or under its write lock.
/// </summary>
internal sealed class FactInterner(EdgeTables tables)
{
    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);
    private readonly Dictionary<object, object> _boxes = [];
    private readonly Dictionary<(string, string?, string?), SourceReference> _citations = [];
    private readonly Dictionary<SourceReference, SourceReference[]> _singleCitations = [];
    private readonly Dictionary<string, PropertyShape> _shapes = new(StringComparer.Ordinal);
    private readonly Dictionary<CompactProperties, CompactProperties> _maps = new(CompactProperties.SameValues);
    // What a relationship carries, by its interned parts, as its number in the model's edge tables.
    private readonly Dictionary<(object, object), int> _relationshipFacts = [];

    public string String(string text)
    {
        if (!_strings.TryGetValue(text, out var interned))
        {
            _strings[text] = interned = text;
        }

        return interned;
    }

    public Entity Entity(Entity entity) => new(
        String(entity.Kind),
        SharedKeys.Share(entity.Key),
        entity.Name,
        // A plain array: a collection expression typed as IReadOnlyList wraps it in one more object per entity.
        entity.Aliases.Count == 0 ? [] : entity.Aliases.ToArray(),
        entity.Description,
        Properties(entity.Properties),
        Citations(entity.Sources));

    /// <summary>
    /// The number (in the model's edge tables) of what a relationship carries, shared with every relationship carrying the
    /// same (interned) properties and citations.
    /// </summary>
    public int Relationship(Relationship relationship) => Facts(Properties(relationship.Properties), Citations(relationship.Sources));

    /// <summary>The number of the facts with these properties and citations, made and numbered on first use.</summary>
    public int Facts(IReadOnlyDictionary<string, object?> properties, IReadOnlyList<SourceReference> sources)
    {
        // Both parts are interned already: the pair is found by reference.
        if (!_relationshipFacts.TryGetValue((properties, sources), out var number))
        {
            _relationshipFacts[(properties, sources)] = number = tables.Add(new RelationshipFacts(properties, sources));
        }

        return number;
    }

    public IReadOnlyDictionary<string, object?> Properties(IReadOnlyDictionary<string, object?> properties)
    {
        if (properties.Count == 0)
        {
            return PropertyValues.EmptyProperties;
        }

        var names = new string[properties.Count];
        var values = new object?[properties.Count];
        var i = 0;
        foreach (var (name, value) in properties)
        {
            names[i] = String(name);
            values[i++] = Value(value);
        }

        var signature = string.Join('\u001f', names);
        if (!_shapes.TryGetValue(signature, out var shape))
        {
            _shapes[signature] = shape = new PropertyShape(names);
        }

        // Most relationships of a type carry one of a few maps (a role, a count): one map per distinct set of values.
        var map = new CompactProperties(shape, values);
        if (!_maps.TryGetValue(map, out var shared))
        {
            _maps[map] = shared = map;
        }

        return shared;
    }

    public IReadOnlyList<SourceReference> Citations(IReadOnlyList<SourceReference> sources)
    {
        switch (sources.Count)
        {
            case 0:
                return [];
            case 1:
                var citation = Citation(sources[0]);
                if (!_singleCitations.TryGetValue(citation, out var single))
                {
                    _singleCitations[citation] = single = [citation];
                }

                return single;
            default:
                return [.. sources.Select(Citation)];
        }
    }

    private SourceReference Citation(SourceReference source)
    {
        var id = (source.Source, source.Locator, source.Note);
        if (!_citations.TryGetValue(id, out var citation))
        {
            _citations[id] = citation = SourceReference.Stored(String(source.Source), source.Locator is null ? null : String(source.Locator),
                source.Note is null ? null : String(source.Note));
        }

        return citation;
    }

    private object? Value(object? value)
    {
        switch (value)
        {
            case null:
                return null;
            case string text:
                return String(text);
            default:
                if (!_boxes.TryGetValue(value, out var box))
                {
                    _boxes[value] = box = value;
                }

                return box;
        }
    }
}
