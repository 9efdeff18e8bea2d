using TradeGraph.Core.Analytics;
using TradeGraph.Core.Model;

namespace TradeGraph.Storage.Sqlite;

/// <summary>
/// THE statements of the whole graph in and out (SqliteGraphStore.Exchange): the import's connection settings, the
/// export's read, the analytics topology and its stamp, statistics. The texts are those the store ran inline, byte for
/// byte. Pinned by golden tests (SqlStoreGoldenTests).
/// </summary>
internal sealed class SqlExchangeStatements(GraphModel model)
{
    /// <summary>For a large load: a larger page cache and statement journals in memory (given back by <see cref="DefaultCache"/>).</summary>
    public const string LargeLoadCache = "PRAGMA cache_size = -131072; PRAGMA temp_store = MEMORY";

    /// <summary>The connection's cache settings as the pool hands it out.</summary>
    public const string DefaultCache = "PRAGMA cache_size = -2000; PRAGMA temp_store = DEFAULT";

    private static readonly string GraphByTable = GraphText(relationshipsByKey: false);
    private static readonly string GraphByKey = GraphText(relationshipsByKey: true);

    private string? _topology;

    /// <summary>
    /// Two results: entities (<see cref="EntityColumns"/>) by key; relationships as type, from key, to key, then
    /// <see cref="RelationshipColumns"/>, by (type, from key, to key) when <paramref name="relationshipsByKey"/>, else in table order.
    /// </summary>
    public static string Graph(bool relationshipsByKey) => relationshipsByKey ? GraphByKey : GraphByTable;

    /// <summary>In the relationship rows of <see cref="Graph"/>: where <see cref="RelationshipColumns"/> start.</summary>
    public const int GraphRelationshipColumns = 3;

    /// <summary>One row of marks that change whenever the topology can (see SqliteGraphStore.TopologyStampAsync).</summary>
    public const string TopologyStamp = """
        SELECT (SELECT user_version FROM pragma_user_version),
               (SELECT coalesce(max(id), 0) FROM revisions),
               coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'bulk_loads'), 0),
               (SELECT coalesce(max(id), 0) FROM entities), (SELECT count(*) FROM entities),
               (SELECT coalesce(max(id), 0) FROM relationships), (SELECT count(*) FROM relationships)
        """;

    /// <summary>
    /// The topology read: kinds and types as their index in the model (no string per row), ends by row id, and the
    /// properties JSON only of kinds and types that have a property a topology needs (dates, numbers). Two results:
    /// entities (id, kind index, key, properties or NULL); relationships (type index, from id, to id, properties or NULL).
    /// </summary>
    public string Topology => _topology ??= $"""
        SELECT id, {Ordinal("kind", model.Kinds.Select(k => k.Name))}, key,
               {Needed("kind", model.Kinds.Where(k => GraphTopology.NeededProperties(k).Any()).Select(k => k.Name))} FROM entities;
        SELECT {Ordinal("type", model.RelationshipTypes.Select(t => t.Name))}, from_id, to_id,
               {Needed("type", model.RelationshipTypes.Where(t => GraphTopology.NeededProperties(t).Any()).Select(t => t.Name))} FROM relationships;
        """;

    /// <summary>1 when the store holds an entity, else 0.</summary>
    public const string HasEntities = "SELECT EXISTS (SELECT 1 FROM entities)";

    /// <summary>Two results: (kind, count) per kind; (type, count) per relationship type.</summary>
    public const string Statistics = """
        SELECT kind, COUNT(*) FROM entities GROUP BY kind;
        SELECT type, COUNT(*) FROM relationships GROUP BY type;
        """;

    private static string GraphText(bool relationshipsByKey) => $"""
        SELECT {EntityColumns.All} FROM entities e ORDER BY e.key;
        SELECT r.type, f.key, t.key, {RelationshipColumns.All} FROM relationships r
        JOIN entities f ON f.id = r.from_id JOIN entities t ON t.id = r.to_id{(relationshipsByKey ? " ORDER BY r.type, f.key, t.key" : "")};
        """;

    private static string Ordinal(string column, IEnumerable<string> names) =>
        $"CASE {column} {string.Concat(names.Select((name, i) => $"WHEN {Literal(name)} THEN {i} "))}END";

    private static string Needed(string column, IEnumerable<string> names) =>
        $"CASE WHEN {column} IN ({string.Join(", ", names.Select(Literal).DefaultIfEmpty("NULL"))}) THEN properties END";

    private static string Literal(string name) => "'" + name.Replace("'", "''", StringComparison.Ordinal) + "'";
}
