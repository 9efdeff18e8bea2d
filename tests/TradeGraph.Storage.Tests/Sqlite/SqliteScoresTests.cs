using TradeGraph.Core.Analytics;
using TradeGraph.Core.Model;
using TradeGraph.Core.Querying;
using TradeGraph.Core.Seeding;
using TradeGraph.Storage.Sqlite;

namespace TradeGraph.Storage.Tests.Sqlite;

/// <summary>
/// SQLite looks scores up in the tables the statement carries (SqlParameters → the read connection), not in a
/// process-wide registry: the same SQL text with two tables of the same measure answers by each one's scores.
/// </summary>
public sealed class SqliteScoresTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tradegraph-scores-").FullName;
    private SqliteGraphStore _store = null!;

    public async Task InitializeAsync()
    {
        var model = TradeModel.Define();
        // One read connection: every query runs on the same connection and the same prepared statement.
        _store = new SqliteGraphStore(new SqliteStoreOptions { Path = Path.Combine(_folder, "graph.db"), ReadConnections = 1 }, model);
        await _store.InitializeAsync(CancellationToken.None);
        var seed = new SeedReader(model).ReadDirectory(Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "seed")));
        await _store.ImportAsync(seed, CancellationToken.None);
    }

    public Task DisposeAsync()
    {
        _store.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task TwoTablesOfOneMeasureOnTheSameStatementEachSortByTheirOwnScores()
    {
        var xiFirst = new ScoreTable(ScoreMeasures.PageRank, new Dictionary<string, double> { ["xi-jinping"] = 0.9, ["donald-trump"] = 0.1 });
        var trumpFirst = new ScoreTable(ScoreMeasures.PageRank, new Dictionary<string, double> { ["xi-jinping"] = 0.1, ["donald-trump"] = 0.9 });

        var byXi = await FirstAsync(xiFirst);
        var byTrump = await FirstAsync(trumpFirst);
        var byXiAgain = await FirstAsync(xiFirst);

        Assert.Equal(["xi-jinping", "donald-trump"], byXi);
        Assert.Equal(["donald-trump", "xi-jinping"], byTrump);
        Assert.Equal(byXi, byXiAgain);
    }

    [Fact]
    public void AStatementWithScoresRefusesAConnectionThatCannotLookThemUp()
    {
        var parameters = new SqlParameters();
        parameters.AddScores(new ScoreTable(ScoreMeasures.Degree, new Dictionary<string, double>()));
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=:memory:");
        using var command = connection.CreateCommand();

        Assert.Throws<InvalidOperationException>(() => parameters.Statement("SELECT 1").Bind(command));
    }

    private async Task<string[]> FirstAsync(ScoreTable scores)
    {
        var page = await _store.ListEntitiesAsync(new EntityQuery("Official", new PageRequest(First: 2),
            new ScoreComparison(scores, ComparisonOperator.GreaterThan, 0.0), [new ScoreSort(scores, true)]), CancellationToken.None);
        return [.. page.Items.Select(e => e.Value.Key)];
    }
}
