using Microsoft.Data.Sqlite;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;
using TradeGraph.Core.Querying;
using TradeGraph.Storage.Sqlite;

namespace TradeGraph.Storage.Tests.Sqlite;

/// <summary>
/// The SQLite store's read connections: kept open with their statements (a read of the same shape compiles nothing
/// new), bounded while idle, never able to write, closed with the store.
/// </summary>
public sealed class SqliteReadPoolTests : IAsyncLifetime
{
    private static readonly GraphModel Model = TradeModel.Define();
    private readonly string _folder = Directory.CreateTempSubdirectory("tradegraph-pool-").FullName;
    private SqliteGraphStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = await OpenAsync(readConnections: 2);
        var countries = Enumerable.Range(1, 6).Select(i => new Entity("Country", $"country-{i}", $"Country {i}", [], null,
            new Dictionary<string, object?> { ["isoCode"] = $"C{i}" }, [])).ToList();
        await _store.ImportAsync(new GraphDocument(countries, []), CancellationToken.None);
    }

    public Task DisposeAsync()
    {
        _store.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task AReadOfTheSameShapeWithOtherValuesCompilesNothingNew()
    {
        await _store.GetEntitiesAsync(["country-1"], CancellationToken.None);
        await ListByIsoCodeAsync("C1");
        var afterFirst = _store.ReadStatementsPrepared;

        for (var i = 2; i <= 6; i++)
        {
            Assert.Single(await _store.GetEntitiesAsync([$"country-{i}"], CancellationToken.None));
            Assert.Equal($"country-{i}", Assert.Single((await ListByIsoCodeAsync($"C{i}")).Items).Value.Key);
        }

        Assert.Equal(afterFirst, _store.ReadStatementsPrepared);

        // Another shape (two conditions instead of one) is a new statement.
        await _store.ListEntitiesAsync(new EntityQuery("Country", new PageRequest(First: 5), new AnyOf([
            new FieldComparison("isoCode", ComparisonOperator.Equal, "C1"), new FieldComparison("isoCode", ComparisonOperator.Equal, "C2")])), CancellationToken.None);
        Assert.Equal(afterFirst + 1, _store.ReadStatementsPrepared);
    }

    [Fact]
    public async Task ConnectionsBeyondTheIdleBoundAreClosedWhenGivenBack()
    {
        // Four reads held open at once (each waits in the hook for the others), with two idle connections allowed.
        using var together = new Barrier(4);
        _store.ConnectionOpened = _ => together.SignalAndWait(TimeSpan.FromSeconds(30));
        await Task.WhenAll(Enumerable.Range(1, 4).Select(i => Task.Run(() => _store.GetEntitiesAsync([$"country-{i}"], CancellationToken.None))));
        _store.ConnectionOpened = null;

        Assert.Equal(0, _store.ConnectionsInUse);
        Assert.Equal(2, _store.IdleReadConnections);
    }

    [Fact]
    public async Task IdleConnectionsGiveBackTheirPageCacheAndKeepTheirStatements()
    {
        // Two connections held at once, so both are idle afterwards with pages cached.
        using var together = new Barrier(2);
        _store.ConnectionOpened = _ => together.SignalAndWait(TimeSpan.FromSeconds(30));
        await Task.WhenAll(Enumerable.Range(1, 2).Select(i => Task.Run(() => _store.GetEntitiesAsync([$"country-{i}"], CancellationToken.None))));
        _store.ConnectionOpened = null;
        var cachedBefore = _store.IdleReadCacheBytes;
        var preparedBefore = _store.ReadStatementsPrepared;
        Assert.Equal(2, _store.IdleReadConnections);
        Assert.True(cachedBefore > 0, "the reads left pages cached");

        Assert.Equal(2, _store.ReleaseIdleMemory());

        Assert.True(_store.IdleReadCacheBytes < cachedBefore, $"cache {cachedBefore} → {_store.IdleReadCacheBytes} bytes");
        Assert.Equal(2, _store.IdleReadConnections);
        Assert.Equal("country-3", Assert.Single(await _store.GetEntitiesAsync(["country-3"], CancellationToken.None)).Key);
        Assert.Equal(preparedBefore, _store.ReadStatementsPrepared);
    }

    [Fact]
    public async Task ReleasingAfterTheStoreIsDisposedKeepsNothingOpen()
    {
        await _store.GetEntitiesAsync(["country-1"], CancellationToken.None);
        _store.Dispose();

        Assert.Equal(0, _store.ReleaseIdleMemory());
        Assert.Equal(0, _store.IdleReadConnections);
    }

    [Fact]
    public async Task AReadConnectionCannotWrite()
    {
        SqliteException? refused = null;
        _store.ConnectionOpened = connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM entities";
            refused = Assert.Throws<SqliteException>(() => command.ExecuteNonQuery());
        };
        await _store.GetEntitiesAsync(["country-1"], CancellationToken.None);
        _store.ConnectionOpened = null;

        Assert.Equal(8, refused!.SqliteErrorCode); // SQLITE_READONLY: query_only
        Assert.Equal(6, (await _store.GetStatisticsAsync(CancellationToken.None)).EntityCount);
    }

    [Fact]
    public async Task DisposingTheStoreClosesItsIdleConnections()
    {
        await _store.GetEntitiesAsync(["country-1"], CancellationToken.None);
        Assert.Equal(1, _store.IdleReadConnections);

        _store.Dispose();

        Assert.Equal(0, _store.IdleReadConnections);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => _store.GetEntitiesAsync(["country-1"], CancellationToken.None));
    }

    private Task<Page<Entity>> ListByIsoCodeAsync(string isoCode) => _store.ListEntitiesAsync(
        new EntityQuery("Country", new PageRequest(First: 5), new FieldComparison("isoCode", ComparisonOperator.Equal, isoCode)), CancellationToken.None);

    private async Task<SqliteGraphStore> OpenAsync(int readConnections)
    {
        var store = new SqliteGraphStore(new SqliteStoreOptions { Path = Path.Combine(_folder, "graph.db"), ReadConnections = readConnections }, Model);
        await store.InitializeAsync(CancellationToken.None);
        return store;
    }
}
