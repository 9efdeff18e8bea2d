using Microsoft.AspNetCore.Hosting;
using TradeGraph.Api.Storage;
using TradeGraph.Api.Tests.Hosting;
using TradeGraph.Core.Storage;
using TradeGraph.Storage.Sqlite;

namespace TradeGraph.Api.Tests.Storage;

/// <summary>
/// The read model is on by default for the embedded store: reads are answered from memory (no SQL statement is
/// compiled for a query shape never seen before), a mutation is seen by the next query without a rebuild, and
/// <c>Storage:ReadModel:Enabled=false</c> leaves the store alone in front.
/// </summary>
public sealed class ReadModelWiringTests
{
    [Fact]
    public async Task ReadsComeFromMemoryAndSeeAMutationAtOnce()
    {
        using var application = new TradeGraphApplication();
        using var client = application.CreateClient();
        var readModel = Assert.IsType<ReadModelGraphStore>(application.Services.GetRequiredService<IGraphStore>());
        await readModel.Ready;
        // The embedding backfill reads the store in the background at start (its statements are the store's, not a
        // query's): let it finish, so what is counted below is what the queries compile.
        await application.Services.GetRequiredService<TradeGraph.Api.Semantic.EmbeddingMaintenance>().Backfilled.WaitAsync(TimeSpan.FromMinutes(1));
        var sqlite = (SqliteGraphStore)application.Services.GetRequiredService<StoreOfRecord>().Store;
        var loads = readModel.Loads;
        var compiled = sqlite.ReadStatementsPrepared;

        var before = await client.QueryAsync("""{ officials(where: { name: { contains: "e" } }, order: [{ name: DESC }], first: 3) { totalCount nodes { key meetings(first: 2) { nodes { key } } } } }""");
        using var writer = application.CreateClient().WithKey(TestKeys.Writer);
        await writer.QueryAsync("""mutation { createOfficial(input: { key: "ada-envoy", name: "Ada Keen", editorial: true }) { outcome } }""");
        var after = await client.QueryAsync("""{ officials(where: { name: { contains: "e" } }, order: [{ name: DESC }], first: 3) { totalCount nodes { key } } }""");

        Assert.True(readModel.IsReady);
        Assert.Equal(compiled, sqlite.ReadStatementsPrepared);
        Assert.Equal(loads, readModel.Loads);
        Assert.Equal(before["officials"]!["totalCount"]!.GetValue<int>() + 1, after["officials"]!["totalCount"]!.GetValue<int>());
    }

    [Fact]
    public void TurnedOffTheStoreAnswersAlone()
    {
        using var application = new StoreOnlyApplication();

        Assert.IsType<SqliteGraphStore>(application.Services.GetRequiredService<IGraphStore>());
    }

    private sealed class StoreOnlyApplication : TradeGraphApplication
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Storage:ReadModel:Enabled", "false");
        }
    }
}
