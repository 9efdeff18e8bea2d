using TradeGraph.Storage.Neo4j.QueryApi;

namespace TradeGraph.Storage.Neo4j.Cypher;

/// <summary>
/// The statements of semantic search on Neo4j. An entity's vector is a node property (<c>embedding</c>, in the native
/// vector index <see cref="StoreNames.EmbeddingIndex"/>) beside the model that made it and the fingerprint of the text it
/// embeds; a write that changes that text removes all three (<see cref="WriteStatements.UpsertNodes"/>), so "stale" is
/// "no vector of this model". Texts are constants; every value is a parameter.
/// </summary>
internal static class EmbeddingStatements
{
    // Column names: none a Cypher keyword.
    public const string Key = "entityKey";
    public const string Vector = "vector";
    public const string Fingerprint = "fingerprint";
    public const string Similarity = "similarity";
    public const string Stale = "stale";

    private static readonly string Entity = CypherNames.Escape(CypherNames.EntityLabel);
    private static readonly string Embedding = Name(StoreProperty.Embedding);
    private static readonly string Model = Name(StoreProperty.EmbeddingModel);
    private static readonly string FingerprintProperty = Name(StoreProperty.EmbeddingFingerprint);
    private static readonly string StaleCondition = $"(n.{Model} IS NULL OR n.{Model} <> $model)";

    /// <summary>Up to $limit entities without a vector of $model, in key order after $after (null: from the start), as labels and text.</summary>
    public static CypherStatement ListStale(string modelId, string? afterKey, int limit) => new($$"""
        MATCH (n:{{Entity}})
        WHERE {{After(afterKey)}}{{StaleCondition}}
        RETURN labels(n) AS {{CypherReads.Labels}}, n {.key, .name, .aliases, .description} AS {{CypherReads.Properties}}
        ORDER BY n.key
        LIMIT $limit
        """, Page(modelId, afterKey, limit));

    public static CypherStatement CountStale(string modelId) => new($$"""
        MATCH (n:{{Entity}})
        WHERE {{StaleCondition}}
        RETURN count(n) AS {{Stale}}
        """, Parameters(("model", modelId)));

    /// <summary>
    /// Sets each row's vector where the entity's kind, name, aliases and description are still the row's (the text it
    /// embeds), returning the keys set. Run after <see cref="WriteStatements.LockWithoutCommit"/> in one transaction, so no
    /// writer changes the text between the check and the set. The procedure stores the floats compactly (5.13+, GA in 5.26).
    /// </summary>
    public static CypherStatement Save(string modelId, IReadOnlyList<IReadOnlyDictionary<string, object?>> rows) => new($$"""
        UNWIND $rows AS row
        MATCH (n:{{Entity}} {key: row.key})
        WHERE row.kind IN labels(n) AND n.name = row.name AND coalesce(n.{{Name(StoreProperty.AliasesText)}}, '') = row.aliasesText
          AND coalesce(n.description, '') = row.description
        CALL db.create.setNodeVectorProperty(n, '{{StoreNames.Of(StoreProperty.Embedding)}}', row.vector)
        SET n.{{Model}} = $model, n.{{FingerprintProperty}} = row.fingerprint
        RETURN n.key AS {{Key}}
        """, Parameters(("model", modelId), ("rows", rows)));

    /// <summary>
    /// The $limit nearest of the index's $candidates nearest that have a vector of $model, are of one of $kinds and are not
    /// $except: key, cosine similarity (Neo4j scores cosine as (1 + cos) / 2), fingerprint. Kinds are filtered after the
    /// index, so the store asks it for more candidates than it keeps when only some kinds are wanted.
    /// </summary>
    public static CypherStatement Nearest(string modelId, IReadOnlyList<double> query, int candidates, int limit, IReadOnlyCollection<string> kinds,
        string? except) => new($$"""
        CALL db.index.vector.queryNodes('{{StoreNames.EmbeddingIndex}}', $candidates, $query) YIELD node AS n, score
        WHERE n.{{Model}} = $model AND ($except IS NULL OR n.key <> $except) AND any(label IN labels(n) WHERE label IN $kinds)
        RETURN n.key AS {{Key}}, 2 * score - 1 AS {{Similarity}}, n.{{FingerprintProperty}} AS {{Fingerprint}}
        ORDER BY {{Similarity}} DESC, {{Key}}
        LIMIT $limit
        """, Parameters(("model", modelId), ("query", query), ("candidates", (long)candidates), ("limit", (long)limit), ("kinds", kinds.ToList()),
            ("except", except)));

    /// <summary>An entity's vector of $model and its fingerprint; no row when it has none.</summary>
    public static CypherStatement VectorOf(string modelId, string key) => new($$"""
        MATCH (n:{{Entity}} {key: $key})
        WHERE n.{{Model}} = $model
        RETURN n.{{Embedding}} AS {{Vector}}, n.{{FingerprintProperty}} AS {{Fingerprint}}
        """, Parameters(("model", modelId), ("key", key)));

    /// <summary>A page of the vectors of $model, in key order after $after: key, labels, vector, fingerprint.</summary>
    public static CypherStatement Vectors(string modelId, string? afterKey, int limit) => new($$"""
        MATCH (n:{{Entity}})
        WHERE {{After(afterKey)}}n.{{Model}} = $model
        RETURN n.key AS {{Key}}, labels(n) AS {{CypherReads.Labels}}, n.{{Embedding}} AS {{Vector}}, n.{{FingerprintProperty}} AS {{Fingerprint}}
        ORDER BY n.key
        LIMIT $limit
        """, Page(modelId, afterKey, limit));

    // Two texts, not "$after IS NULL OR …": a later page is a range seek on the key constraint's index, in its order.
    private static string After(string? afterKey) => afterKey is null ? "" : "n.key > $after AND ";

    private static string Name(StoreProperty property) => CypherNames.Escape(StoreNames.Of(property));

    private static Dictionary<string, object?> Page(string modelId, string? afterKey, int limit) => afterKey is null
        ? Parameters(("model", modelId), ("limit", (long)limit))
        : Parameters(("model", modelId), ("after", afterKey), ("limit", (long)limit));

    private static Dictionary<string, object?> Parameters(params (string Name, object? Value)[] parameters) =>
        parameters.ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
}
