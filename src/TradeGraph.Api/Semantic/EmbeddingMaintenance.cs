using System.Diagnostics;
using Microsoft.Extensions.Options;
using TradeGraph.Api.Storage;
using TradeGraph.Core.Passages;
using TradeGraph.Core.Semantic;
using TradeGraph.Core.Storage;
using TradeGraph.Core.Writing;

namespace TradeGraph.Api.Semantic;

/// <summary>
/// Keeps the vectors in step in the background: at start it loads the stored vectors into the index, then embeds every
/// entity whose vector is missing or stale (a whole store on first start after the upgrade: the backfill, with progress
/// in the log), and again each time the graph's version moves on (a write dropped vectors in its transaction).
/// Until an entity is embedded, semantic search does not find it; it never finds it by a vector of old text. A store that
/// indexes its vectors itself (Neo4j) has nothing to load: only the refresh runs. A source's passages are kept the same
/// way, in their own index, after the entities. The refresh gives way to user writes (<see cref="WritePrecedence"/>): it
/// waits while they arrive, and a user write cancels its save, which runs again once writes are quiet.
/// </summary>
internal sealed partial class EmbeddingMaintenance(
    StoreOfRecord storeOfRecord,
    EntitySearch search,
    GraphVersion version,
    IOptions<SemanticOptions> options,
    ILogger<EmbeddingMaintenance> logger,
    WritePrecedence precedence,
    SemanticCoverage coverage,
    PassageSearch? passageSearch = null,
    Analytics.AnalyticsStartupGate? analyticsFirst = null,
    IOptions<Analytics.AnalyticsOptions>? analyticsOptions = null) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(10);

    private TimeSpan StorePollInterval => options.Value.StorePollSeconds == 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(options.Value.StorePollSeconds);

    /// <summary>Completes once the stored vectors are loaded and the first refresh (the backfill) is done.</summary>
    public Task Backfilled => _backfilled.Task;

    private readonly TaskCompletionSource _backfilled = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        // The stored vectors are a whole-graph read: the first analytics answer goes first (decision 0017).
        if (analyticsFirst is not null && analyticsOptions is not null)
        {
            await analyticsFirst.WaitAsync(TimeSpan.FromSeconds(analyticsOptions.Value.StartupWorkWaitSeconds), stoppingToken);
        }

        if (storeOfRecord.Store is not IEmbeddingStore store)
        {
            // A store that keeps no vectors (a test's wrapper): nothing to maintain, and semantic search finds nothing.
            LogNoVectors(storeOfRecord.Store.GetType().Name);
            _backfilled.TrySetResult();
            return;
        }

        var refresher = new EmbeddingRefresher(store, search.Embedder, options.Value.BatchSize, precedence);
        var loaded = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            var (seen, movedOn) = version.Current;
            try
            {
                if (!loaded && search.Index is { } index)
                {
                    await LoadAsync(store, index, stoppingToken);
                }

                loaded = true;

                await RefreshAsync(refresher, seen, stoppingToken);
                await RefreshPassagesAsync(refresher, stoppingToken);
                _backfilled.TrySetResult();
            }
            catch (Exception) when (stoppingToken.IsCancellationRequested)
            {
                // Stopping: ONNX Runtime reports a cancelled run as its own exception, not as a cancellation.
                return;
            }
            catch (StoreUnavailableException unavailable)
            {
                LogStoreUnavailable(unavailable.Message);
                await Task.Delay(RetryDelay, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                continue;
            }
#pragma warning disable CA1031 // A failed refresh is logged and tried again; it must not stop the host.
            catch (Exception failure)
#pragma warning restore CA1031
            {
                // Tried again after a pause, not only at the next write: a write may never come to wake it.
                LogRefreshFailed(failure);
                await Task.Delay(RetryDelay, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                continue;
            }

            // Sleeps until the next commit (the version's token), unless one came while this refresh ran. A store that indexes
            // its vectors itself may be written by other processes (replicas, the import command): it is also polled.
            if (version.Value == seen)
            {
                using var either = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, movedOn);
                await Task.Delay(search.Index is null ? StorePollInterval : Timeout.InfiniteTimeSpan, either.Token)
                    .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task LoadAsync(IEmbeddingStore store, VectorIndex index, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var count = 0;
        await foreach (var embedding in store.StreamEntityEmbeddingsAsync(search.Embedder.ModelId, cancellationToken))
        {
            index.Upsert(embedding);
            count++;
        }

        // Loaded by doubling: the slack goes now, not with the process (issue 13).
        index.TrimExcess();
        LogLoaded(count, search.Embedder.ModelId, Stopwatch.GetElapsedTime(started).TotalSeconds);
        if (passageSearch is { Index: { } passageIndex })
        {
            await foreach (var embedding in passageSearch.Passages.StreamPassageEmbeddingsAsync(search.Embedder.ModelId, cancellationToken))
            {
                passageIndex.Upsert(embedding);
            }

            passageIndex.TrimExcess();

            LogPassagesLoaded(passageIndex.Count);
        }
    }

    private async Task RefreshPassagesAsync(EmbeddingRefresher refresher, CancellationToken cancellationToken)
    {
        if (passageSearch is not { CanRankByMeaning: true })
        {
            return;
        }

        // Without an in-memory index (Neo4j) the store's own vector index takes what is saved.
        var passageIndex = passageSearch.Index;
        var stored = await refresher.RefreshPassagesAsync(passageSearch.Passages, passageIndex, null, cancellationToken);
        if (stored > 0 && passageIndex is not null)
        {
            LogPassagesRefreshed(stored, passageIndex.Count);
        }
        else if (stored > 0)
        {
            LogPassagesRefreshedInStore(stored);
        }
    }

    private async Task RefreshAsync(EmbeddingRefresher refresher, long seen, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var lastReport = started;
        // Counted first, so semantic answers say how many are missing from the first batch on (SemanticCoverage).
        var stale = await refresher.CountStaleAsync(cancellationToken);
        coverage.Left(stale, seen);
        var progress = new Reporter<RefreshProgress>(p =>
        {
            coverage.Left(p.StaleAtStart - p.Stored, seen);
            if (Stopwatch.GetElapsedTime(lastReport) >= ProgressEvery)
            {
                lastReport = Stopwatch.GetTimestamp();
                var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
                LogProgress(p.Stored, p.StaleAtStart, p.Stored / Math.Max(seconds, 0.001));
            }
        });
        var stored = await refresher.RefreshAsync(search.Index, progress, stale, cancellationToken);
        // Texts written meanwhile stay counted: the write moved the version on, so the next pass counts again.
        coverage.Left(stale - stored, seen);
        if (stored > 0 && search.Index is { } index)
        {
            LogRefreshed(stored, Stopwatch.GetElapsedTime(started).TotalSeconds, index.Count);
        }
        else if (stored > 0)
        {
            LogRefreshedInStore(stored, Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }


    [LoggerMessage(EventId = 40, Level = LogLevel.Information, Message = "Loaded {Count} stored vectors of {Model} in {Seconds:F1} s")]
    private partial void LogLoaded(int count, string model, double seconds);

    [LoggerMessage(EventId = 41, Level = LogLevel.Information, Message = "Embedding entities: {Stored} of {Stale} done ({Rate:F0} a second)")]
    private partial void LogProgress(long stored, long stale, double rate);

    [LoggerMessage(EventId = 42, Level = LogLevel.Information, Message = "Embedded {Stored} entities in {Seconds:F1} s; {Indexed} vectors in the index")]
    private partial void LogRefreshed(long stored, double seconds, int indexed);

    [LoggerMessage(EventId = 46, Level = LogLevel.Information, Message = "Embedded {Stored} entities in {Seconds:F1} s; the store indexes them")]
    private partial void LogRefreshedInStore(long stored, double seconds);

    [LoggerMessage(EventId = 43, Level = LogLevel.Warning, Message = "Embedding refresh failed; tried again in 5 s")]
    private partial void LogRefreshFailed(Exception exception);

    [LoggerMessage(EventId = 45, Level = LogLevel.Warning, Message = "The store ({StoreType}) keeps no vectors: semantic search finds nothing")]
    private partial void LogNoVectors(string storeType);

    [LoggerMessage(EventId = 48, Level = LogLevel.Information, Message = "Loaded {Count} stored passage vectors")]
    private partial void LogPassagesLoaded(int count);

    [LoggerMessage(EventId = 47, Level = LogLevel.Information, Message = "Embedded {Stored} passages; {Indexed} passage vectors in the index")]
    private partial void LogPassagesRefreshed(long stored, int indexed);

    [LoggerMessage(EventId = 49, Level = LogLevel.Information, Message = "Embedded {Stored} passages; the store indexes them")]
    private partial void LogPassagesRefreshedInStore(long stored);

    [LoggerMessage(EventId = 44, Level = LogLevel.Warning, Message = "The store is not reachable yet; embeddings wait for it: {Reason}")]
    private partial void LogStoreUnavailable(string reason);
}
