using Microsoft.Data.Sqlite;
using TradeGraph.Core.Writing;

namespace TradeGraph.Storage.Sqlite;

/// <summary>The committed revision log: the revisions table, each revision's history rows, and the count of imports.</summary>
public sealed partial class SqliteGraphStore
{
    public Task<RevisionLog> ReadRevisionsAsync(long afterRevision, int limit, CancellationToken cancellationToken) =>
        SqliteInterruption.RunAsync(async () =>
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        // Its own connection, not one of the read pool's: a follower polling the log keeps no prepared statements in the
        // connections that answer requests (and is not counted among their statements).
        await using var connection = await OpenAsync(cancellationToken);
        // The latest revision first: what is read after it stops there, so a revision committed meanwhile is left whole
        // for the next read rather than read without some of its rows.
        await using var marks = Command(connection, SqlRevisionStatements.Marks);
        long latest, replayableAfter, bulkLoads;
        await using (var reader = await marks.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            latest = reader.GetInt64(0);
            replayableAfter = reader.GetInt64(1);
            bulkLoads = reader.GetInt64(2);
        }

        if (limit == 0 || latest <= afterRevision)
        {
            return new RevisionLog(latest, replayableAfter, [], bulkLoads);
        }

        var log = new RevisionLogBuilder();
        await using var heads = Command(connection, SqlRevisionStatements.Heads);
        heads.Parameters.AddWithValue("@after", afterRevision);
        heads.Parameters.AddWithValue("@latest", latest);
        heads.Parameters.AddWithValue("@limit", limit);
        await using (var reader = await heads.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                log.Revision(reader.GetInt64(0), reader.GetString(1), reader.GetString(2));
            }
        }

        await using var rows = Command(connection, SqlRevisionStatements.Rows);
        rows.Parameters.AddWithValue("@after", afterRevision);
        rows.Parameters.AddWithValue("@last", log.Last);
        await using (var reader = await rows.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                log.Fact(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4));
            }
        }

        return log.Build(latest, replayableAfter, bulkLoads);
    }, cancellationToken);

    private static SqliteCommand Command(SqliteConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    /// <summary>Counts an import among the bulk loads, inside its transaction; returns its number.</summary>
    private static async Task<long> CountBulkLoadAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = SqlRevisionStatements.CountBulkLoad;
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
