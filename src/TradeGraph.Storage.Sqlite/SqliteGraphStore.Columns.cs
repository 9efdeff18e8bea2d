using System.Text.Json;
using Microsoft.Data.Sqlite;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;
using TradeGraph.Core.Querying;

namespace TradeGraph.Storage.Sqlite;

/// <summary>
/// How a row of <see cref="EntityColumns"/> (and the walked relationship's <see cref="RelationshipColumns"/>) becomes
/// records: a part the read did not ask for comes back empty.
/// </summary>
public sealed partial class SqliteGraphStore
{
    /// <summary>Reads the entity columns starting at <paramref name="offset"/>; the parts not asked for are empty.</summary>
    private Entity ReadEntity(SqliteDataReader reader, int offset, EntityParts parts = EntityParts.All)
    {
        var kind = _model.Kind(reader.GetString(offset + EntityColumns.Kind));
        return new Entity(
            kind.Name,
            reader.GetString(offset + EntityColumns.Key),
            reader.GetString(offset + EntityColumns.Name),
            parts.HasFlag(EntityParts.Aliases) ? JsonSerializer.Deserialize<string[]>(reader.GetString(offset + EntityColumns.Aliases)) ?? [] : [],
            reader.IsDBNull(offset + EntityColumns.Description) ? null : reader.GetString(offset + EntityColumns.Description),
            parts.HasFlag(EntityParts.Properties) ? PropertyValues.FromStoredJson(kind.Properties, reader.GetString(offset + EntityColumns.Properties), _model) : PropertyValues.EmptyProperties,
            parts.HasFlag(EntityParts.Sources) ? ReadSources(reader, offset + EntityColumns.Sources) : []);
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
