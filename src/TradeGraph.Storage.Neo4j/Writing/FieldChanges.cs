using System.Text.Encodings.Web;
using System.Text.Json;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;
using TradeGraph.Core.Writing;

namespace TradeGraph.Storage.Neo4j.Writing;

/// <summary>
/// What a change did to each field, as history keeps it: the field's JSON before and after. The same rules and the same
/// JSON text as the SQLite store, so a fact's history reads alike whichever store wrote it.
/// </summary>
internal static class FieldChanges
{
    private static readonly JsonWriterOptions ValueOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The fields whose JSON differs between the stored entity (null: none yet) and the new values (null name: deleted).</summary>
    public static List<FieldChange> OfEntity(EntityKind kind, StoredNode? stored, string? name, IReadOnlyList<string>? aliases, string? description,
        IReadOnlyDictionary<string, object?>? properties)
    {
        var changes = new List<FieldChange>();
        var deleted = name is null;
        Add(kind.NameField, Json(stored?.Name), Json(name));
        Add("aliases", stored is null ? null : JsonSerializer.Serialize(stored.Aliases), deleted ? null : JsonSerializer.Serialize(aliases));
        Add("description", Json(stored?.Description), Json(description));
        foreach (var property in kind.Properties)
        {
            Add(property.Name, Json(stored?.Properties.GetValueOrDefault(property.Name)), Json(properties?.GetValueOrDefault(property.Name)));
        }

        return changes;

        void Add(string field, string? previous, string? current)
        {
            if (previous != current)
            {
                changes.Add(new FieldChange(field, previous, current));
            }
        }
    }

    public static List<FieldChange> OfRelationship(RelationshipType type, IReadOnlyDictionary<string, object?>? before, IReadOnlyDictionary<string, object?>? after) =>
        [.. type.Properties
            .Select(p => new FieldChange(p.Name, Json(before?.GetValueOrDefault(p.Name)), Json(after?.GetValueOrDefault(p.Name))))
            .Where(c => c.Previous != c.Current)];

    /// <summary>The changes as history stores them: [[field, previous, current], …].</summary>
    public static string ToJson(IEnumerable<FieldChange> changes) => JsonSerializer.Serialize(changes.Select(c => new[] { c.Field, c.Previous, c.Current }));

    /// <summary>A value as JSON text; null stays null so "absent" and "cleared" read alike.</summary>
    public static string? Json(object? value)
    {
        if (value is null)
        {
            return null;
        }

        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, ValueOptions))
        {
            PropertyValues.WriteJson(writer, value);
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
