using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;

namespace TradeGraph.Core.Storage.Import;

/// <summary>
/// A large import as several transactions of at most <c>batchSize</c> facts each, committed one after the other, for a
/// store where one transaction for the whole document would outgrow what a transaction may hold (Neo4j: the server's
/// transaction memory limit and timeout; <c>CALL {} IN TRANSACTIONS</c> is refused inside explicit transactions). Facts go in dependency order (sources, then the other entities, then relationships), so every batch
/// finds what it refers to among its own facts or those already committed.
/// </summary>
/// <remarks>
/// A failure half way is resumable, not rolled back: the batches before it stay committed, the failing one is rolled
/// back whole, and the error says so. Importing the same document again finishes the work, as an import is an upsert —
/// committed facts come out unchanged, citations are added, never doubled. Undoing committed batches by a marker was
/// rejected: it would need every touched fact's previous state, and the undo itself could fail half way.
/// </remarks>
/// <param name="batchSize">Facts per transaction.</param>
/// <param name="batchSizeSetting">The setting that holds it, named in a failure's message.</param>
public sealed class ImportBatches(int batchSize, string batchSizeSetting)
{
    /// <summary>Told (batch, batches, facts committed, facts in all) after each batch commits.</summary>
    public Action<int, int, long, int>? Committed { get; init; }

    /// <summary>Told what stays committed when a batch fails.</summary>
    public Action<string>? Interrupted { get; init; }

    /// <summary>The document in batches; one batch (the document itself) when it fits.</summary>
    public static IReadOnlyList<GraphDocument> Split(GraphDocument document, int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (document.Entities.Count + document.Relationships.Count <= batchSize)
        {
            return [document];
        }

        var entities = document.Entities.OrderBy(e => e.Kind == GraphModel.SourceKind ? 0 : 1).ToList();
        var batches = new List<GraphDocument>();
        var total = entities.Count + document.Relationships.Count;
        for (var start = 0; start < total; start += batchSize)
        {
            var end = Math.Min(start + batchSize, total);
            var entityEnd = Math.Min(end, entities.Count);
            var batchEntities = start < entities.Count ? entities.GetRange(start, entityEnd - start) : [];
            var relationshipStart = Math.Max(start, entities.Count) - entities.Count;
            var batchRelationships = end > entities.Count
                ? document.Relationships.Skip(relationshipStart).Take(end - entities.Count - relationshipStart).ToList()
                : [];
            batches.Add(new GraphDocument(batchEntities, batchRelationships));
        }

        // Passages name their source, which every earlier batch may hold: they go with the last one.
        batches[^1] = batches[^1] with { Passages = document.Passages };
        return batches;
    }

    /// <summary>Runs <paramref name="importBatch"/> (one transaction) per batch; progress counts facts across all of them.</summary>
    public async Task<ImportResult> RunAsync(GraphDocument document, IProgress<long>? progress,
        Func<GraphDocument, IProgress<long>?, CancellationToken, Task<ImportResult>> importBatch, CancellationToken cancellationToken)
    {
        var batches = Split(document, batchSize);
        if (batches.Count == 1)
        {
            return await importBatch(document, progress, cancellationToken);
        }

        var (inserted, updated, unchanged, bulkLoad, committed) = (0, 0, 0, 0L, 0L);
        for (var i = 0; i < batches.Count; i++)
        {
            var batch = batches[i];
            var before = committed;
            var batchProgress = progress is null ? null : new Progress(done => progress.Report(before + done));
            ImportResult result;
            try
            {
                result = await importBatch(batch, batchProgress, cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                var interrupted = Interruption(exception, i, batches.Count, committed);
                if (ReferenceEquals(interrupted, exception))
                {
                    throw;
                }

                throw interrupted;
            }

            (inserted, updated, unchanged, bulkLoad) = (inserted + result.Inserted, updated + result.Updated, unchanged + result.Unchanged, result.BulkLoad);
            committed += batch.Entities.Count + batch.Relationships.Count;
            Committed?.Invoke(i + 1, batches.Count, committed, document.Entities.Count + document.Relationships.Count);
        }

        return new ImportResult(inserted, updated, unchanged, bulkLoad);
    }

    /// <summary>The failure, told what stays committed; of the same type where callers tell failures apart by type.</summary>
    private Exception Interruption(Exception exception, int failed, int count, long committed)
    {
        var told = $"The import stopped in batch {failed + 1} of {count} ({batchSizeSetting} {batchSize}): " +
            (failed == 0 ? "nothing was committed. " : $"batches 1-{failed} ({committed} facts) are committed, batch {failed + 1} was rolled back. ") +
            (failed == 0 ? "" : "Importing the same document again resumes it (committed facts come out unchanged). ") +
            $"Cause: {exception.Message}";
        Interrupted?.Invoke(told);
        return exception switch
        {
            StoreUnavailableException => new StoreUnavailableException(told, exception),
            InvalidOperationException => new InvalidOperationException(told, exception),
            _ => exception, // coded by its type (outcome unknown, too large): the log above says what stays committed
        };
    }

    private sealed class Progress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
