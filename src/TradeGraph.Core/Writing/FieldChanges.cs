using System.Text.Encodings.Web;
using System.Text.Json;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;

namespace TradeGraph.Core.Writing;

/// <summary>
/// What a change did to each field, as history keeps it: the field's JSON before and after. One implementation for
/// every store, so a fact's history reads alike whichever store wrote it.
/// </summary>
public static class FieldChanges
{
    private static readonly JsonWriterOptions ValueOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The fields whose JSON differs between <paramref name="before"/> (null: new) and <paramref name="after"/> (null: deleted).</summary>
    public static List<FieldChange> OfEntity(EntityKind kind, EntityFields? before, EntityFields? after)
    {
        var changes = new List<FieldChange>();
        Add(kind.NameField, Json(before?.Name), Json(after?.Name));
        Add("aliases", before is null ? null : JsonSerializer.Serialize(before.Aliases), after is null ? null : JsonSerializer.Serialize(after.Aliases));
        Add("description", Json(before?.Description), Json(after?.Description));
        foreach (var property in kind.Properties)
        {
            Add(property.Name, Json(before?.Properties.GetValueOrDefault(property.Name)), Json(after?.Properties.GetValueOrDefault(property.Name)));
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

    /// <summary>The relationship properties whose JSON differs between <paramref name="before"/> and <paramref name="after"/>.</summary>
    public static List<FieldChange> OfRelationship(RelationshipType type, IReadOnlyDictionary<string, object?>? before, IReadOnlyDictionary<string, object?>? after) =>
        [.. type.Properties
            .Select(p => new FieldChange(p.Name, Json(before?.GetValueOrDefault(p.Name)), Json(after?.GetValueOrDefault(p.Name))))
            .Where(c => c.Previous != c.Current)];

    /// <summary>
    /// What a detaching delete of a Source does to a fact that cited it: one change per removed citation, the field
    /// <c>citation</c> going from ["source", "locator"] to null, so the fact's history says which evidence went.
    /// </summary>
    public static List<FieldChange> OfRemovedCitations(IEnumerable<SourceReference> removed) =>
        [.. removed.Select(c => new FieldChange("citation", JsonSerializer.Serialize(new[] { c.Source, c.Locator ?? "" }), null))];

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
