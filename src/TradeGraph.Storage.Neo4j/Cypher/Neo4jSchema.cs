using TradeGraph.Core.Model;
using TradeGraph.Storage.Neo4j.QueryApi;

namespace TradeGraph.Storage.Neo4j.Cypher;

/// <summary>
/// The constraints and indexes the store needs, derived from the model, and the schema version it records. Every
/// statement is idempotent (IF NOT EXISTS) and is sent as its own request: Neo4j refuses schema and data changes in
/// one transaction. Names are derived from the model (Kind_property), so a second start finds them by name.
/// </summary>
internal static class Neo4jSchema
{
    /// <summary>
    /// The schema version this release writes; a later release that changes the layout raises it and migrates. 2: the
    /// vector index over entity embeddings (a version-1 database gets it at start; its entities are embedded by the refresh).
    /// 4: passages (<see cref="PassageStatements"/>: key constraint, source index, full-text and vector index), created at
    /// start on an older database, which has none yet. (3 is the full-text analyzer's.)
    /// </summary>
    public const int CurrentVersion = 4;

    /// <summary>The dimensions of the vectors the vector index takes: those of the models shipped (all-MiniLM-L6-v2).</summary>
    public const int VectorDimensions = 384;

    /// <summary>The full-text index over entities that ranked search queries (name, aliases, description).</summary>
    public const string SearchIndex = "entity_search";

    /// <summary>Reads the recorded schema version (no row on a new database).</summary>
    public static CypherStatement ReadVersion() => new($$"""
        MATCH (m:{{CypherNames.Escape(WriteStatements.MetaLabel)}} {key: 'schema'})
        RETURN m.version AS version
        """);

    /// <summary>The constraints and indexes, in the order they are created, then a wait until they are online.</summary>
    public static IEnumerable<CypherStatement> Bootstrap(GraphModel model)
    {
        // A key is unique within each kind, and on :Entity, which a relationship end declared AnyEntity matches and
        // which every write probes to find a key of any kind.
        foreach (var kind in model.Kinds)
        {
            yield return KeyConstraint(kind.Name);
        }

        if (model.Kinds.Any(k => k.IsEntity))
        {
            yield return KeyConstraint(CypherNames.EntityLabel);
        }

        foreach (var kind in model.Kinds)
        {
            foreach (var property in kind.Properties.Where(p => p.Indexed))
            {
                yield return new($"CREATE INDEX {CypherNames.Escape($"{kind.Name}_{property.Name}")} IF NOT EXISTS " +
                    $"FOR (n:{CypherNames.Label(kind)}) ON (n.{CypherNames.Property(property)})");
            }
        }

        if (model.Kinds.Any(k => k.IsEntity))
        {
            // standard-folding lowercases and folds accents, so "Xí" and "xi" match as in the SQLite store's FTS5 index.
            yield return new($"CREATE FULLTEXT INDEX {CypherNames.Escape(SearchIndex)} IF NOT EXISTS " +
                $"FOR (n:{CypherNames.Escape(CypherNames.EntityLabel)}) " +
                $"ON EACH [n.name, n.{CypherNames.Escape(WriteStatements.AliasesTextProperty)}, n.description] " +
                "OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-folding'}}");
        }

        if (model.Kinds.Any(k => k.IsEntity))
        {
            // Cosine: the models' vectors are normalised, and semantic search ranks by cosine on every store.
            yield return new($"CREATE VECTOR INDEX {CypherNames.Escape(StoreNames.EmbeddingIndex)} IF NOT EXISTS " +
                $"FOR (n:{CypherNames.Escape(CypherNames.EntityLabel)}) ON n.{CypherNames.Escape(StoreNames.Of(StoreProperty.Embedding))} " +
                $"OPTIONS {{indexConfig: {{`vector.dimensions`: {VectorDimensions}, `vector.similarity_function`: 'cosine'}}}}");
        }

        foreach (var statement in PassageStatements.Schema(VectorDimensions))
        {
            yield return statement;
        }

        yield return KeyConstraint(WriteStatements.MetaLabel);
        yield return new($"CREATE INDEX {CypherNames.Escape($"{WriteStatements.HistoryLabel}_fact")} IF NOT EXISTS " +
            $"FOR (h:{CypherNames.Escape(WriteStatements.HistoryLabel)}) ON (h.fact)");
        // The revision log: replicas read the records after the last revision they followed.
        yield return new($"CREATE INDEX {CypherNames.Escape($"{WriteStatements.HistoryLabel}_revision")} IF NOT EXISTS " +
            $"FOR (h:{CypherNames.Escape(WriteStatements.HistoryLabel)}) ON (h.revision)");

        // Indexes fill in the background; wait, so the first search after start does not meet a populating index.
        yield return new("CALL db.awaitIndexes($seconds)", new Dictionary<string, object?> { ["seconds"] = 300L });
    }

    /// <summary>Records the version, after the schema statements (a data write, so a request of its own).</summary>
    public static CypherStatement WriteVersion() => new($$"""
        MERGE (m:{{CypherNames.Escape(WriteStatements.MetaLabel)}} {key: 'schema'})
        SET m.version = $version
        """, new Dictionary<string, object?> { ["version"] = (long)CurrentVersion });

    /// <summary>
    /// Marks, once, where the revision log starts: history recorded before this release names no kind, so revisions up to
    /// the counter's value now cannot be replayed (a data write, so a request of its own).
    /// </summary>
    public static CypherStatement MarkRevisionLog() => new($$"""
        OPTIONAL MATCH (r:{{CypherNames.Escape(WriteStatements.MetaLabel)}} {key: 'revision'})
        WITH coalesce(r.value, 0) AS latest
        MERGE (l:{{CypherNames.Escape(WriteStatements.MetaLabel)}} {key: 'revisionLog'})
        ON CREATE SET l.value = latest
        """);

    private static CypherStatement KeyConstraint(string label) =>
        new($"CREATE CONSTRAINT {CypherNames.Escape($"{label}_key")} IF NOT EXISTS FOR (n:{CypherNames.Escape(label)}) REQUIRE n.key IS UNIQUE");
}
