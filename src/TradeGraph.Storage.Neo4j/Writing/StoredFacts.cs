using System.Globalization;
using TradeGraph.Core.Exchange;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;
using TradeGraph.Core.Writing;
using TradeGraph.Storage.Neo4j.Cypher;
using TradeGraph.Storage.Neo4j.QueryApi;

namespace TradeGraph.Storage.Neo4j.Writing;

/// <summary>
/// The citations of one fact as Neo4j keeps them: three parallel lists, source keys, locators ("" for none) and notes
/// ("" for a stated citation). A citation is the (key, locator) pair; citing it again changes nothing unless the note
/// differs, and order of first citing is kept.
/// </summary>
internal sealed record Citations(IReadOnlyList<string> Keys, IReadOnlyList<string> Locators, IReadOnlyList<string> Notes)
{
    public static Citations None { get; } = new([], [], []);

    public int Count => Keys.Count;

    public static Citations From(IReadOnlyDictionary<string, object?> properties)
    {
        var keys = FactValues.Strings(properties.GetValueOrDefault(WriteStatements.SourceKeysProperty));
        var locators = FactValues.Strings(properties.GetValueOrDefault(WriteStatements.SourceLocatorsProperty));
        var notes = FactValues.Strings(properties.GetValueOrDefault(WriteStatements.SourceNotesProperty));
        // The lists are written together; should they ever differ in length, the pairs that exist are the citations.
        // A fact written before notes has none: its citations are stated.
        var count = Math.Min(keys.Count, locators.Count);
        return new Citations([.. keys.Take(count)], [.. locators.Take(count)], [.. Enumerable.Range(0, count).Select(i => i < notes.Count ? notes[i] : "")]);
    }

    /// <summary>The lists of <paramref name="citations"/>, in their order.</summary>
    public static Citations Of(IReadOnlyList<SourceReference> citations) =>
        new([.. citations.Select(c => c.Source)], [.. citations.Select(Neo4jLayout.StoredLocator)], [.. citations.Select(Neo4jLayout.StoredNote)]);

    /// <summary>The citations in the order kept (first cited first), as a write merges them.</summary>
    public IReadOnlyList<SourceReference> InOrder() =>
        [.. Keys.Select((key, i) => Neo4jLayout.Citation(key, Locators[i], Notes[i]))];

    /// <summary>With <paramref name="source"/> cited: added when new, its note set when it differs; Changed says whether either happened.</summary>
    public (Citations Citations, bool Changed) Cite(SourceReference source)
    {
        var locator = Neo4jLayout.StoredLocator(source);
        var note = Neo4jLayout.StoredNote(source);
        for (var i = 0; i < Keys.Count; i++)
        {
            if (Keys[i] == source.Source && Locators[i] == locator)
            {
                return Notes[i] == note ? (this, false) : (this with { Notes = [.. Notes.Take(i), note, .. Notes.Skip(i + 1)] }, true);
            }
        }

        return (new([.. Keys, source.Source], [.. Locators, locator], [.. Notes, note]), true);
    }

    /// <summary>As the stores return them: by source key, then locator (shorter first, so ¶2 before ¶12); "" reads as no locator, or no note.</summary>
    public IReadOnlyList<SourceReference> ToSources() =>
        [.. InOrder()
            .OrderBy(s => s.Source, StringComparer.Ordinal).ThenBy(s => s.Locator?.Length).ThenBy(s => s.Locator, StringComparer.Ordinal)];
}

/// <summary>An entity's node as stored: its kind (from its labels), fields, declared properties as CLR values and citations.</summary>
internal sealed record StoredNode(
    EntityKind Kind,
    string Key,
    string Name,
    IReadOnlyList<string> Aliases,
    string? Description,
    IReadOnlyDictionary<string, object?> Properties,
    Citations Citations,
    string? AliasesText,
    SearchText? Search = null)
{
    public Entity ToEntity() => new(Kind.Name, Key, Name, Aliases, Description, Properties, Citations.ToSources());

    /// <summary>The fields history compares.</summary>
    public EntityFields Fields => new(Name, Aliases, Description, Properties);
}

/// <summary>The words the full-text index holds for a node (<see cref="TextFolding.IndexedWords"/>), field by field; null where there is none.</summary>
internal sealed record SearchText(string? Name, string? Aliases, string? Description)
{
    public static SearchText Of(string name, IReadOnlyList<string> aliases, string? description) =>
        new(TextFolding.IndexedWords([name]), TextFolding.IndexedWords(aliases), TextFolding.IndexedWords([description]));

    public static SearchText Read(IReadOnlyDictionary<string, object?> map) => new(
        map.GetValueOrDefault(StoreNames.Of(StoreProperty.SearchName)) as string,
        map.GetValueOrDefault(StoreNames.Of(StoreProperty.SearchAliases)) as string,
        map.GetValueOrDefault(StoreNames.Of(StoreProperty.SearchDescription)) as string);

    /// <summary>As entries of a node's property map (a null removes the property).</summary>
    public void AddTo(IDictionary<string, object?> map)
    {
        map[StoreNames.Of(StoreProperty.SearchName)] = Name;
        map[StoreNames.Of(StoreProperty.SearchAliases)] = Aliases;
        map[StoreNames.Of(StoreProperty.SearchDescription)] = Description;
    }
}

/// <summary>A relationship as stored: its declared properties as CLR values and citations.</summary>
internal sealed record StoredRelationship(RelationshipType Type, string From, string To, IReadOnlyDictionary<string, object?> Properties, Citations Citations)
{
    public Relationship ToRelationship() => new(Type.Name, From, To, Properties, Citations.ToSources());

    /// <summary>Without citations, as the SQLite store reports a relationship a delete removed.</summary>
    public Relationship WithoutSources() => new(Type.Name, From, To, Properties, []);
}

/// <summary>
/// Between the graph's CLR values and Neo4j's: node and relationship property maps as the store writes them (the
/// shape <see cref="Core.Exchange.CypherWriter"/> exports), and rows read back from the query runner.
/// </summary>
internal static class FactValues
{
    /// <summary>The node's properties for <c>SET n += $properties</c>: every field the store manages, null removing it.</summary>
    public static Dictionary<string, object?> NodeProperties(EntityKind kind, string name, IReadOnlyList<string> aliases, string? description,
        IReadOnlyDictionary<string, object?> properties, Citations citations)
    {
        var map = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["name"] = name,
            ["aliases"] = aliases.ToArray(),
            [WriteStatements.AliasesTextProperty] = AliasesText(aliases),
            ["description"] = description,
        };
        SearchText.Of(name, aliases, description).AddTo(map);
        foreach (var property in kind.Properties)
        {
            map[property.Name] = properties.GetValueOrDefault(property.Name);
        }

        map[WriteStatements.SourceKeysProperty] = citations.Keys.ToArray();
        map[WriteStatements.SourceLocatorsProperty] = citations.Locators.ToArray();
        map[WriteStatements.SourceNotesProperty] = citations.Notes.ToArray();
        return map;
    }

    public static Dictionary<string, object?> RelationshipProperties(RelationshipType type, IReadOnlyDictionary<string, object?> properties, Citations citations)
    {
        var map = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in type.Properties)
        {
            map[property.Name] = properties.GetValueOrDefault(property.Name);
        }

        map[WriteStatements.SourceKeysProperty] = citations.Keys.ToArray();
        map[WriteStatements.SourceLocatorsProperty] = citations.Locators.ToArray();
        map[WriteStatements.SourceNotesProperty] = citations.Notes.ToArray();
        return map;
    }

    /// <summary>The aliases as one text, a line each, for the full-text index.</summary>
    public static string AliasesText(IReadOnlyList<string> aliases) => string.Join("\n", aliases);

    /// <summary>A node from a row's labels and properties; its kind is the label the model declares.</summary>
    public static StoredNode ReadNode(GraphModel model, object? labels, object? properties)
    {
        var map = Map(properties);
        var key = (string)map["key"]!;
        var kind = Strings(labels).Select(label => model.TryGetKind(label, out var k) ? k : null).FirstOrDefault(k => k is not null)
            ?? throw new InvalidOperationException($"The node '{key}' has no label of an entity kind ({string.Join(", ", Strings(labels))}).");
        return new StoredNode(kind, key, map.GetValueOrDefault("name") as string ?? "", Strings(map.GetValueOrDefault("aliases")),
            map.GetValueOrDefault("description") as string, ReadProperties(kind.Properties, map), Citations.From(map),
            map.GetValueOrDefault(WriteStatements.AliasesTextProperty) as string, SearchText.Read(map));
    }

    /// <summary>The nodes of a result with columns labels and properties (as <see cref="WriteStatements.FindNodes"/> returns them).</summary>
    public static IEnumerable<StoredNode> ReadNodes(GraphModel model, QueryResult result) =>
        result.Rows.Count == 0 ? [] : result.Rows.Select(row => ReadNode(model, row[result.IndexOf("labels")], row[result.IndexOf("properties")]));

    /// <summary>The relationships of one type in a result with columns from, to and properties.</summary>
    public static IEnumerable<StoredRelationship> ReadRelationships(RelationshipType type, QueryResult result) =>
        result.Rows.Count == 0
            ? []
            : result.Rows.Select(row => ReadRelationship(type, row[result.IndexOf("from")], row[result.IndexOf("to")], row[result.IndexOf("properties")]));

    public static StoredRelationship ReadRelationship(RelationshipType type, object? from, object? to, object? properties)
    {
        var map = Map(properties);
        return new StoredRelationship(type, (string)from!, (string)to!, ReadProperties(type.Properties, map), Citations.From(map));
    }

    /// <summary>The declared properties that have a value, in declaration order, as the types the model declares.</summary>
    public static IReadOnlyDictionary<string, object?> ReadProperties(IReadOnlyList<PropertyDefinition> declared, IReadOnlyDictionary<string, object?> stored)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in declared)
        {
            if (stored.GetValueOrDefault(property.Name) is { } value)
            {
                result[property.Name] = ReadValue(property, value);
            }
        }

        return result.Count == 0 ? PropertyValues.EmptyProperties : result;
    }

    public static IReadOnlyDictionary<string, object?> Map(object? value) => value switch
    {
        IReadOnlyDictionary<string, object?> map => map,
        null => PropertyValues.EmptyProperties,
        _ => throw new InvalidOperationException($"Expected a map from Neo4j, got {value.GetType().Name}."),
    };

    public static IReadOnlyList<string> Strings(object? value) => value switch
    {
        null => [],
        IReadOnlyList<string> strings => strings,
        IEnumerable<object?> items => [.. items.Select(i => i as string ?? throw new InvalidOperationException($"Expected a list of strings from Neo4j, got {i?.GetType().Name ?? "null"} in it."))],
        _ => throw new InvalidOperationException($"Expected a list from Neo4j, got {value.GetType().Name}."),
    };

    /// <summary>A stored value as the declared type; a number may arrive as the other numeric type (plain JSON does not tell them apart).</summary>
    private static object ReadValue(PropertyDefinition property, object value) => (property.Type, value) switch
    {
        (PropertyType.Int, long l) => l,
        (PropertyType.Int, int i) => (long)i,
        (PropertyType.Int, double d) when d == Math.Floor(d) => (long)d,
        (PropertyType.Float, double d) => d,
        (PropertyType.Float, long l) => (double)l,
        (PropertyType.Float, int i) => (double)i,
        (PropertyType.Boolean, bool b) => b,
        (PropertyType.Date, DateOnly date) => date,
        (PropertyType.Date, string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture),
        (PropertyType.String or PropertyType.Enum, string text) => text,
        _ => throw new InvalidOperationException(
            $"Neo4j holds a {value.GetType().Name} in '{property.Name}', which the model declares {PropertyValues.Describe(property)}."),
    };
}
