using System.Globalization;
using TradeGraph.Core.Passages;
using TradeGraph.Core.Querying;
using TradeGraph.Core.Semantic;
using TradeGraph.Storage.Neo4j.Cypher;
using TradeGraph.Storage.Neo4j.QueryApi;

namespace TradeGraph.Storage.Neo4j;

/// <summary>
/// A source's passages on Neo4j (<see cref="PassageStatements"/>): primitives only — keep, read, search by words, list and
/// save vectors, nearest by the native vector index. The rules (fusion, the text check of a semantic hit, supports) are
/// Core's PassageSearch, the guards, grouping and saved vectors' bookkeeping Core's <see cref="PassageRules"/>, as on SQLite.
/// </summary>
public sealed partial class Neo4jGraphStore : IPassageVectorIndexStore, IPassagePrimitives
{
    private PassageStatements? _passageStatements;

    private PassageStatements PassageStatements => _passageStatements ??= new PassageStatements(WriteStatements.KeyLabels, Model);

    // Under the writers' lock, counted as a commit: passages are data an export reads (its "no write meanwhile" check).
    Task IPassagePrimitives.KeepPassagesAsync(IReadOnlyList<Passage> passages, CancellationToken cancellationToken) =>
        Runner.InTransactionAsync(async (transaction, token) =>
        {
            await transaction.RunAsync(WriteStatements.Lock(Clock.GetUtcNow()), token);
            await SavePassagesAsync(transaction, passages, token);
            return true;
        }, cancellationToken);

    /// <summary>Keeps passages in the caller's transaction (a save, an import): one statement per source.</summary>
    private async Task SavePassagesAsync(INeo4jTransaction transaction, IReadOnlyList<Passage> passages, CancellationToken cancellationToken)
    {
        foreach (var source in passages.GroupBy(p => p.SourceKey, StringComparer.Ordinal))
        {
            var rows = source.Select(p => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["key"] = p.Key, ["paragraph"] = (long)p.Paragraph, ["text"] = p.Text, [PassageStatements.SearchText] = PassageStatements.SearchWords(p.Text),
            }).ToList();
            await transaction.RunAsync(PassageStatements.Save(source.Key, rows), cancellationToken);
        }
    }

    Task<IReadOnlyList<Passage>> IPassagePrimitives.ReadPassagesAsync(IReadOnlyCollection<string> sourceKeys, CancellationToken cancellationToken) =>
        ReadPassagesAsync(PassageStatements.OfSources(sourceKeys), cancellationToken);

    Task<IReadOnlyList<Passage>> IPassagePrimitives.MatchPassagesAsync(IReadOnlyList<string> words, int limit, CancellationToken cancellationToken) =>
        ReadPassagesAsync(PassageStatements.Search(words, limit), cancellationToken);

    Task<IReadOnlyList<Passage>> IPassagePrimitives.ReadStalePassagesAsync(string modelId, Passage? after, int limit, CancellationToken cancellationToken) =>
        ReadPassagesAsync(PassageStatements.ListStale(modelId, after is null ? null : (after.SourceKey, after.Paragraph), limit), cancellationToken);

    public async Task<long> CountStalePassagesAsync(string modelId, CancellationToken cancellationToken)
    {
        var result = await Runner.RunAsync(PassageStatements.CountStale(modelId), AccessMode.Read, cancellationToken);
        return ResultValues.Long(result.Value(0, PassageStatements.Stale));
    }

    Task<IReadOnlySet<string>> IPassagePrimitives.KeepPassageVectorsAsync(string modelId, IReadOnlyList<VectorSave<Passage>> saves,
        CancellationToken cancellationToken) =>
        SaveVectorsAsync(PassageStatements.SaveVectors(modelId, [.. saves.Select(s => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["key"] = s.Key,
            ["text"] = s.Text,
            ["vector"] = Doubles(s.Vector.ToFloats()),
            ["fingerprint"] = s.Fingerprint,
        })]), PassageStatements.Key, cancellationToken);

    public IAsyncEnumerable<StoredEmbedding> StreamPassageEmbeddingsAsync(string modelId, CancellationToken cancellationToken) =>
        KeysetScan.StreamAsync<StoredEmbedding>(async (after, token) =>
        {
            var result = await Runner.RunAsync(PassageStatements.Vectors(modelId, after, VectorPage), AccessMode.Read, token);
            return [.. result.Rows.Select((_, row) => new StoredEmbedding((string)result.Value(row, PassageStatements.Key)!, PassageSearch.IndexKind,
                ResultValues.Long(result.Value(row, PassageStatements.Fingerprint)), QuantizedVector.From(Floats(result.Value(row, PassageStatements.Vector)))))];
        }, e => e.Key, VectorPage, cancellationToken);

    public async Task<IReadOnlyList<VectorHit>> NearestPassagesAsync(string modelId, float[] query, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (limit <= 0)
        {
            return [];
        }

        var result = await Runner.RunAsync(PassageStatements.Nearest(modelId, Doubles(query), Math.Min(limit, MaxIndexCandidates)), AccessMode.Read,
            cancellationToken);
        return [.. result.Rows.Select((_, row) => new VectorHit((string)result.Value(row, PassageStatements.Key)!,
            Convert.ToDouble(result.Value(row, PassageStatements.Similarity), CultureInfo.InvariantCulture),
            ResultValues.Long(result.Value(row, PassageStatements.Fingerprint))))];
    }

    private async Task<IReadOnlyList<Passage>> ReadPassagesAsync(CypherStatement statement, CancellationToken cancellationToken)
    {
        var result = await Runner.RunAsync(statement, AccessMode.Read, cancellationToken);
        return [.. result.Rows.Select((_, row) => new Passage((string)result.Value(row, PassageStatements.Source)!,
            (int)ResultValues.Long(result.Value(row, PassageStatements.Paragraph)), (string)result.Value(row, PassageStatements.Text)!))];
    }
}
