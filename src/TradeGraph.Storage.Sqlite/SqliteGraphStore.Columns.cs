using System.Text.Json;
using Microsoft.Data.Sqlite;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;
using TradeGraph.Core.Querying;

namespace TradeGraph.Storage.Sqlite;

/// <summary>
/// The columns that make an Entity and the relationship a related read walked, and how a row becomes records. A read
/// names the <see cref="EntityParts"/> it needs: a part not asked for is a NULL column (no citation subquery, no JSON
/// parsed) and comes back empty; the column positions stay the same whatever is asked.
/// </summary>
public sealed partial class SqliteGraphStore
{
    private const string EntitySourcesColumn = """
        (SELECT json_group_array(json_array(s.key, c.locator, c.note)) FROM citations c JOIN entities s ON s.id = c.source_id
         WHERE c.fact = 'E' AND c.fact_id = e.id)
        """;

    private const string RelationshipSourcesColumn = """
        (SELECT json_group_array(json_array(s.key, c.locator, c.note)) FROM citations c JOIN entities s ON s.id = c.source_id
         WHERE c.fact = 'R' AND c.fact_id = r.id)
        """;

    // One text per combination of parts, built once: the statement text of a read stays the same for SQLite's statement cache.
    private static readonly string[] EntityColumnTexts = [.. Enumerable.Range(0, (int)EntityParts.All + 1).Select(p => BuildEntityColumns((EntityParts)p))];

    private static readonly string[] RelationshipColumnTexts = [.. Enumerable.Range(0, (int)EntityParts.All + 1).Select(p => BuildRelationshipColumns((EntityParts)p))];

    // Whole entities, citations folded in as a JSON array so one statement returns them (writes and export read these).
    private static string EntityColumns => EntityColumnsFor(EntityParts.All);

    private static string RelationshipColumns => RelationshipColumnsFor(EntityParts.All);

    /// <summary>kind, key, name, description, aliases, properties, sources: the parts not asked for as NULL.</summary>
    private static string EntityColumnsFor(EntityParts parts) => EntityColumnTexts[(int)(parts & EntityParts.All)];

    /// <summary>relationship properties, relationship sources: the parts not asked for as NULL.</summary>
    private static string RelationshipColumnsFor(EntityParts parts) => RelationshipColumnTexts[(int)(parts & EntityParts.All)];

    private static string BuildEntityColumns(EntityParts parts) => string.Join(", ",
        "e.kind", "e.key", "e.name",
        parts.HasFlag(EntityParts.Description) ? "e.description" : "NULL",
        parts.HasFlag(EntityParts.Aliases) ? "e.aliases" : "NULL",
        parts.HasFlag(EntityParts.Properties) ? "e.properties" : "NULL",
        (parts.HasFlag(EntityParts.Sources) ? EntitySourcesColumn : "NULL") + " AS sources");

    private static string BuildRelationshipColumns(EntityParts parts) => string.Join(", ",
        parts.HasFlag(EntityParts.RelationshipProperties) ? "r.properties" : "NULL",
        (parts.HasFlag(EntityParts.RelationshipSources) ? RelationshipSourcesColumn : "NULL") + " AS relationship_sources");

    /// <summary>Reads the entity columns starting at <paramref name="offset"/>; the parts not asked for are empty.</summary>
    private Entity ReadEntity(SqliteDataReader reader, int offset, EntityParts parts = EntityParts.All)
    {
        var kind = _model.Kind(reader.GetString(offset));
        return new Entity(
            kind.Name,
            reader.GetString(offset + 1),
            reader.GetString(offset + 2),
            parts.HasFlag(EntityParts.Aliases) ? JsonSerializer.Deserialize<string[]>(reader.GetString(offset + 4)) ?? [] : [],
            reader.IsDBNull(offset + 3) ? null : reader.GetString(offset + 3),
            parts.HasFlag(EntityParts.Properties) ? PropertyValues.FromStoredJson(kind.Properties, reader.GetString(offset + 5), _model) : PropertyValues.EmptyProperties,
            parts.HasFlag(EntityParts.Sources) ? ReadSources(reader, offset + 6) : []);
    }

    private IReadOnlyDictionary<string, object?> ReadRelationshipProperties(SqliteDataReader reader, int ordinal, RelationshipType type, EntityParts parts) =>
        parts.HasFlag(EntityParts.RelationshipProperties) ? PropertyValues.FromStoredJson(type.Properties, reader.GetString(ordinal), _model) : PropertyValues.EmptyProperties;


    private static SourceReference[] ReadSources(SqliteDataReader reader, int ordinal)
    {
        var pairs = JsonSerializer.Deserialize<string?[][]>(reader.GetString(ordinal)) ?? [];
        // Every entity read comes through here: a loop and one sort, not a LINQ OrderBy chain (its sorter, key arrays
        // and iterators were a tenth of the nested workload's allocations).
        var sources = new SourceReference[pairs.Length];
        for (var i = 0; i < pairs.Length; i++)
        {
            // [key, locator ("" for none), note (null when stated)]; history written before notes has no third item.
            var citation = pairs[i];
            sources[i] = SourceReference.Stored(citation[0]!, citation[1] is { Length: > 0 } locator ? locator : null, citation.Length > 2 ? citation[2] : null);
        }

        Array.Sort(sources, SourceOrder);
        return sources;
    }

    /// <summary>By source key, then locator: none first, then shorter first (¶2 before ¶10), then ordinal.</summary>
    private static readonly Comparison<SourceReference> SourceOrder = (a, b) =>
    {
        var bySource = string.CompareOrdinal(a.Source, b.Source);
        if (bySource != 0)
        {
            return bySource;
        }

        var byLength = Nullable.Compare(a.Locator?.Length, b.Locator?.Length);
        return byLength != 0 ? byLength : string.CompareOrdinal(a.Locator, b.Locator);
    };
}
