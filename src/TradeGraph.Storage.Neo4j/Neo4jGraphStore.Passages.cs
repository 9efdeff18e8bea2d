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
/// Core's PassageSearch, as on SQLite.
/// </summary>
public sealed partial class Neo4jGraphStore : IPassageVectorIndexStore
{
    private PassageStatements? _passageStatements;

    private PassageStatements PassageStatements => _passageStatements ??= new PassageStatements(WriteStatements.KeyLabels, Model);

    public Task SavePassagesAsync(string sourceKey, IReadOnlyList<Passage> passages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(passages);
        if (passages.Count == 0)
        {
            return Task.CompletedTask;
        }

        // Under the writers' lock, counted as a commit: passages are data an export reads (its "no write meanwhile" check).
        return Runner.InTransactionAsync(async (transaction, token) =>
        {
            await transaction.RunAsync(WriteStatements.Lock(Clock.GetUtcNow()), token);
            await SavePassagesAsync(transaction, [.. passages.Select(p => p with { SourceKey = sourceKey })], token);
            return true;
        }, cancellationToken);
    }

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

    public async Task<IReadOnlyDictionary<string, IReadOnlyList<Passage>>> GetPassagesAsync(IReadOnlyCollection<string> sourceKeys,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sourceKeys);
        if (sourceKeys.Count == 0)
        {
            return new Dictionary<string, IReadOnlyList<Passage>>(StringComparer.Ordinal);
        }

        var found = await ReadPassagesAsync(PassageStatements.OfSources(sourceKeys), cancellationToken);
        return found.GroupBy(p => p.SourceKey, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (IReadOnlyList<Passage>)[.. g], StringComparer.Ordinal);
    }

    public Task<IReadOnlyList<Passage>> SearchPassagesAsync(IReadOnlyList<string> words, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(words);
        return words.Count == 0 || limit <= 0
            ? Task.FromResult<IReadOnlyList<Passage>>([])
            : ReadPassagesAsync(PassageStatements.Search(words, limit), cancellationToken);
    }

    public async Task<IReadOnlyList<PassageTarget>> ListStalePassagesAsync(string modelId, Passage? after, int limit, CancellationToken cancellationToken) =>
        [.. (await ReadPassagesAsync(PassageStatements.ListStale(modelId, after is null ? null : (after.SourceKey, after.Paragraph), limit), cancellationToken))
            .Select(p => new PassageTarget(p))];

    public async Task<long> CountStalePassagesAsync(string modelId, CancellationToken cancellationToken)
    {
        var result = await Runner.RunAsync(PassageStatements.CountStale(modelId), AccessMode.Read, cancellationToken);
        return ResultValues.Long(result.Value(0, PassageStatements.Stale));
    }

    public async Task<IReadOnlyList<StoredEmbedding>> SavePassageEmbeddingsAsync(string modelId,
        IReadOnlyList<(PassageTarget Target, QuantizedVector Vector)> embeddings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        if (embeddings.Count == 0)
        {
            return [];
        }

        var rows = embeddings.Select(e => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["key"] = e.Target.Passage.Key,
            ["text"] = e.Target.Passage.Text,
            ["vector"] = Doubles(e.Vector.ToFloats()),
            ["fingerprint"] = EmbeddedText.Fingerprint(e.Target.Passage.Text),
        }).ToList();
        var saved = await SaveVectorsAsync(PassageStatements.SaveVectors(modelId, rows), PassageStatements.Key, cancellationToken);
        return [.. embeddings.Where(e => saved.Contains(e.Target.Passage.Key)).Select(e => new StoredEmbedding(e.Target.Passage.Key,
            PassageSearch.IndexKind, EmbeddedText.Fingerprint(e.Target.Passage.Text), e.Vector))];
    }

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
