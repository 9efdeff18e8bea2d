using Microsoft.Data.Sqlite;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;
using TradeGraph.Core.Storage;
using TradeGraph.Core.Synthetic;
using TradeGraph.Core.Writing;
using TradeGraph.Storage.Sqlite;

namespace TradeGraph.Storage.Tests.ReadModel;

/// <summary>
/// The read model is built from a streamed read of the store, never from a whole export: SQLite streams what it exports
/// (entities in key order, then relationships) in one read; the build takes the stream, waits for what it is told to
/// wait for first, and loses no write committed while it streams.
/// </summary>
public sealed class ReadModelStreamedBuildTests : IAsyncLifetime
{
    private static readonly GraphModel Model = TradeModel.Define();
    private readonly string _folder = Directory.CreateTempSubdirectory("tradegraph-streamed-").FullName;
    private readonly GraphDocument _graph = ScaleGenerator.Generate(1_000, seed: 5);
    private readonly List<ReadModelGraphStore> _opened = [];
    private SqliteGraphStore _sqlite = null!;

    public async Task InitializeAsync()
    {
        _sqlite = new SqliteGraphStore(new SqliteStoreOptions { Path = Path.Combine(_folder, "graph.db") }, Model);
        await _sqlite.InitializeAsync(default);
        await _sqlite.ImportAsync(_graph, default);
    }

    public Task DisposeAsync()
    {
        _opened.ForEach(store => store.Dispose());
        _sqlite.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task SqliteStreamsWhatItExportsEntitiesInKeyOrderThenRelationships()
    {
        var streamed = new List<GraphElement>();
        await foreach (var fact in _sqlite.StreamGraphAsync(default))
        {
            streamed.Add(fact);
        }

        var export = await _sqlite.ExportAsync(default);
        var entities = streamed.TakeWhile(f => f.Entity is not null).Select(f => ReadModelParityTests.Describe(f.Entity!)).ToList();
        var relationships = streamed.Skip(entities.Count).Select(f => ReadModelParityTests.Describe(f.Relationship!)).ToList();

        Assert.Equal(export.Entities.Select(ReadModelParityTests.Describe), entities);
        Assert.Equal(export.Relationships.Select(ReadModelParityTests.Describe).Order(StringComparer.Ordinal), relationships.Order(StringComparer.Ordinal));
        Assert.Equal(_graph.Entities.Count + _graph.Relationships.Count, streamed.Count);
    }

    [Fact]
    public async Task TheBuildStreamsTheStoreAndNeverExportsIt()
    {
        var recording = new RecordingStore(_sqlite);

        var store = await OpenAsync(recording);
        await store.Ready;

        Assert.True(store.IsReady, store.LoadFailure?.ToString());
        Assert.Equal(0, recording.Exports);
        Assert.Equal(1, recording.Streams);
        Assert.Equal(_graph.Entities.Count + _graph.Relationships.Count, recording.Streamed);
        Assert.Equal(await ReadModelWriteSyncTests.SnapshotAsync(_sqlite), await ReadModelWriteSyncTests.SnapshotAsync(store));
    }

    [Fact]
    public async Task TheFirstBuildStartsOnlyOnceWhatItWaitsForIsDoneEvenIfThatFailed()
    {
        var recording = new RecordingStore(_sqlite);
        var prerequisite = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var store = await OpenAsync(recording, _ => prerequisite.Task);
        var key = _graph.Entities[0].Key;
        var meanwhile = await store.GetEntitiesAsync([key], default);

        Assert.Equal(0, recording.Streams);
        Assert.False(store.IsReady);
        Assert.Equal(key, Assert.Single(meanwhile).Key);

        prerequisite.SetException(new InvalidOperationException("the analytics read failed"));
        await store.Ready;

        Assert.True(store.IsReady, store.LoadFailure?.ToString());
        Assert.Equal(1, recording.Streams);
    }

    [Fact]
    public async Task WritesCommittedWhileTheBuildStreamsAreInTheModel()
    {
        // Held half-way through the entities: some of what the writes touch was streamed already, some is still to come.
        var recording = new RecordingStore(_sqlite) { PauseAfter = _graph.Entities.Count / 2 };
        var store = await OpenAsync(recording);
        await recording.Paused.Task;

        var ordered = _graph.Entities.Where(e => e.Kind != GraphModel.SourceKind).OrderBy(e => e.Key, StringComparer.Ordinal).ToList();
        var connected = _graph.Relationships.SelectMany(r => new[] { r.From, r.To }).ToHashSet(StringComparer.Ordinal);
        var streamedAlready = ordered.First(e => connected.Contains(e.Key));
        var stillToCome = ordered[^1];
        var dropped = _graph.Relationships.First(r => r.From != streamedAlready.Key && r.To != streamedAlready.Key);
        await store.ApplyAsync(new WriteBatch(
        [
            new CreateEntity(new Entity("Country", "zz-land", "Zedland", [], null, new Dictionary<string, object?> { ["isoCode"] = "ZZ" }, []), Upsert: false, new HashSet<string>(), Editorial: true),
            new CreateEntity(new Entity("Official", "zz-envoy", "Zed Envoy", [], null, PropertyValues.EmptyProperties, []), Upsert: false, new HashSet<string>(), Editorial: true),
            new Connect(new Relationship("REPRESENTS", "zz-envoy", "zz-land", PropertyValues.EmptyProperties, []), new HashSet<string>(), Editorial: true),
            new UpdateEntity(stillToCome.Kind, stillToCome.Key, "Renamed while streaming", null, false, null, PropertyValues.EmptyProperties, []),
        ], "streamed-build-test"), default);
        await store.ApplyAsync(new WriteBatch(
        [
            new Disconnect(dropped.Type, dropped.From, dropped.To),
            new DeleteEntity(streamedAlready.Kind, streamedAlready.Key, Detach: true),
        ], "streamed-build-test"), default);

        Assert.False(store.IsReady);
        recording.Resume.SetResult();
        await store.Ready;

        Assert.True(store.IsReady, store.LoadFailure?.ToString());
        Assert.Equal(1, store.Loads);
        Assert.Empty(await store.GetEntitiesAsync([streamedAlready.Key], default));
        Assert.Equal("Renamed while streaming", (await store.GetEntitiesAsync([stillToCome.Key], default))[stillToCome.Key].Name);
        Assert.Equal(await ReadModelWriteSyncTests.SnapshotAsync(_sqlite), await ReadModelWriteSyncTests.SnapshotAsync(store));
    }

    private async Task<ReadModelGraphStore> OpenAsync(IGraphStore inner, Func<CancellationToken, Task>? buildAfter = null)
    {
        var store = new ReadModelGraphStore(inner, Model, buildAfter);
        _opened.Add(store);
        await store.InitializeAsync(default);
        return store;
    }
}
