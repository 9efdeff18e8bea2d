using Microsoft.Data.Sqlite;
using TradeGraph.Core.Model;
using TradeGraph.Core.Querying;
using TradeGraph.Storage.Sqlite;

namespace TradeGraph.Storage.Tests.Sqlite;

/// <summary>
/// A running statement stops when its token fires (sqlite3_interrupt), surfaces as a cancellation, rolls back what its
/// transaction had done, and never reaches a later user of the same pooled connection.
/// </summary>
public sealed class SqliteInterruptionTests : IDisposable
{
    // Counts to a billion: minutes of CPU if nothing stops it.
    private const string Endless = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000000000) SELECT count(*) FROM c";

    private readonly string _folder = Directory.CreateTempSubdirectory("tradegraph-interrupt-").FullName;
    private int _open;

    private string ConnectionString => new SqliteConnectionStringBuilder { DataSource = Path.Combine(_folder, "interrupt.db"), Pooling = true }.ToString();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task ALongStatementIsInterruptedWhenItsTokenFires()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var started = DateTime.UtcNow;

        var cancelled = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => SqliteInterruption.RunAsync(async () =>
        {
            await using var connection = await OpenAsync(cancellation.Token);
            await using var command = connection.CreateCommand();
            command.CommandText = Endless;
            return await command.ExecuteScalarAsync(cancellation.Token);
        }, cancellation.Token));

        // Stopped inside the step (Microsoft.Data.Sqlite alone would only look at the token before it), and the connection closed.
        Assert.Equal(SqliteInterruption.InterruptCode, Assert.IsType<SqliteException>(cancelled.InnerException).SqliteErrorCode);
        Assert.Equal(cancellation.Token, cancelled.CancellationToken);
        Assert.Equal(0, Volatile.Read(ref _open));
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(20), "the statement ran on after its token fired");
    }

    [Fact]
    public async Task AnInterruptedWriteRollsBackItsTransaction()
    {
        await using (var setup = await OpenAsync(CancellationToken.None))
        {
            await ExecuteAsync(setup, "CREATE TABLE IF NOT EXISTS facts (id INTEGER PRIMARY KEY)", CancellationToken.None);
        }

        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => SqliteInterruption.RunAsync(async () =>
        {
            await using var connection = await OpenAsync(cancellation.Token);
            await using var transaction = connection.BeginTransaction(deferred: false);
            await ExecuteAsync(connection, "INSERT INTO facts (id) VALUES (1)", cancellation.Token, transaction);
            await ExecuteAsync(connection, $"INSERT INTO facts (id) SELECT 2 + ({Endless})", cancellation.Token, transaction);
            await transaction.CommitAsync(cancellation.Token);
            return true;
        }, cancellation.Token));

        await using var check = await OpenAsync(CancellationToken.None);
        await using var count = check.CreateCommand();
        count.CommandText = "SELECT count(*) FROM facts";
        Assert.Equal(0L, await count.ExecuteScalarAsync());
    }

    [Fact]
    public async Task ATokenFiringAfterItsConnectionClosedDoesNotInterruptTheNextUserOfThePooledHandle()
    {
        using var earlier = new CancellationTokenSource();
        await using (var first = await OpenAsync(earlier.Token))
        {
            await ExecuteAsync(first, "SELECT 1", earlier.Token);
        }

        // The same pooled handle, a statement of a few hundred milliseconds, and the earlier request's token fires meanwhile.
        await using var second = await OpenAsync(CancellationToken.None);
        await using var command = second.CreateCommand();
        command.CommandText = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 3000000) SELECT count(*) FROM c";
        var running = Task.Run(() => command.ExecuteScalarAsync());
        await Task.Delay(20);
        await earlier.CancelAsync();

        Assert.Equal(3000000L, await running);
    }

    [Fact]
    public void TheKeysetConditionNamesEachSortExpressionOnce()
    {
        var model = TradeModel.Define();
        var official = model.Kind("Official");
        var participates = model.Relationship("PARTICIPATES_IN");
        const int keys = 40;
        var order = Enumerable.Range(0, keys).Select(i => (SortKey)new RelationshipCountSort(participates, Direction.Outgoing, i % 2 == 0)).ToList();
        var cursor = Cursor.Encode(order, [.. Enumerable.Range(0, keys).Select(i => (object?)(long)i)], "official-1");
        var translator = new SqlQueryTranslator(model, new SqlParameters());

        var plan = new PagePlan(translator, official, order, new PageRequest(First: 5, After: cursor));
        var sql = plan.SortColumns + plan.Conditions + plan.OrderBy + plan.BeyondStart + plan.SortValues;

        // One correlated count per key, in the select that names it s0…s39; the conditions and the order use the names.
        Assert.Equal(keys, Occurrences(sql, "SELECT COUNT(*)"));
        Assert.Equal(keys, Occurrences(plan.SortColumns, " AS s"));
        // Each name at most four times in the conditions (a flat CASE), not once per later key.
        Assert.All(Enumerable.Range(0, keys), i => Assert.InRange(Occurrences(plan.Conditions, $"e.s{i} "), 1, 4));
    }

    private static int Occurrences(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken) =>
        SqliteInterruption.OpenAsync(ConnectionString, () => Interlocked.Increment(ref _open), () => Interlocked.Decrement(ref _open), cancellationToken);

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken, SqliteTransaction? transaction = null)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
