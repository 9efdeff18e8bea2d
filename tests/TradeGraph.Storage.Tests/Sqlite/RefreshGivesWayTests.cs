using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;
using System.Reflection;
using TradeGraph.Core.Semantic;
using TradeGraph.Core.Synthetic;
using TradeGraph.Core.Storage;
using TradeGraph.Core.Writing;
using TradeGraph.Storage.Sqlite;
using TradeGraph.Storage.Tests.Contract;

namespace TradeGraph.Storage.Tests.Sqlite;

/// <summary>
/// The background refresh gives way to user writes (<see cref="WritePrecedence"/>) on a real SQLite store through the real
/// <see cref="GraphWriter"/>: a user write issued while a batch is being saved cancels that save and commits first; the
/// batch runs again and stores no vector of old text; a model run waits while a user write is under way.
/// </summary>
public sealed class RefreshGivesWayTests : IAsyncLifetime
{
    private readonly WordHashEmbedder _embedder = new();
    private readonly WritePrecedence _precedence = new();
    private readonly GraphVersion _version = new();
    private readonly List<string> _log = [];
    private readonly TempSqliteStore _temporary = new();
    private SqliteGraphStore _store = null!;
    private GraphWriter _writer = null!;

    public async Task InitializeAsync()
    {
        _store = await _temporary.OpenAsync(TradeModel.Define());
        await _store.ImportAsync(ScaleGenerator.Generate(1000, 5, default), default);
        _writer = new GraphWriter(_store, TradeModel.Define(), new LocalCommits(new GraphChangeFeed()), _version, _precedence);
    }

    public Task DisposeAsync()
    {
        _temporary.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task AUserWriteIssuedWhileABatchIsSavedCommitsFirstAndNoVectorOfOldTextIsStored()
    {
        var held = new HeldSaves(_store, _log, _version);
        var refresher = new EmbeddingRefresher(held, _embedder, batchSize: 16, _precedence);
        var refresh = refresher.RefreshAsync(null, null, CancellationToken.None);
        var first = await held.SaveBegun.Task.WaitAsync(TimeSpan.FromMinutes(1));

        // The user write changes the text of an entity the held batch embedded: the batch's save gives way to it.
        var target = first[0].Target.Entity;
        var result = await _writer.WriteAsync(Describe(target, "written while the batch was being saved"), CancellationToken.None);
        held.Release.TrySetResult();
        var stored = await refresh.WaitAsync(TimeSpan.FromMinutes(1));

        Assert.True(result.Revision > 0);
        Assert.Equal(1, _precedence.Yields);
        // The version moves on when the user write commits: the repeated save began after that commit, not before it.
        Assert.Equal(["save begun at version 0", "save cancelled", "save begun at version 1"], Lock(() => _log.Take(3).ToList()));
        // The written entity was left stale, not given the vector of its old text; a next pass embeds the new text.
        Assert.Equal([target.Key], (await ((IEmbeddingStore)_store).ListStaleEntitiesAsync(_embedder.ModelId, null, 10, default)).Select(t => t.Entity.Key));
        Assert.Equal(1, await new EmbeddingRefresher(_store, _embedder, precedence: _precedence).RefreshAsync(null, null, default));
        Assert.True(stored > 0);
        await AssertEveryVectorIsOfTheCurrentTextAsync();
    }

    [Fact]
    public async Task AModelRunWaitsWhileAUserWriteIsUnderWay()
    {
        var counting = new CountingEmbedder(_embedder);
        var listed = new ListedSignal(_store);
        Task<long> refresh;
        using (_precedence.BeginUserWrite())
        {
            refresh = new EmbeddingRefresher(listed, counting, batchSize: 16, _precedence).RefreshAsync(null, null, CancellationToken.None);
            await listed.Listed.Task.WaitAsync(TimeSpan.FromMinutes(1));
            // Past its listing, the refresh stands before its first model run; give it every chance to run one.
            await Task.Delay(200);
            Assert.Equal(0, counting.Calls);
        }

        Assert.True(await refresh.WaitAsync(TimeSpan.FromMinutes(1)) > 0);
        Assert.True(counting.Calls > 0);
    }

    [Fact]
    public async Task TheWriterHoldsTheBackgroundBackOnlyWhileItWrites()
    {
        var target = (await ((IEmbeddingStore)_store).ListStaleEntitiesAsync(_embedder.ModelId, null, 1, default))[0].Entity;
        var watched = ApplyWatch.Around(_store, _precedence);
        var writer = new GraphWriter((IGraphStore)watched, TradeModel.Define(), new LocalCommits(new GraphChangeFeed()), new GraphVersion(), _precedence);

        await writer.WriteAsync(Describe(target, "a description"), CancellationToken.None);

        Assert.Equal([false], watched.QuietDuringApply);
        await _precedence.WaitForQuietAsync(CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(1));
    }

    private static WriteBatch Describe(Entity entity, string description) =>
        new([new UpdateEntity(entity.Kind, entity.Key, null, null, SetDescription: true, description, PropertyValues.EmptyProperties, [], Editorial: true)], "test");

    private async Task AssertEveryVectorIsOfTheCurrentTextAsync()
    {
        var current = new Dictionary<string, long>();
        var all = await ((IEmbeddingStore)_store).ListStaleEntitiesAsync("no-such-model", null, 10_000, default);
        foreach (var target in all)
        {
            current[target.Entity.Key] = EmbeddedText.Fingerprint(target.Text);
        }

        var vectors = 0;
        await foreach (var stored in _store.StreamEntityEmbeddingsAsync(_embedder.ModelId, default))
        {
            Assert.Equal(current[stored.Key], stored.Fingerprint);
            vectors++;
        }

        Assert.Equal(all.Count, vectors);
    }

    private T Lock<T>(Func<T> action)
    {
        lock (_log)
        {
            return action();
        }
    }

    private void Lock(Action action)
    {
        lock (_log)
        {
            action();
        }
    }

    /// <summary>
    /// The first save waits for <see cref="Release"/> (or its token) before it reaches the store; every save is logged with
    /// the graph version it began at (a line logged by the test after the write returned could race the repeated save).
    /// </summary>
    private sealed class HeldSaves(IEmbeddingStore inner, List<string> log, GraphVersion version) : DelegatingEmbeddingStore(inner)
    {
        public TaskCompletionSource<IReadOnlyList<(EmbeddingTarget Target, QuantizedVector Vector)>> SaveBegun { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async Task<IReadOnlyList<StoredEmbedding>> SaveEntityEmbeddingsAsync(string modelId,
            IReadOnlyList<(EmbeddingTarget Target, QuantizedVector Vector)> embeddings, CancellationToken cancellationToken)
        {
            lock (log)
            {
                log.Add($"save begun at version {version.Value}");
            }

            SaveBegun.TrySetResult(embeddings);
            try
            {
                await Release.Task.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                lock (log)
                {
                    log.Add("save cancelled");
                }

                throw;
            }

            return await base.SaveEntityEmbeddingsAsync(modelId, embeddings, cancellationToken);
        }
    }

    /// <summary>Signals once the refresh has listed its first batch.</summary>
    private sealed class ListedSignal(IEmbeddingStore inner) : DelegatingEmbeddingStore(inner)
    {
        public TaskCompletionSource Listed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async Task<IReadOnlyList<EmbeddingTarget>> ListStaleEntitiesAsync(string modelId, string? afterKey, int limit, CancellationToken cancellationToken)
        {
            var listed = await base.ListStaleEntitiesAsync(modelId, afterKey, limit, cancellationToken);
            Listed.TrySetResult();
            return listed;
        }
    }

    private sealed class CountingEmbedder(ITextEmbedder inner) : ITextEmbedder
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public string ModelId => inner.ModelId;

        public int Dimensions => inner.Dimensions;

        public Task<float[][]> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            return inner.EmbedAsync(texts, cancellationToken);
        }
    }

    /// <summary>Whether the background could take its turn at each moment the store applied a batch.</summary>
#pragma warning disable CA1852 // DispatchProxy derives from it at run time.
    private class ApplyWatch : DispatchProxy
#pragma warning restore CA1852
    {
        private IGraphStore _inner = null!;
        private WritePrecedence _precedence = null!;

        public List<bool> QuietDuringApply { get; } = [];

        public static ApplyWatch Around(IGraphStore inner, WritePrecedence precedence)
        {
            var watch = (ApplyWatch)(object)Create<IGraphStore, ApplyWatch>();
            (watch._inner, watch._precedence) = (inner, precedence);
            return watch;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            if (targetMethod!.Name == nameof(IGraphStore.ApplyAsync))
            {
                QuietDuringApply.Add(_precedence.WaitForQuietAsync(CancellationToken.None).IsCompleted);
            }

            return targetMethod.Invoke(_inner, args);
        }
    }

    private abstract class DelegatingEmbeddingStore(IEmbeddingStore inner) : IEmbeddingStore
    {
        public virtual Task<IReadOnlyList<EmbeddingTarget>> ListStaleEntitiesAsync(string modelId, string? afterKey, int limit, CancellationToken cancellationToken) =>
            inner.ListStaleEntitiesAsync(modelId, afterKey, limit, cancellationToken);

        public Task<long> CountStaleEntitiesAsync(string modelId, CancellationToken cancellationToken) => inner.CountStaleEntitiesAsync(modelId, cancellationToken);

        public virtual Task<IReadOnlyList<StoredEmbedding>> SaveEntityEmbeddingsAsync(string modelId,
            IReadOnlyList<(EmbeddingTarget Target, QuantizedVector Vector)> embeddings, CancellationToken cancellationToken) =>
            inner.SaveEntityEmbeddingsAsync(modelId, embeddings, cancellationToken);

        public IAsyncEnumerable<StoredEmbedding> StreamEntityEmbeddingsAsync(string modelId, CancellationToken cancellationToken) =>
            inner.StreamEntityEmbeddingsAsync(modelId, cancellationToken);
    }
}
