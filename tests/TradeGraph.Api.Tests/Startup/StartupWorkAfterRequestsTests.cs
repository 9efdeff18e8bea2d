using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using TradeGraph.Api.Analytics;
using TradeGraph.Api.Startup;
using TradeGraph.Api.Tests.Hosting;
using TradeGraph.Core.Storage;

namespace TradeGraph.Api.Tests.Startup;

/// <summary>
/// After the first analytics snapshot is served, start-up work no request waits for — the whole-graph projection behind
/// kept rankings and the read model's build — waits for the requests in flight to be answered (issue 13): they do not
/// share the CPU with it. Requests are answered meanwhile; the work runs as soon as the last one ends.
/// </summary>
public sealed class StartupWorkAfterRequestsTests : IDisposable
{
    private const string Ranked = "{ officials(first: 5, order: [{ pageRank: DESC }]) { nodes { key pageRank } } }";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly string _folder = Directory.CreateTempSubdirectory("tradegraph-startup-work-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task WithARequestInFlightTheProjectionAndTheReadModelWaitUntilItEnds()
    {
        string computed;
        using (var first = new BusyApplication(_folder, busy: null))
        {
            // The first start computes PageRank and keeps it beside the topology file.
            await first.Services.GetRequiredService<AnalyticsService>().CaughtUpAsync(default).WaitAsync(Patience);
            using var client = first.CreateClient();
            computed = (await client.QueryAsync(Ranked)).ToJsonString();
        }

        var busy = new RequestActivity();
        busy.Begin(); // a request that came for the first answer, still being answered
        using var application = new BusyApplication(_folder, busy);
        var analytics = application.Services.GetRequiredService<AnalyticsService>();
        var readModel = Assert.IsType<ReadModelGraphStore>(application.Services.GetRequiredService<IGraphStore>());

        // Warming on start waits for it too: the first answer does not share the core with the topology's read.
        await WaitUntil(() => busy.IsWaitedFor);
        Assert.False(analytics.HoldsTopology);
        Assert.Equal(0, analytics.KeptRankingsRead);
        using (var client = application.CreateClient())
        {
            // An analytics request reads the snapshot itself and is answered from the kept ranking meanwhile.
            Assert.Equal(computed, (await client.QueryAsync(Ranked)).ToJsonString());
        }

        await analytics.WarmedAsync().WaitAsync(Patience);
        Assert.Equal(1, analytics.KeptRankingsRead);
        Assert.Equal(1, analytics.TopologyReads);

        // Waiting for the request, not built.
        Assert.True(busy.IsWaitedFor);
        Assert.False(analytics.WholeProjectionAfterKeptRankings.IsCompleted);
        Assert.False(analytics.HoldsWholeProjection);
        Assert.False(readModel.IsReady);
        busy.End();

        await analytics.WholeProjectionAfterKeptRankings.WaitAsync(Patience);
        await readModel.Ready.WaitAsync(Patience);
        Assert.True(analytics.HoldsWholeProjection);
        Assert.True(readModel.IsReady);

        // The warm-up, let go with the request's end, found the snapshot served: no second read.
        Assert.Equal(1, analytics.TopologyReads);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 6000 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }

    /// <summary>On the folder's store; with <paramref name="busy"/>, requests are counted there and start-up work waits for it at length.</summary>
    private sealed class BusyApplication(string folder, RequestActivity? busy) : TradeGraphApplication(folder, ownsFolder: false)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            if (busy is not null)
            {
                builder.UseSetting("Analytics:StartupIdleWaitSeconds", "600");
                builder.ConfigureTestServices(services => services.AddSingleton(busy));
            }
        }
    }
}
