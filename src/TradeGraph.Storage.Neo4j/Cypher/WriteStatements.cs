using TradeGraph.Core.Exchange;
using TradeGraph.Core.Model;
using TradeGraph.Core.Writing;
using TradeGraph.Storage.Neo4j.QueryApi;

namespace TradeGraph.Storage.Neo4j.Cypher;

/// <summary>
/// Every Cypher statement the write side (import, writes, history) runs, its text derived once from the model. A text
/// holds only names (through <see cref="CypherNames"/>) and the store's own constants; every value is a parameter, so a
/// text is the same for every call of its kind or type and Neo4j reuses its plan.
/// </summary>
internal sealed class WriteStatements
{
    /// <summary>The store's bookkeeping nodes: the schema version, the revision counter, the writers' lock.</summary>
    public const string MetaLabel = "_TGMeta";

    /// <summary>One node per change of a fact: the history, kept apart from the graph it describes.</summary>
    public const string HistoryLabel = "_TGHistory";

    /// <summary>Derived from the aliases on every node the store writes, for the full-text index (lists cannot be indexed).</summary>
    public const string AliasesTextProperty = "aliasesText";

    public const string SourceKeysProperty = Neo4jLayout.SourceKeysProperty;

    public const string SourceLocatorsProperty = Neo4jLayout.SourceLocatorsProperty;

    public const string SourceNotesProperty = Neo4jLayout.SourceNotesProperty;

    /// <summary>On the writer lock node: how many write transactions have committed.</summary>
    public const string CommitsProperty = "commits";

    private readonly string _findNodes;
    private readonly string _citationCount;
    private readonly string _stripNodeCitations;
    private readonly string _stripRelationshipCitations;
    private readonly string _citingFacts;
    private readonly Dictionary<string, KindTexts> _kinds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TypeTexts> _types = new(StringComparer.Ordinal);

    private sealed record KindTexts(string UpsertNodes, string RelationshipsOf, string DeleteNode);

    private sealed record TypeTexts(string MergeRelationships, string LoadRelationships, string State, string Disconnect,
        string OutgoingSingleEnd, string IncomingSingleEnd);

    public WriteStatements(GraphModel model)
    {
        // A key is unique across the graph, but an index seek needs a label: every node carries :Entity or is of a kind
        // that is not an entity (Source), so probing those few labels finds any key through the key constraints.
        KeyLabels = [.. (model.Kinds.Any(k => k.IsEntity) ? [CypherNames.EntityLabel] : Array.Empty<string>())
            .Concat(model.Kinds.Where(k => !k.IsEntity).Select(k => k.Name))];
        var probes = KeyLabels.Select((label, i) => $"OPTIONAL MATCH (n{i}:{CypherNames.Escape(label)} {{key: key}})");
        _findNodes = $"""
            UNWIND $keys AS key
            {string.Join("\n", probes)}
            WITH key, coalesce({string.Join(", ", KeyLabels.Select((_, i) => $"n{i}"))}) AS n
            WHERE n IS NOT NULL
            RETURN key, labels(n) AS labels, {Cypher.NodeProperties("n")} AS properties
            """;

        // Citations live in lists, which no index covers: counting or removing those of one source reads every fact.
        // Only deleting a Source needs it.
        var isFact = string.Join(" OR ", KeyLabels.Select(label => $"f:{CypherNames.Escape(label)}"));
        _citationCount = $"""
            OPTIONAL MATCH (f) WHERE ({isFact}) AND $key IN f.{SourceKeysProperty}
            WITH sum(size([k IN f.{SourceKeysProperty} WHERE k = $key])) AS onNodes
            OPTIONAL MATCH ()-[g]->() WHERE $key IN g.{SourceKeysProperty}
            RETURN onNodes + sum(size([k IN g.{SourceKeysProperty} WHERE k = $key])) AS citations
            """;
        _stripNodeCitations = StripCitations($"MATCH (f) WHERE ({isFact}) AND $key IN f.{SourceKeysProperty}");
        _stripRelationshipCitations = StripCitations($"MATCH ()-[f]->() WHERE $key IN f.{SourceKeysProperty}");
        var locators = $"[i IN range(0, size(f.{SourceKeysProperty}) - 1) WHERE f.{SourceKeysProperty}[i] = $key | f.{SourceLocatorsProperty}[i]]";
        _citingFacts = $"""
            MATCH (f) WHERE ({isFact}) AND $key IN f.{SourceKeysProperty} AND f.key <> $key
            UNWIND {locators} AS locator
            RETURN null AS type, f.key AS from, null AS to, locator
            UNION ALL
            MATCH (a)-[f]->(b) WHERE $key IN f.{SourceKeysProperty} AND a.key <> $key AND b.key <> $key
            UNWIND {locators} AS locator
            RETURN type(f) AS type, a.key AS from, b.key AS to, locator
            """;

        foreach (var kind in model.Kinds)
        {
            var label = CypherNames.Label(kind);
            _kinds[kind.Name] = new KindTexts(
                kind.IsEntity ? UpsertEntities(label) : $$"""
                UNWIND $rows AS row
                MERGE (n:{{label}} {key: row.key})
                SET n += row.properties
                """,
                $$"""
                MATCH (n:{{label}} {key: $key})-[r]-()
                WITH DISTINCT r
                RETURN type(r) AS type, startNode(r).key AS from, endNode(r).key AS to, properties(r) AS properties
                """,
                // A source's passages (linked by its key) go with it, in the same statement.
                $$"""
                MATCH (n:{{label}} {key: $key})
                OPTIONAL MATCH (p:{{CypherNames.Escape(PassageStatements.Label)}} {{{PassageStatements.Source}}: $key})
                DETACH DELETE n, p
                """);
        }

        foreach (var type in model.RelationshipTypes)
        {
            var from = CypherNames.Label(model.Kind(type.From));
            var to = CypherNames.Label(model.Kind(type.To));
            var name = CypherNames.Type(type);
            var fromTaken = type.Outgoing.Cardinality == Cardinality.One ? $"head([(a)-[:{name}]->(o) | o.key])" : "null";
            var toTaken = type.Incoming.Cardinality == Cardinality.One ? $"head([(o)-[:{name}]->(b) | o.key])" : "null";
            _types[type.Name] = new TypeTexts(
                $$"""
                UNWIND $rows AS row
                MATCH (a:{{from}} {key: row.from})
                MATCH (b:{{to}} {key: row.to})
                MERGE (a)-[r:{{name}}]->(b)
                SET r += row.properties
                """,
                $$"""
                UNWIND $pairs AS pair
                MATCH (a:{{from}} {key: pair.from})-[r:{{name}}]->(b:{{to}} {key: pair.to})
                RETURN a.key AS from, b.key AS to, properties(r) AS properties
                """,
                $$"""
                MATCH (a:{{from}} {key: $from})
                MATCH (b:{{to}} {key: $to})
                OPTIONAL MATCH (a)-[r:{{name}}]->(b)
                RETURN properties(r) AS properties, {{fromTaken}} AS fromTaken, {{toTaken}} AS toTaken
                """,
                $$"""
                MATCH (a:{{from}} {key: $from})-[r:{{name}}]->(b:{{to}} {key: $to})
                WITH r, properties(r) AS properties
                DELETE r
                RETURN properties
                """,
                SingleEnd($"(a:{from} {{key: key}})-[r:{name}]->()"),
                SingleEnd($"()-[r:{name}]->(a:{to} {{key: key}})"));
        }
    }

    /// <summary>The labels a node is found under by key alone: Entity, and each kind that is not an entity.</summary>
    public IReadOnlyList<string> KeyLabels { get; }

    /// <summary>
    /// Taken first by every import and write batch: writers queue on this node's lock, as SQLite's BEGIN IMMEDIATE
    /// queues them, so a check ("no node has this key") still holds when the write that relies on it runs. It also
    /// counts the write transactions that commit (a rolled-back one takes its increment with it): see <see cref="CommittedWrites"/>.
    /// </summary>
    public static CypherStatement Lock(DateTimeOffset at) => new($$"""
        MERGE (m:{{CypherNames.Escape(MetaLabel)}} {key: 'writer'})
        SET m.lockedAt = $at, m.{{CommitsProperty}} = coalesce(m.{{CommitsProperty}}, 0) + 1
        """, Parameters(("at", Iso(at))));

    /// <summary>
    /// Takes the writers' lock as <see cref="Lock"/> does, without counting a commit: for a transaction that changes no fact
    /// (an entity's vector, beside its text), so reads that check no write committed meanwhile (an export) are not disturbed.
    /// </summary>
    public static CypherStatement LockWithoutCommit(DateTimeOffset at) => new($$"""
        MERGE (m:{{CypherNames.Escape(MetaLabel)}} {key: 'writer'})
        SET m.lockedAt = $at
        """, Parameters(("at", Iso(at))));

    /// <summary>
    /// How many write transactions have committed (always one row, 0 before the first): a read between two equal
    /// counts saw no write commit. Read-only, so it queues behind no writer.
    /// </summary>
    public static CypherStatement CommittedWrites() => new($$"""
        OPTIONAL MATCH (m:{{CypherNames.Escape(MetaLabel)}} {key: 'writer'})
        RETURN coalesce(m.{{CommitsProperty}}, 0) AS {{CommitsProperty}}
        """);

    /// <summary>The nodes with these keys, of any kind: key, labels, properties. Missing keys have no row.</summary>
    public CypherStatement FindNodes(IReadOnlyList<string> keys) => new(_findNodes, Parameters(("keys", keys)));

    /// <summary>Creates or updates nodes of one kind: each row is {key, properties}; a null property removes it.</summary>
    public CypherStatement UpsertNodes(EntityKind kind, IReadOnlyList<IReadOnlyDictionary<string, object?>> rows) =>
        new(_kinds[kind.Name].UpsertNodes, Parameters(("rows", rows)));

    /// <summary>Every relationship at either end of a node: type, from key, to key, properties.</summary>
    public CypherStatement RelationshipsOf(EntityKind kind, string key) => new(_kinds[kind.Name].RelationshipsOf, Parameters(("key", key)));

    public CypherStatement DeleteNode(EntityKind kind, string key) => new(_kinds[kind.Name].DeleteNode, Parameters(("key", key)));

    /// <summary>How many citations name a source, over every node and relationship (a fact citing it twice counts twice).</summary>
    public CypherStatement CitationCount(string sourceKey) => new(_citationCount, Parameters(("key", sourceKey)));

    /// <summary>Removes a source's citations from every node (the parallel lists stay parallel).</summary>
    public CypherStatement StripNodeCitations(string sourceKey) => new(_stripNodeCitations, Parameters(("key", sourceKey)));

    /// <summary>Rows (type, from, to, locator) of the facts other than the source and its own relationships that cite it; type is null for a node.</summary>
    public CypherStatement CitingFacts(string sourceKey) => new(_citingFacts, Parameters(("key", sourceKey)));

    public CypherStatement StripRelationshipCitations(string sourceKey) => new(_stripRelationshipCitations, Parameters(("key", sourceKey)));

    /// <summary>Creates or updates relationships of one type: each row is {from, to, properties}; a null property removes it.</summary>
    public CypherStatement MergeRelationships(RelationshipType type, IReadOnlyList<IReadOnlyDictionary<string, object?>> rows) =>
        new(_types[type.Name].MergeRelationships, Parameters(("rows", rows)));

    /// <summary>The stored relationships of one type among these (from, to) pairs: from, to, properties.</summary>
    public CypherStatement LoadRelationships(RelationshipType type, IReadOnlyList<IReadOnlyDictionary<string, object?>> pairs) =>
        new(_types[type.Name].LoadRelationships, Parameters(("pairs", pairs)));

    /// <summary>
    /// Before a connect: the properties of the relationship (null when there is none), and for each end the model
    /// declares single, the key at the far end of a relationship of the type the end already has.
    /// </summary>
    public CypherStatement RelationshipState(RelationshipType type, string from, string to) =>
        new(_types[type.Name].State, Parameters(("from", from), ("to", to)));

    /// <summary>Deletes the relationship (type, from, to), returning its properties; no row when there is none.</summary>
    public CypherStatement Disconnect(RelationshipType type, string from, string to) =>
        new(_types[type.Name].Disconnect, Parameters(("from", from), ("to", to)));

    /// <summary>The first of these keys that holds more than one relationship of the type at the end <paramref name="end"/> names.</summary>
    public CypherStatement SingleEndViolation(RelationshipType type, Direction end, IReadOnlyList<string> keys) =>
        new(end == Direction.Outgoing ? _types[type.Name].OutgoingSingleEnd : _types[type.Name].IncomingSingleEnd, Parameters(("keys", keys)));

    /// <summary>Opens a revision: the counter goes up by one and its new value is the revision's number.</summary>
    public static CypherStatement NextRevision() => new($$"""
        MERGE (m:{{CypherNames.Escape(MetaLabel)}} {key: 'revision'})
        SET m.value = coalesce(m.value, 0) + 1
        RETURN m.value AS revision
        """);

    /// <summary>Counts an import among the bulk loads the revision log reports; its new value is the load's number.</summary>
    public static CypherStatement CountBulkLoad() => new($$"""
        MERGE (m:{{CypherNames.Escape(MetaLabel)}} {key: 'bulkLoads'})
        SET m.value = coalesce(m.value, 0) + 1
        RETURN m.value AS bulkLoad
        """);

    /// <summary>One history node per entry (fact, seq, at, actor, change, changes, sourceKeys, sourceLocators, editorial).</summary>
    public static CypherStatement RecordHistory(long revision, IReadOnlyList<IReadOnlyDictionary<string, object?>> entries) => new($"""
        UNWIND $entries AS entry
        CREATE (h:{CypherNames.Escape(HistoryLabel)})
        SET h = entry, h.revision = $revision
        """, Parameters(("revision", revision), ("entries", entries)));

    /// <summary>Times as ISO 8601 text with offset, as the SQLite store keeps them.</summary>
    public static string Iso(DateTimeOffset at) => HistoryRecords.Time(at);

    private static string StripCitations(string match) => $"""
        {match}
        WITH f, [i IN range(0, size(f.{SourceKeysProperty}) - 1) WHERE f.{SourceKeysProperty}[i] <> $key] AS keep
        SET f.{SourceKeysProperty} = [i IN keep | f.{SourceKeysProperty}[i]], f.{SourceLocatorsProperty} = [i IN keep | f.{SourceLocatorsProperty}[i]],
            f.{SourceNotesProperty} = [i IN keep | coalesce(f.{SourceNotesProperty}[i], '')]
        """;

    /// <summary>
    /// Upserts entities; where the text an entity's vector embeds (name, aliases, description — the kind is the label, fixed
    /// per node) changes, removes the vector, its model and fingerprint in the same statement: the vector is stale, and the
    /// embedding refresh finds it missing. Before and after are compared with nulls as '', as EmbeddedText reads them.
    /// </summary>
    private static string UpsertEntities(string label)
    {
        string Text(string n) => $"[{n}.name, coalesce({n}.{AliasesTextProperty}, ''), coalesce({n}.description, '')]";
        string Name(StoreProperty property) => "n." + CypherNames.Escape(StoreNames.Of(property));
        return $$"""
            UNWIND $rows AS row
            MERGE (n:{{label}} {key: row.key})
            WITH n, row, {{Text("n")}} AS embeddedBefore
            SET n += row.properties, n:{{CypherNames.Escape(CypherNames.EntityLabel)}}
            WITH n, embeddedBefore
            WHERE embeddedBefore <> {{Text("n")}}
            REMOVE {{Name(StoreProperty.Embedding)}}, {{Name(StoreProperty.EmbeddingModel)}}, {{Name(StoreProperty.EmbeddingFingerprint)}}
            """;
    }

    private static string SingleEnd(string pattern) => $"""
        UNWIND $keys AS key
        MATCH {pattern}
        WITH a, count(r) AS relationships
        WHERE relationships > 1
        RETURN a.key AS key
        LIMIT 1
        """;

    private static Dictionary<string, object?> Parameters(params (string Name, object? Value)[] parameters) =>
        parameters.ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
}
