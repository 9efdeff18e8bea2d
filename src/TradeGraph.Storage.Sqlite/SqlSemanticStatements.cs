using TradeGraph.Core.Querying;

namespace TradeGraph.Storage.Sqlite;

/// <summary>
/// THE statements of passages and vectors (SqliteGraphStore.Passages / .Embeddings), beside <see cref="SqlReads"/>:
/// vectors live in one table, keyed by subject ('E' an entity, 'P' a passage) and owner row id. The texts are those the
/// store ran inline, byte for byte. Pinned by golden tests (SqlStoreGoldenTests).
/// </summary>
internal static class SqlSemanticStatements
{
    /// <summary>The parts of an entity its embedded text is made of.</summary>
    public const EntityParts EmbeddedParts = EntityParts.Aliases | EntityParts.Description;

    private const string EntitySubject = "'E'";
    private const string PassageSubject = "'P'";

    /// <summary>Columns of every passage read: source key, paragraph, text.</summary>
    private const string PassageColumns = "e.key, p.paragraph, p.text";

    /// <summary>Columns of every vector read: two naming the owner, then the text's fingerprint, the scale and the vector.</summary>
    public static class VectorColumns
    {
        public const int Fingerprint = 2;
        public const int Scale = 3;
        public const int Vector = 4;
    }

    /// <summary>Parameters: @source (key), @paragraph, @text. Adds, or replaces a changed text (its vector dropped by trigger); nothing for an unknown source.</summary>
    public const string UpsertPassage = """
        INSERT INTO passages (source_id, paragraph, text) SELECT e.id, @paragraph, @text FROM entities e WHERE e.key = @source
        ON CONFLICT (source_id, paragraph) DO UPDATE SET text = excluded.text WHERE text IS NOT excluded.text
        """;

    /// <summary>Every passage in (source, paragraph) order, for the export. Columns: source key, paragraph, text.</summary>
    public const string AllPassages = $"SELECT {PassageColumns} FROM passages p JOIN entities e ON e.id = p.source_id ORDER BY e.key, p.paragraph";

    /// <summary>Parameters: @keys (a JSON array of source keys). Columns: source key, paragraph, text.</summary>
    public const string PassagesOf = $"""
        SELECT {PassageColumns} FROM passages p JOIN entities e ON e.id = p.source_id
        WHERE e.key IN (SELECT value FROM json_each(@keys)) ORDER BY e.key, p.paragraph
        """;

    /// <summary>Parameters: @match (FTS5), @limit. Columns: source key, paragraph, text; best first by BM25.</summary>
    public const string SearchPassages = $"""
        SELECT {PassageColumns} FROM passage_search s JOIN passages p ON p.id = s.rowid JOIN entities e ON e.id = p.source_id
        WHERE passage_search MATCH @match ORDER BY bm25(passage_search), e.key, p.paragraph LIMIT @limit
        """;

    /// <summary>Parameters: @afterSource, @afterParagraph, @model, @limit. Columns: source key, paragraph, text of passages without a vector of @model.</summary>
    public const string StalePassages = $"""
        SELECT {PassageColumns} FROM passages p JOIN entities e ON e.id = p.source_id
        WHERE (e.key, p.paragraph) > (@afterSource, @afterParagraph)
          AND NOT EXISTS (SELECT 1 FROM embeddings v WHERE v.subject = {PassageSubject} AND v.owner_id = p.id AND v.model = @model)
        ORDER BY e.key, p.paragraph LIMIT @limit
        """;

    /// <summary>Parameters: @model. How many passages have no vector of @model.</summary>
    public static readonly string CountStalePassages = CountWithoutVector("passages", PassageSubject);

    /// <summary>
    /// Parameters: @model, @source, @paragraph, @text, @hash, @scale, @vector. Sets the passage's vector only where its text is
    /// still @text (one row changed, or none).
    /// </summary>
    public const string SavePassageVector = $"""
        INSERT INTO embeddings (subject, owner_id, model, text_hash, scale, vector)
        SELECT {PassageSubject}, p.id, @model, @hash, @scale, @vector FROM passages p JOIN entities e ON e.id = p.source_id
        WHERE e.key = @source AND p.paragraph = @paragraph AND p.text = @text
        ON CONFLICT (subject, owner_id) DO UPDATE SET model = excluded.model, text_hash = excluded.text_hash, scale = excluded.scale, vector = excluded.vector
        """;

    /// <summary>Parameters: @model. Columns: source key, paragraph, then <see cref="VectorColumns"/>.</summary>
    public const string PassageVectors = $"""
        SELECT e.key, p.paragraph, v.text_hash, v.scale, v.vector FROM embeddings v JOIN passages p ON p.id = v.owner_id JOIN entities e ON e.id = p.source_id
        WHERE v.subject = {PassageSubject} AND v.model = @model
        """;

    /// <summary>Parameters: @after, @model, @limit. Columns: <see cref="EntityColumns"/> (the <see cref="EmbeddedParts"/>) of entities without a vector of @model.</summary>
    public static readonly string StaleEntities = $"""
        SELECT {EntityColumns.For(EmbeddedParts)} FROM entities e
        WHERE e.key > @after AND NOT EXISTS (SELECT 1 FROM embeddings v WHERE v.subject = {EntitySubject} AND v.owner_id = e.id AND v.model = @model)
        ORDER BY e.key LIMIT @limit
        """;

    /// <summary>Parameters: @model. How many entities have no vector of @model.</summary>
    public static readonly string CountStaleEntities = CountWithoutVector("entities", EntitySubject);

    /// <summary>Parameters: @model, @key, @hash, @scale, @vector.</summary>
    public const string SaveEntityVector = $"""
        INSERT INTO embeddings (subject, owner_id, model, text_hash, scale, vector)
        SELECT {EntitySubject}, e.id, @model, @hash, @scale, @vector FROM entities e WHERE e.key = @key
        ON CONFLICT (subject, owner_id) DO UPDATE SET model = excluded.model, text_hash = excluded.text_hash, scale = excluded.scale, vector = excluded.vector
        """;

    /// <summary>Parameters: @model. Columns: key, kind, then <see cref="VectorColumns"/>.</summary>
    public const string EntityVectors = $"""
        SELECT e.key, e.kind, v.text_hash, v.scale, v.vector FROM embeddings v JOIN entities e ON e.id = v.owner_id
        WHERE v.subject = {EntitySubject} AND v.model = @model
        """;

    /// <summary>How many rows of <paramref name="table"/> (entities, passages) have no vector of @model under their subject.</summary>
    private static string CountWithoutVector(string table, string subject) => $"""
        SELECT count(*) FROM {table} t
        WHERE NOT EXISTS (SELECT 1 FROM embeddings v WHERE v.subject = {subject} AND v.owner_id = t.id AND v.model = @model)
        """;
}
