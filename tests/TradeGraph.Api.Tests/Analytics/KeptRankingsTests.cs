using TradeGraph.Api.Analytics;
using TradeGraph.Api.Tests.Hosting;

namespace TradeGraph.Api.Tests.Analytics;

/// <summary>
/// PageRank over the whole graph is kept beside the topology file: a restart on the same graph serves it from the file
/// (before its projection is built) and answers exactly as computing it does; a damaged file, or the file of the graph
/// before a write, is never read — PageRank is computed and the file replaced.
/// </summary>
public sealed class KeptRankingsTests : IDisposable
{
    private const string Ranked = "{ officials(first: 5, order: [{ pageRank: DESC }]) { nodes { key pageRank } } }";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly string _folder = Directory.CreateTempSubdirectory("tradegraph-kept-rankings-").FullName;

    private string RankingsPath => Path.Combine(_folder, "tradegraph.db") + ".topology.rankings";

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task ARestartOnTheSameGraphServesPageRankFromTheFileAndAnswersAsComputingIt()
    {
        var computed = await StartAndAskAsync(expectKept: false);
        Assert.True(File.Exists(RankingsPath));

        var kept = await StartAndAskAsync(expectKept: true);

        Assert.Equal(computed, kept);
    }

    [Fact]
    public async Task ADamagedFileIsNotReadAndIsReplaced()
    {
        var computed = await StartAndAskAsync(expectKept: false);
        var bytes = await File.ReadAllBytesAsync(RankingsPath);
        bytes[^40] ^= 0x01;
        await File.WriteAllBytesAsync(RankingsPath, bytes);

        Assert.Equal(computed, await StartAndAskAsync(expectKept: false));
        Assert.Equal(computed, await StartAndAskAsync(expectKept: true));
    }

    [Fact]
    public async Task AfterAWriteTheFileOfTheGraphBeforeIsNotRead()
    {
        await StartAndAskAsync(expectKept: false);
        var before = await File.ReadAllBytesAsync(RankingsPath);
        using (var application = new SharedFolderApplication(_folder))
        {
            using var writer = application.CreateClient().WithKey(TestKeys.Writer);
            await writer.QueryAsync("""mutation { upsertOfficial(input: { key: "kept-rankings-envoy", name: "Kept Rankings Envoy", editorial: true }) { outcome } }""");
            await application.Services.GetRequiredService<AnalyticsService>().CaughtUpAsync(default).WaitAsync(Patience);
        }

        // The file as it was before the write, planted back: it describes another graph now.
        await File.WriteAllBytesAsync(RankingsPath, before);
        var afterWrite = await StartAndAskAsync(expectKept: false);

        Assert.Equal(afterWrite, await StartAndAskAsync(expectKept: true));
    }

    /// <summary>Starts the service on the folder's store, waits for its first analytics snapshot, and asks for the ranking.</summary>
    private async Task<string> StartAndAskAsync(bool expectKept)
    {
        using var application = new SharedFolderApplication(_folder);
        var analytics = application.Services.GetRequiredService<AnalyticsService>();
        await analytics.CaughtUpAsync(default).WaitAsync(Patience);

        Assert.Equal(expectKept ? 1 : 0, analytics.KeptRankingsRead);
        // Served from the file, the first snapshot did not wait for its whole-graph projection; computed, it did.
        Assert.Equal(expectKept, analytics.Snapshot!.Whole is null);
        using var client = application.CreateClient();
        return (await client.QueryAsync(Ranked)).ToJsonString();
    }

    private sealed class SharedFolderApplication(string folder) : TradeGraphApplication(folder, ownsFolder: false);
}
