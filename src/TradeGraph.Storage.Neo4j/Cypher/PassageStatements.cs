using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;
using TradeGraph.Storage.Neo4j.QueryApi;

namespace TradeGraph.Storage.Neo4j.Cypher;

/// <summary>
/// The statements of a source's passages on Neo4j. A passage is a <c>:Passage</c> node {key, source, paragraph, text} linked
/// to its source by the source's key (as citations are: sourceKeys), not by a relationship — the writer reads every
/// relationship of a node it deletes, and the export every relationship of a model type, so a link of the store's own would
/// have to be left out of both. Its vector is a node property in the vector index <see cref="VectorIndex"/>, with model and
/// fingerprint, removed in the same statement as a change to its text ("stale" = no vector of this model), as an entity's.
/// Texts are constants per model; every value is a parameter.
/// </summary>
internal sealed class PassageStatements
{
    public const string Label = "Passage";

    /// <summary>The full-text index over passages' search words (searchPassages' word ranking; whitespace analyzer, schema 5).</summary>
    public const string SearchIndex = "passage_search";

    /// <summary>The vector index over passage vectors (searchPassages' meaning ranking).</summary>
    public const string VectorIndex = "passage_embedding";

    // Property and column names: none a Cypher keyword.
    public const string Key = "passageKey";
    public const string Source = "source";
    public const string Paragraph = "paragraph";
    public const string Text = "text";

    /// <summary>The text's folded words, space-joined (<see cref="SearchWords"/>): what <see cref="SearchIndex"/> reads.</summary>
    public const string SearchText = "searchText";
    public const string Vector = "vector";
    public const string Fingerprint = "fingerprint";
    public const string Similarity = "similarity";
    public const string Stale = "stale";

    private static readonly string Node = CypherNames.Escape(Label);
    private static readonly string Embedding = Name(StoreProperty.Embedding);
    private static readonly string Model = Name(StoreProperty.EmbeddingModel);
    private static readonly string FingerprintProperty = Name(StoreProperty.EmbeddingFingerprint);
    private static readonly string StaleCondition = $"(p.{Model} IS NULL OR p.{Model} <> $model)";
    private static readonly string Columns = $"p.{Source} AS {Source}, p.{Paragraph} AS {Paragraph}, p.{Text} AS {Text}";

    private readonly string _save;

    public PassageStatements(IReadOnlyList<string> keyLabels, GraphModel model)
    {
        if (model.TryGetKind(Label, out _))
        {
            throw new InvalidOperationException($"The model declares a kind named {Label}, the label the Neo4j store gives to passages.");
        }

        // The source is found as the writer finds any key: a probe per label that carries the key constraint.
        var probes = keyLabels.Select((label, i) => $"OPTIONAL MATCH (s{i}:{CypherNames.Escape(label)} {{key: $source}})");
        _save = $$"""
            {{string.Join("\n", probes)}}
            WITH coalesce({{string.Join(", ", keyLabels.Select((_, i) => $"s{i}"))}}) AS s
            WHERE s IS NOT NULL
            UNWIND $rows AS row
            MERGE (p:{{Node}} {key: row.key})
            ON CREATE SET p.{{Source}} = $source, p.{{Paragraph}} = row.paragraph
            WITH p, row
            WHERE p.{{Text}} IS NULL OR p.{{Text}} <> row.text
            SET p.{{Text}} = row.text, p.{{SearchText}} = row.{{SearchText}}
            REMOVE p.{{Embedding}}, p.{{Model}}, p.{{FingerprintProperty}}
            """;
    }

    /// <summary>
    /// Keeps a source's passages (rows: key, paragraph, text, searchText): a new one is created, a changed text replaced and its vector
    /// removed in the same statement, an unchanged one untouched. Nothing when no node has the source's key.
    /// </summary>
    public CypherStatement Save(string sourceKey, IReadOnlyList<IReadOnlyDictionary<string, object?>> rows) =>
        new(_save, Parameters(("source", sourceKey), ("rows", rows)));

    /// <summary>The passages of the sources, by source then paragraph.</summary>
    public static CypherStatement OfSources(IReadOnlyCollection<string> sourceKeys) => new($$"""
        UNWIND $sources AS wanted
        MATCH (p:{{Node}} {{{Source}}: wanted})
        RETURN {{Columns}}
        ORDER BY {{Source}}, {{Paragraph}}
        """, Parameters(("sources", sourceKeys.Distinct().ToList())));

    /// <summary>
    /// Passages with any of the words as a prefix of one of their search words, best first by Lucene's score, then by source
    /// and paragraph. The query string is LuceneQuery's, as entity search's (escaped words: no user text is read as Lucene
    /// syntax), sent as a parameter.
    /// </summary>
    public static CypherStatement Search(IReadOnlyList<string> words, int limit) => new($$"""
        CALL db.index.fulltext.queryNodes('{{SearchIndex}}', $query) YIELD node AS p, score
        RETURN {{Columns}}
        ORDER BY score DESC, {{Source}}, {{Paragraph}}
        LIMIT $limit
        """, Parameters(("query", LuceneQuery.AnyWord(words, new LuceneQuery.Field(SearchText))), ("limit", (long)limit)));

    /// <summary>Up to $limit passages without a vector of $model, in (source, paragraph) order after the given one.</summary>
    public static CypherStatement ListStale(string modelId, (string Source, int Paragraph)? after, int limit) => new($$"""
        MATCH (p:{{Node}})
        WHERE {{AfterPassage(after)}}{{StaleCondition}}
        RETURN {{Columns}}
        ORDER BY {{Source}}, {{Paragraph}}
        LIMIT $limit
        """, AfterParameters(after, ("model", modelId), ("limit", (long)limit)));

    public static CypherStatement CountStale(string modelId) => new($$"""
        MATCH (p:{{Node}})
        WHERE {{StaleCondition}}
        RETURN count(p) AS {{Stale}}
        """, Parameters(("model", modelId)));

    /// <summary>
    /// Sets each row's vector (rows: key, text, vector, fingerprint) where the passage's text is still the row's, returning
    /// the keys set; run after the writers' lock in one transaction, as an entity's save is.
    /// </summary>
    public static CypherStatement SaveVectors(string modelId, IReadOnlyList<IReadOnlyDictionary<string, object?>> rows) => new($$"""
        UNWIND $rows AS row
        MATCH (p:{{Node}} {key: row.key})
        WHERE p.{{Text}} = row.text
        CALL db.create.setNodeVectorProperty(p, '{{StoreNames.Of(StoreProperty.Embedding)}}', row.vector)
        SET p.{{Model}} = $model, p.{{FingerprintProperty}} = row.fingerprint
        RETURN p.key AS {{Key}}
        """, Parameters(("model", modelId), ("rows", rows)));

    /// <summary>The $limit nearest of $model's passage vectors (cosine, from Neo4j's (1 + cos) / 2): key, similarity, fingerprint.</summary>
    public static CypherStatement Nearest(string modelId, IReadOnlyList<double> query, int limit) => new($$"""
        CALL db.index.vector.queryNodes('{{VectorIndex}}', $limit, $query) YIELD node AS p, score
        WHERE p.{{Model}} = $model
        RETURN p.key AS {{Key}}, 2 * score - 1 AS {{Similarity}}, p.{{FingerprintProperty}} AS {{Fingerprint}}
        ORDER BY {{Similarity}} DESC, {{Key}}
        """, Parameters(("model", modelId), ("query", query), ("limit", (long)limit)));

    /// <summary>A page of the passage vectors of $model in key order after $after: key, vector, fingerprint.</summary>
    public static CypherStatement Vectors(string modelId, string? afterKey, int limit) => new($$"""
        MATCH (p:{{Node}})
        WHERE {{(afterKey is null ? "" : "p.key > $after AND ")}}p.{{Model}} = $model
        RETURN p.key AS {{Key}}, p.{{Embedding}} AS {{Vector}}, p.{{FingerprintProperty}} AS {{Fingerprint}}
        ORDER BY p.key
        LIMIT $limit
        """, afterKey is null
            ? Parameters(("model", modelId), ("limit", (long)limit))
            : Parameters(("model", modelId), ("after", afterKey), ("limit", (long)limit)));

    /// <summary>The schema passages need: a key constraint, the source's index, the full-text and the vector index.</summary>
    public static IEnumerable<CypherStatement> Schema(int vectorDimensions)
    {
        yield return new($"CREATE CONSTRAINT {CypherNames.Escape($"{Label}_key")} IF NOT EXISTS FOR (p:{Node}) REQUIRE p.key IS UNIQUE");
        yield return new($"CREATE INDEX {CypherNames.Escape($"{Label}_{Source}")} IF NOT EXISTS FOR (p:{Node}) ON (p.{Source}, p.{Paragraph})");
        // The store writes the words (as an entity's); the analyzer only splits them at the spaces between.
        yield return new($"CREATE FULLTEXT INDEX {CypherNames.Escape(SearchIndex)} IF NOT EXISTS FOR (p:{Node}) ON EACH [p.{SearchText}] " +
            $"OPTIONS {{indexConfig: {{`fulltext.analyzer`: '{Neo4jSchema.SearchAnalyzer}'}}}}");
        yield return new($"CREATE VECTOR INDEX {CypherNames.Escape(VectorIndex)} IF NOT EXISTS FOR (p:{Node}) ON p.{Embedding} " +
            $"OPTIONS {{indexConfig: {{`vector.dimensions`: {vectorDimensions}, `vector.similarity_function`: 'cosine'}}}}");
    }

    /// <summary>
    /// What <see cref="SearchText"/> holds for a passage's text: Core's TextFolding.IndexedWords, the rule the query's words
    /// come from, so index and query cannot drift (no stop words dropped, ø/ł/ß kept, o'brien split). Null for no word.
    /// </summary>
    public static string? SearchWords(string text) => TextFolding.IndexedWords([text]);

    // Two texts, not "$after IS NULL OR …", so the first page needs no parameter of a cursor.
    private static string AfterPassage((string Source, int Paragraph)? after) => after is null
        ? ""
        : $"(p.{Source} > $afterSource OR (p.{Source} = $afterSource AND p.{Paragraph} > $afterParagraph)) AND ";

    private static Dictionary<string, object?> AfterParameters((string Source, int Paragraph)? after, params (string Name, object? Value)[] rest) =>
        after is { } cursor ? Parameters([("afterSource", cursor.Source), ("afterParagraph", (long)cursor.Paragraph), .. rest]) : Parameters(rest);

    private static string Name(StoreProperty property) => CypherNames.Escape(StoreNames.Of(property));

    private static Dictionary<string, object?> Parameters(params (string Name, object? Value)[] parameters) =>
        parameters.ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
}
