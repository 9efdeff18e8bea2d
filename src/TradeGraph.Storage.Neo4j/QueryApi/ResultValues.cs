using System.Collections;
using System.Globalization;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;
using TradeGraph.Storage.Neo4j.Cypher;

namespace TradeGraph.Storage.Neo4j.QueryApi;

/// <summary>
/// Makes model records from the decoded values a statement returned, exactly as the SQLite store reads its rows:
/// declared properties as CLR values (long for Int, double for Float, DateOnly for Date, enum names as strings; absent
/// ones left out), citations from the parallel sourceKeys / sourceLocators / sourceNotes lists ("" is no locator, or no note: stated), each once, ordered
/// by source key, then locator (none first, shorter first).
/// </summary>
internal static class ResultValues
{
    public static Entity Entity(GraphModel model, object? labels, object? properties)
    {
        var map = Map(properties);
        var kind = KindOf(model, List(labels));
        return new Entity(
            kind.Name,
            Text(map, StoreProperty.Key) ?? throw new InvalidOperationException("A stored entity has no key."),
            Text(map, StoreProperty.Name) ?? "",
            [.. List(map.GetValueOrDefault(StoreNames.Of(StoreProperty.Aliases))).Select(a => Convert.ToString(a, CultureInfo.InvariantCulture) ?? "")],
            Text(map, StoreProperty.Description),
            Declared(kind.Properties, map),
            Sources(map));
    }

    public static Relationship Relationship(RelationshipType type, string from, string to, object? properties)
    {
        var map = Map(properties);
        return new Relationship(type.Name, from, to, Declared(type.Properties, map), Sources(map));
    }

    /// <summary>The kind a node's labels name: the one label that is a model kind (the Entity label is not).</summary>
    public static EntityKind KindOf(GraphModel model, IReadOnlyList<object?> labels)
    {
        foreach (var label in labels.OfType<string>())
        {
            if (model.TryGetKind(label, out var kind))
            {
                return kind;
            }
        }

        throw new InvalidOperationException($"A node labelled {string.Join(":", labels)} is not of any kind of the model.");
    }

    /// <summary>Citations from the parallel lists, as SqliteGraphStore.ReadSources orders them, each (source, locator) once.</summary>
    public static SourceReference[] Sources(IReadOnlyDictionary<string, object?> map) => Sources(
        map.GetValueOrDefault(StoreNames.Of(StoreProperty.SourceKeys)), map.GetValueOrDefault(StoreNames.Of(StoreProperty.SourceLocators)),
        map.GetValueOrDefault(StoreNames.Of(StoreProperty.SourceNotes)));

    /// <summary>Citations from the parallel lists; a fact written before notes has no notes list, and its citations are stated.</summary>
    public static SourceReference[] Sources(object? keys, object? locators, object? notes)
    {
        var keyList = List(keys);
        var locatorList = List(locators);
        var noteList = List(notes);
        return [.. keyList.Select((key, i) => SourceReference.Stored(
                Convert.ToString(key, CultureInfo.InvariantCulture) ?? "",
                i < locatorList.Count && locatorList[i] is string { Length: > 0 } locator ? locator : null,
                i < noteList.Count && noteList[i] is string { Length: > 0 } note ? note : null))
            .Distinct()
            .OrderBy(s => s.Source, StringComparer.Ordinal).ThenBy(s => s.Locator?.Length).ThenBy(s => s.Locator, StringComparer.Ordinal)];
    }

    /// <summary>The declared properties that have a value, in their CLR type.</summary>
    public static IReadOnlyDictionary<string, object?> Declared(IReadOnlyList<PropertyDefinition> declared, IReadOnlyDictionary<string, object?> stored)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in declared)
        {
            if (stored.GetValueOrDefault(property.Name) is { } value)
            {
                result[property.Name] = Clr(property, value);
            }
        }

        return result.Count == 0 ? PropertyValues.EmptyProperties : result;
    }

    /// <summary>A stored value in the CLR type of its property (a whole float may come back as an integer, a date as text).</summary>
    public static object? Clr(PropertyDefinition property, object? value) => (property.Type, value) switch
    {
        (_, null) => null,
        (PropertyType.Int, long or int or double) => Convert.ToInt64(value, CultureInfo.InvariantCulture),
        (PropertyType.Float, long or int or double or float) => Convert.ToDouble(value, CultureInfo.InvariantCulture),
        (PropertyType.Date, DateOnly) => value,
        (PropertyType.Date, DateTime time) => DateOnly.FromDateTime(time),
        (PropertyType.Date, string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture),
        (PropertyType.Boolean, bool) => value,
        (PropertyType.String or PropertyType.Enum, string) => value,
        _ => throw new InvalidOperationException($"Property '{property.Name}' holds a {value.GetType().Name}, not {PropertyValues.Describe(property)}."),
    };

    public static IReadOnlyDictionary<string, object?> Map(object? value) => value switch
    {
        null => PropertyValues.EmptyProperties,
        IReadOnlyDictionary<string, object?> map => map,
        IDictionary dictionary => dictionary.Keys.Cast<object>().ToDictionary(k => (string)k, k => dictionary[k], StringComparer.Ordinal),
        _ => throw new InvalidOperationException($"Expected a map, got a {value.GetType().Name}."),
    };

    public static IReadOnlyList<object?> List(object? value) => value switch
    {
        null => [],
        IReadOnlyList<object?> list => list,
        string => throw new InvalidOperationException("Expected a list, got a string."),
        IEnumerable items => [.. items.Cast<object?>()],
        _ => throw new InvalidOperationException($"Expected a list, got a {value.GetType().Name}."),
    };

    public static long Long(object? value) => Convert.ToInt64(value, CultureInfo.InvariantCulture);

    public static bool Bool(object? value) => value is true;

    public static string? Text(IReadOnlyDictionary<string, object?> map, StoreProperty property) =>
        map.GetValueOrDefault(StoreNames.Of(property)) as string;
}
