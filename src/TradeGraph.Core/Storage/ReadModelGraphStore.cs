using TradeGraph.Core.Analytics;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;
using TradeGraph.Core.Querying;
using TradeGraph.Core.Storage.InMemory;
using TradeGraph.Core.Writing;

namespace TradeGraph.Core.Storage;

/// <summary>
/// An <see cref="IGraphStore"/> that answers the graph reads (entities by key, lists, counts, aggregates, related lists,
/// statistics) from an in-memory model of the graph, kept in step with every commit made through it; the store it wraps
/// stays the store of record and answers everything else (search with near spellings, history, cited facts, export,
/// topology); ranked search without them is answered from memory too.
/// <para>
/// The model is built from a streamed read of the store in the background once the store is initialized (after what
/// the first build is told to wait for); until it is ready every read goes to the store. A committed batch is applied
/// to the model before <see cref="ApplyAsync"/> returns (a mutation followed by a query sees it), in commit order
/// (writes through here are serialized), under a write lock held only around the synchronous in-memory work: a reader sees a batch whole or not at all. An import, or a write whose outcome is unknown
/// (it failed other than by refusal), drops the model (reads go to the store) and builds it again. A change another
/// process makes to the store reaches the model through <see cref="RefreshAsync"/> (the revision follower), or a rebuild
/// (<see cref="Reload"/>).
/// </para>
/// </summary>
public sealed class ReadModelGraphStore : IGraphStore, IDisposable
{
    private readonly IGraphStore _store;
    private readonly GraphModel _model;
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly SemaphoreSlim _writes = new(1, 1);
    private readonly SemaphoreSlim _loads = new(1, 1);
    private readonly Lock _state = new();
    private readonly CancellationTokenSource _disposed = new();
    private readonly Func<CancellationToken, Task>? _buildAfter;

    // Guarded by _state (and _lock for the swap): the model answering reads (null: the store answers), the writes
    // committed while a load runs (replayed onto what it built), and a generation an import or an unknown outcome moves on.
    private ReadModelGraph? _graph;
    private List<WriteResult>? _pending;
    private long _generation;
    private int _started;

    /// <param name="store">The store of record.</param>
    /// <param name="model">The graph's model.</param>
    /// <param name="buildAfter">
    /// What the first build waits for before it reads the store (another start-up read that must not compete with it for
    /// the CPU); its failure does not stop the build. Reads go to the store meanwhile.
    /// </param>
    public ReadModelGraphStore(IGraphStore store, GraphModel model, Func<CancellationToken, Task>? buildAfter = null)
    {
        _store = store;
        _model = model;
        _buildAfter = buildAfter;
    }

    /// <summary>Completes when the first model is built (or its build failed: reads then stay with the store).</summary>
    public Task Ready { get; private set; } = Task.CompletedTask;

    /// <summary>Whether reads are answered from memory now.</summary>
    public bool IsReady => Volatile.Read(ref _graph) is not null;

    /// <summary>Why the last build failed, if it did.</summary>
    public Exception? LoadFailure { get; private set; }

    /// <summary>How many times a model was built and put in service (tests prove which one answered).</summary>
    public int Loads => Volatile.Read(ref _loadCount);

    private int _loadCount;

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await _store.InitializeAsync(cancellationToken);
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            Ready = Task.Run(() => FirstLoadAsync(_disposed.Token), CancellationToken.None);
        }
    }

    /// <summary>The first build, once what it waits for is done (whatever its outcome).</summary>
    private async Task FirstLoadAsync(CancellationToken cancellationToken)
    {
        if (_buildAfter is { } prerequisite)
        {
            try
            {
                await prerequisite(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                // Its failure is its owner's to report; the model is built all the same.
            }
        }

        // An import meanwhile (seeding an empty store at start) built and put in service a model of its own.
        if (cancellationToken.IsCancellationRequested || Loads > 0)
        {
            return;
        }

        await LoadAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task<IReadOnlyDictionary<string, Entity>> GetEntitiesAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken) =>
        GetEntitiesAsync(keys, EntityParts.All, cancellationToken);

    // The model holds whole entities; what it answers is cut to the parts asked, as every store's answer is.
    public Task<IReadOnlyDictionary<string, Entity>> GetEntitiesAsync(IReadOnlyCollection<string> keys, EntityParts parts, CancellationToken cancellationToken) =>
        Read<IReadOnlyDictionary<string, Entity>>(
            q => q.GetEntities(keys, parts),
            () => _store.GetEntitiesAsync(keys, parts, cancellationToken), cancellationToken);

    public Task<Page<Entity>> ListEntitiesAsync(EntityQuery query, CancellationToken cancellationToken) =>
        Read(q => Projected(q.ListEntities(query), query.Parts), () => _store.ListEntitiesAsync(query, cancellationToken), cancellationToken);

    public Task<long> CountEntitiesAsync(string kind, Filter? filter, CancellationToken cancellationToken) =>
        Read(q => q.AggregateEntities(kind, filter, []).Count, () => _store.CountEntitiesAsync(kind, filter, cancellationToken), cancellationToken);

    public Task<Aggregate> AggregateEntitiesAsync(string kind, Filter? filter, IReadOnlyCollection<string> properties, CancellationToken cancellationToken) =>
        Read(q => q.AggregateEntities(kind, filter, properties), () => _store.AggregateEntitiesAsync(kind, filter, properties, cancellationToken), cancellationToken);

    public Task<IReadOnlyDictionary<string, Page<RelatedEntity>>> ListRelatedAsync(RelatedQuery query, CancellationToken cancellationToken) =>
        Read<IReadOnlyDictionary<string, Page<RelatedEntity>>>(q => Projected(q.ListRelated(query), query.Parts),
            () => _store.ListRelatedAsync(query, cancellationToken), cancellationToken);

    private static Page<Entity> Projected(Page<Entity> page, EntityParts parts) => parts == EntityParts.All ? page
        : page with { Items = [.. page.Items.Select(i => i.WithValue(parts.Project(i.Value)))] };

    private static IReadOnlyDictionary<string, Page<RelatedEntity>> Projected(IReadOnlyDictionary<string, Page<RelatedEntity>> pages, EntityParts parts) =>
        parts == EntityParts.All ? pages : pages.ToDictionary(p => p.Key, p => p.Value with
        {
            Items = [.. p.Value.Items.Select(i => i.WithValue(new RelatedEntity(parts.Project(i.Value.Entity), parts.Project(i.Value.Relationship))))],
        }, StringComparer.Ordinal);

    public Task<IReadOnlyDictionary<string, long>> CountRelatedAsync(RelatedQuery query, CancellationToken cancellationToken) =>
        Read<IReadOnlyDictionary<string, long>>(
            q => q.AggregateRelated(query, []).ToDictionary(a => a.Key, a => a.Value.Count, StringComparer.Ordinal),
            () => _store.CountRelatedAsync(query, cancellationToken), cancellationToken);

    public Task<IReadOnlyDictionary<string, Aggregate>> AggregateRelatedAsync(RelatedQuery query, IReadOnlyCollection<string> properties, CancellationToken cancellationToken) =>
        Read<IReadOnlyDictionary<string, Aggregate>>(q => q.AggregateRelated(query, properties),
            () => _store.AggregateRelatedAsync(query, properties, cancellationToken), cancellationToken);

    public Task<bool> IsEmptyAsync(CancellationToken cancellationToken) => _store.IsEmptyAsync(cancellationToken);

    public Task<GraphStatistics> GetStatisticsAsync(CancellationToken cancellationToken) =>
        Read(q => q.Statistics(), () => _store.GetStatisticsAsync(cancellationToken), cancellationToken);

    public Task<IReadOnlyList<SearchHit>> SearchAsync(string text, int limit, CancellationToken cancellationToken) =>
        _store.SearchAsync(text, limit, cancellationToken);

    // Near spellings need the store's vocabulary of every word: those searches stay with the store.
    public Task<Page<SearchHit>> SearchRankedAsync(SearchQuery query, CancellationToken cancellationToken) => query.Fuzzy
        ? _store.SearchRankedAsync(query, cancellationToken)
        : Read(q => q.Search(query), () => _store.SearchRankedAsync(query, cancellationToken), cancellationToken);

    public Task<IReadOnlyDictionary<string, IReadOnlyList<Revision>>> GetHistoryAsync(IReadOnlyCollection<string> factKeys, CancellationToken cancellationToken) =>
        _store.GetHistoryAsync(factKeys, cancellationToken);

    public Task<IReadOnlyDictionary<string, Page<CitedFact>>> ListCitedFactsAsync(IReadOnlyCollection<string> sourceKeys, PageRequest page, CancellationToken cancellationToken) =>
        _store.ListCitedFactsAsync(sourceKeys, page, cancellationToken);

    public Task<GraphDocument> ExportAsync(CancellationToken cancellationToken) => _store.ExportAsync(cancellationToken);

    public Task<RevisionLog> ReadRevisionsAsync(long afterRevision, int limit, CancellationToken cancellationToken) =>
        _store.ReadRevisionsAsync(afterRevision, limit, cancellationToken);

    public IAsyncEnumerable<GraphElement> StreamGraphAsync(CancellationToken cancellationToken) => _store.StreamGraphAsync(cancellationToken);

    public Task<GraphTopology> ReadTopologyAsync(CancellationToken cancellationToken) => _store.ReadTopologyAsync(cancellationToken);

    public async Task<WriteResult> ApplyAsync(WriteBatch batch, CancellationToken cancellationToken)
    {
        await _writes.WaitAsync(cancellationToken);
        try
        {
            WriteResult result;
            try
            {
                result = await _store.ApplyAsync(batch, cancellationToken);
            }
            catch (Exception e) when (e is not GraphWriteException)
            {
                // Refused batches change nothing; any other failure may have come after the commit.
                Invalidate();
                throw;
            }

            ApplyCommitted(result);
            return result;
        }
        finally
        {
            _writes.Release();
        }
    }

    /// <summary>
    /// Brings the model up to a change committed elsewhere (another process): <paramref name="read"/> reads the facts it
    /// touched from the store of record as they stand now, and they are applied, serialized with this process's writes so a
    /// read cannot overwrite a newer local commit. A failed read throws (nothing was applied); a failed apply (a fact whose
    /// end the model lacks) drops the model and builds it again rather than leave it wrong.
    /// </summary>
    public async Task RefreshAsync(Func<IGraphStore, CancellationToken, Task<WriteResult>> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        await _writes.WaitAsync(cancellationToken);
        try
        {
            var facts = await read(_store, cancellationToken);
            try
            {
                ApplyCommitted(facts);
            }
            catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or ArgumentException)
            {
                Invalidate();
            }
        }
        finally
        {
            _writes.Release();
        }
    }

    /// <summary>Drops the model (reads go to the store) and builds it again: after a bulk load elsewhere, or a gap in what was followed.</summary>
    public void Reload() => Invalidate();

    private void ApplyCommitted(WriteResult result)
    {
        lock (_state)
        {
            _pending?.Add(result);
            _lock.EnterWriteLock();
            try
            {
                _graph?.Apply(result);
            }
            finally
            {
                _lock.ExitWriteLock();
            }
        }
    }

    /// <summary>Imports into the store, then builds the model again (reads go to the store until it is ready).</summary>
    public Task<ImportResult> ImportAsync(GraphDocument document, CancellationToken cancellationToken) =>
        ImportAsync(document, progress: null, cancellationToken);

    /// <summary>Imports into the store, telling <paramref name="progress"/> as it goes, then builds the model again.</summary>
    public async Task<ImportResult> ImportAsync(GraphDocument document, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        await _writes.WaitAsync(cancellationToken);
        try
        {
            return await _store.ImportAsync(document, progress, cancellationToken);
        }
        finally
        {
            // Refused or not, the model is built again from what the store holds now.
            DropModel();
            _writes.Release();
            await LoadAsync(_disposed.Token);
        }
    }

    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
    }

    /// <summary>Answers from memory when the model is ready (under the read lock), else from the store.</summary>
    private Task<T> Read<T>(Func<ReadModelQueries, T> fromMemory, Func<Task<T>> fromStore, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _graph) is null)
        {
            return fromStore();
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<T>(cancellationToken);
        }

        _lock.EnterReadLock();
        try
        {
            if (_graph is { } graph)
            {
                return Task.FromResult(fromMemory(graph.Queries));
            }
        }
        catch (Exception e)
        {
            // As from the store: a bad cursor or field faults the task rather than throwing from the call.
            return Task.FromException<T>(e);
        }
        finally
        {
            _lock.ExitReadLock();
        }

        return fromStore();
    }

    private void Invalidate()
    {
        DropModel();
        _ = Task.Run(() => LoadAsync(_disposed.Token), CancellationToken.None);
    }

    private void DropModel()
    {
        lock (_state)
        {
            _generation++;
            _lock.EnterWriteLock();
            _graph = null;
            _lock.ExitWriteLock();
        }
    }

    /// <summary>The model of the graph the store holds now, built from a streamed read (never the whole export at once).</summary>
    private Task<ReadModelGraph> BuildAsync(CancellationToken cancellationToken) =>
        ReadModelGraph.BuildAsync(_store.StreamGraphAsync(cancellationToken), _model, cancellationToken);

    /// <summary>
    /// Builds a model from a streamed read and puts it in service, replaying the batches committed meanwhile (applying a
    /// committed fact again is harmless, so the read may or may not hold them). A build overtaken by an import is
    /// dropped: the import builds its own.
    /// </summary>
    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        await _loads.WaitAsync(cancellationToken);
        try
        {
            long generation;
            lock (_state)
            {
                generation = _generation;
                _pending = [];
            }

            var graph = await BuildAsync(cancellationToken);
            lock (_state)
            {
                if (generation == _generation)
                {
                    _pending.ForEach(graph.Apply);
                    _lock.EnterWriteLock();
                    _graph = graph;
                    _lock.ExitWriteLock();
                    Interlocked.Increment(ref _loadCount);
                }

                _pending = null;
            }

            LoadFailure = null;
            // What the build read and the tables it interned with are garbage now: hand the memory back at once rather than
            // leave the process holding it until the collector gets round to it.
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LoadFailure = e;
            lock (_state)
            {
                _pending = null;
            }
        }
        finally
        {
            _loads.Release();
        }
    }
}
