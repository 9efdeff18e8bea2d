using System.Globalization;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Querying;
using TradeGraph.Core.Semantic;
using TradeGraph.Storage.Neo4j.Cypher;
using TradeGraph.Storage.Neo4j.QueryApi;
using TradeGraph.Storage.Neo4j.Writing;

namespace TradeGraph.Storage.Neo4j;

/// <summary>
/// Semantic search's primitives: vectors as a node property in Neo4j's native vector index (<see cref="EmbeddingStatements"/>).
/// The refresh (Core's EmbeddingRefresher) lists what is stale and saves vectors where the text is unchanged; searches
/// ask the index (db.index.vector.queryNodes) instead of loading every vector into memory.
/// </summary>
public sealed partial class Neo4jGraphStore : IVectorIndexStore, IEmbeddingPrimitives
{
    /// <summary>When only some kinds are wanted, the index is asked for this many times the hits kept: kinds are filtered after it.</summary>
    internal const int KindFilterOverfetch = 10;

    /// <summary>The most candidates the index is asked for (the vector index's own limit is far higher; this bounds the work).</summary>
    internal const int MaxIndexCandidates = 10_000;

    private const int VectorPage = 500;

    async Task<IReadOnlyList<Entity>> IEmbeddingPrimitives.ReadStaleEntitiesAsync(string modelId, string? afterKey, int limit, CancellationToken cancellationToken)
    {
        var result = await Runner.RunAsync(EmbeddingStatements.ListStale(modelId, afterKey, limit), AccessMode.Read, cancellationToken);
        return [.. result.Rows.Select((_, row) => ResultValues.Entity(Model, result.Value(row, CypherReads.Labels), result.Value(row, CypherReads.Properties)))];
    }

    public async Task<long> CountStaleEntitiesAsync(string modelId, CancellationToken cancellationToken)
    {
        var result = await Runner.RunAsync(EmbeddingStatements.CountStale(modelId), AccessMode.Read, cancellationToken);
        return ResultValues.Long(result.Value(0, EmbeddingStatements.Stale));
    }

    Task<IReadOnlySet<string>> IEmbeddingPrimitives.KeepEntityVectorsAsync(string modelId, IReadOnlyList<VectorSave<Entity>> saves,
        CancellationToken cancellationToken) =>
        SaveVectorsAsync(EmbeddingStatements.Save(modelId, [.. saves.Select(s => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["key"] = s.Key,
            ["kind"] = s.Owner.Kind,
            ["name"] = s.Owner.Name,
            ["aliasesText"] = FactValues.AliasesText(s.Owner.Aliases),
            ["description"] = s.Owner.Description ?? "",
            ["vector"] = Doubles(s.Vector.ToFloats()),
            ["fingerprint"] = s.Fingerprint,
        })]), EmbeddingStatements.Key, cancellationToken);

    /// <summary>
    /// Runs a save of vectors under the writers' lock, without counting a commit, and returns the keys it set: no write
    /// changes an embedded text between the statement's check and its set.
    /// </summary>
    private Task<IReadOnlySet<string>> SaveVectorsAsync(CypherStatement save, string keyColumn, CancellationToken cancellationToken) =>
        Runner.InTransactionAsync(async (transaction, token) =>
        {
            await transaction.RunAsync(WriteStatements.LockWithoutCommit(Clock.GetUtcNow()), token);
            var result = await transaction.RunAsync(save, token);
            return (IReadOnlySet<string>)result.Rows.Select(row => (string)row[result.IndexOf(keyColumn)]!).ToHashSet(StringComparer.Ordinal);
        }, cancellationToken);

    public IAsyncEnumerable<StoredEmbedding> StreamEntityEmbeddingsAsync(string modelId, CancellationToken cancellationToken) =>
        KeysetScan.StreamAsync<StoredEmbedding>(async (after, token) =>
        {
            var result = await Runner.RunAsync(EmbeddingStatements.Vectors(modelId, after, VectorPage), AccessMode.Read, token);
            return [.. result.Rows.Select((_, row) => new StoredEmbedding((string)result.Value(row, EmbeddingStatements.Key)!,
                ResultValues.KindOf(Model, ResultValues.List(result.Value(row, CypherReads.Labels))).Name,
                ResultValues.Long(result.Value(row, EmbeddingStatements.Fingerprint)), QuantizedVector.From(Floats(result.Value(row, EmbeddingStatements.Vector)))))];
        }, e => e.Key, VectorPage, cancellationToken);

    public async Task<IReadOnlyList<VectorHit>> NearestEntitiesAsync(string modelId, float[] query, int limit, IReadOnlyCollection<string> kinds,
        string? except, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(kinds);
        if (limit <= 0 || kinds.Count == 0)
        {
            return [];
        }

        // The index ranks every entity: when some kinds are left out, or one key, it is asked for more than are kept.
        var everyKind = Model.Kinds.Where(k => k.IsEntity).All(k => kinds.Contains(k.Name));
        var candidates = everyKind ? limit + (except is null ? 0 : 1) : Math.Min(limit * KindFilterOverfetch, MaxIndexCandidates);
        var result = await Runner.RunAsync(EmbeddingStatements.Nearest(modelId, Doubles(query), Math.Max(candidates, limit), limit, kinds, except),
            AccessMode.Read, cancellationToken);
        return [.. result.Rows.Select((_, row) => new VectorHit((string)result.Value(row, EmbeddingStatements.Key)!,
            Convert.ToDouble(result.Value(row, EmbeddingStatements.Similarity), CultureInfo.InvariantCulture),
            ResultValues.Long(result.Value(row, EmbeddingStatements.Fingerprint))))];
    }

    public async Task<HeldVector?> EntityVectorAsync(string modelId, string key, CancellationToken cancellationToken)
    {
        var result = await Runner.RunAsync(EmbeddingStatements.VectorOf(modelId, key), AccessMode.Read, cancellationToken);
        return result.Rows.Count == 0
            ? null
            : new HeldVector(Floats(result.Value(0, EmbeddingStatements.Vector)), ResultValues.Long(result.Value(0, EmbeddingStatements.Fingerprint)));
    }

    // Parameters go as doubles (the Query API's Float); Neo4j keeps the vector as floats (setNodeVectorProperty).
    private static double[] Doubles(float[] vector) => [.. vector.Select(v => (double)v)];

    private static float[] Floats(object? list) => [.. ResultValues.List(list).Select(v => Convert.ToSingle(v, CultureInfo.InvariantCulture))];
}
