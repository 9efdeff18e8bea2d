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
    /// 3: the full-text index reads the folded words the search asks for (searchName, searchAliases, searchDescription)
    /// with the whitespace analyzer; an older database has its index dropped and rebuilt and its nodes' words written
    /// (<see cref="SearchTextStatements"/>).
    /// 4: passages (<see cref="PassageStatements"/>: key constraint, source index, full-text and vector index), created at
    /// start on an older database, which has none yet.
    /// 5: passages' full-text index reads their search words (searchText) with the whitespace analyzer, as entities' since 3;
    /// an older database has passage_search dropped and rebuilt and its passages' words written (<see cref="SearchTextStatements"/>).
    /// </summary>
    public const int CurrentVersion = 5;

    /// <summary>The version from which the entities' full-text index reads the search words (an older one is dropped, then rebuilt).</summary>
    public const int SearchWordsVersion = 3;

    /// <summary>The version from which the passages' full-text index reads the search words (an older one is dropped, then rebuilt).</summary>
    public const int PassageSearchWordsVersion = 5;

    /// <summary>
    /// The analyzer of the full-text index: Lucene's WhitespaceAnalyzer (tokens split on whitespace, nothing else: no stop
    /// words, no folding, no lower-casing). The indexed text is already the query's words (TextFolding.IndexedWords), so
    /// index and query cannot disagree as standard-folding did (stop words dropped, ø/ł/ß folded, o'brien kept whole).
    /// </summary>
    public const string SearchAnalyzer = "whitespace";

    /// <summary>The dimensions of the vectors the vector index takes: those of the models shipped (all-MiniLM-L6-v2).</summary>
    public const int VectorDimensions = 384;

    /// <summary>The full-text index over entities that ranked search queries (name, aliases, description).</summary>
    public const string SearchIndex = "entity_search";

    /// <summary>Reads the recorded schema version (no row on a new database).</summary>
    public static CypherStatement ReadVersion() => new($$"""
        MATCH (m:{{CypherNames.Escape(WriteStatements.MetaLabel)}} {key: 'schema'})
        RETURN m.version AS version
        """);

    /// <summary>The constraints and indexes, in the order they are created (the wait until they are online is Neo4jIndexWait's).</summary>
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
            // The writer stores each text's folded words; the analyzer only splits them at the spaces between.
            yield return new($"CREATE FULLTEXT INDEX {CypherNames.Escape(SearchIndex)} IF NOT EXISTS " +
                $"FOR (n:{CypherNames.Escape(CypherNames.EntityLabel)}) " +
                $"ON EACH [{string.Join(", ", SearchFields.Select(f => "n." + CypherNames.Escape(StoreNames.Of(f))))}] " +
                $"OPTIONS {{indexConfig: {{`fulltext.analyzer`: '{SearchAnalyzer}'}}}}");
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
    }

    /// <summary>
    /// The indexes not yet online, with their progress: asked in short reads until none is left, instead of one
    /// <c>db.awaitIndexes</c> call that outlasts any request's time limit on a database with data.
    /// </summary>
    public static CypherStatement PopulatingIndexes() => new("""
        SHOW INDEXES YIELD name, state, populationPercent WHERE state <> 'ONLINE'
        RETURN name, state, populationPercent ORDER BY name
        """);

    /// <summary>The properties the full-text index reads, in its field order (name, aliases, description).</summary>
    public static IReadOnlyList<StoreProperty> SearchFields { get; } = [StoreProperty.SearchName, StoreProperty.SearchAliases, StoreProperty.SearchDescription];

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
