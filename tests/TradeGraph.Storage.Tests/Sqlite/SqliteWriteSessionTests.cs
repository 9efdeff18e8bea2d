using TradeGraph.Core.Storage;
using TradeGraph.Core.Writing;
using TradeGraph.Storage.Tests.Neo4j;

namespace TradeGraph.Storage.Tests.Sqlite;

/// <summary>
/// What the one set of write rules settled for SQLite: the time of a write comes from the store's injected clock (as on
/// Neo4j), and a batch that creates and then deletes an entity reports it as both stores now do, instead of failing
/// while it reads back the entity it no longer has.
/// </summary>
public sealed class SqliteWriteSessionTests : IDisposable
{
    private readonly TempSqliteStore _stores = new();

    public void Dispose() => _stores.Dispose();

    [Fact]
    public async Task TheTimeOfAWriteIsTheInjectedClocks()
    {
        var store = await OpenAsync();

        var result = await store.ApplyAsync(new WriteBatch([Create("cy-aide")], "clock-test"), CancellationToken.None);

        Assert.Equal((Neo4jFixtures.At, 1L), (result.CommittedAt, result.Revision));
        var history = await store.GetHistoryAsync(["cy-aide"], CancellationToken.None);
        Assert.Equal([(Neo4jFixtures.At, "clock-test")], history["cy-aide"].Select(r => (r.At, r.Actor)));
    }

    [Fact]
    public async Task CreatingAndDeletingOneEntityInABatchReportsBothOnEitherStore()
    {
        var sqlite = await OpenAsync();
        var (_, neo4j) = await Neo4jFixtures.LoadedAsync(Neo4jFixtures.Tiny);
        var batch = new WriteBatch([Create("cy-aide"), new DeleteEntity("Official", "cy-aide", Detach: false)], "create-delete");

        var results = new[] { await sqlite.ApplyAsync(batch, CancellationToken.None), await neo4j.ApplyAsync(batch, CancellationToken.None) };

        Assert.All(results, result =>
        {
            Assert.Equal([WriteOutcome.Created, WriteOutcome.Deleted], result.Writes.Select(w => w.Outcome));
            Assert.Null(result.Writes[0].Entity);
            Assert.Equal("Cy Aide", result.Writes[1].Entity?.Name);
        });
        Assert.Empty(await sqlite.GetEntitiesAsync(["cy-aide"], CancellationToken.None));
    }

    private async Task<IGraphStore> OpenAsync()
    {
        var store = await _stores.OpenAsync(Neo4jFixtures.Model, new Neo4jFixtures.FixedClock(Neo4jFixtures.At));
        await store.ImportAsync(Neo4jFixtures.Tiny, CancellationToken.None);
        return store;
    }

    private static CreateEntity Create(string key) =>
        new(Neo4jFixtures.Entity("Official", key, "Cy Aide", [], null, new(), ("memo", "¶9")), Upsert: false, new HashSet<string>());
}
