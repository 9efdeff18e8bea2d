using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace TradeGraph.Storage.Sqlite;

/// <summary>
/// Stops a running statement when its caller's token fires. Microsoft.Data.Sqlite only looks at the token between
/// steps, so a long step (a sort over every row, a correlated count per row) would otherwise run to its end after the
/// request timed out, its client left or the host began to stop. Every connection the store opens goes through here.
/// </summary>
internal static class SqliteInterruption
{
    /// <summary>SQLITE_INTERRUPT: the statement stopped because sqlite3_interrupt was called.</summary>
    public const int InterruptCode = 9;

    /// <summary>Opens a connection whose running statement is interrupted when <paramref name="cancellationToken"/> fires.</summary>
    /// <param name="connectionString">The store's connection string.</param>
    /// <param name="opened">Called once the connection is open (its statements may run).</param>
    /// <param name="closed">Called once when it is closed again (no statement of it can still run).</param>
    /// <param name="cancellationToken">Interrupts the connection's running statement when it fires.</param>
    public static async Task<SqliteConnection> OpenAsync(string connectionString, Action opened, Action closed, CancellationToken cancellationToken)
    {
        var connection = new InterruptibleConnection(connectionString, closed);
        try
        {
            await connection.OpenAsync(cancellationToken);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        opened();
        connection.InterruptOn(cancellationToken);
        return connection;
    }

    /// <summary>Runs a store call and reports an interrupted statement as the cancellation it is.</summary>
    public static async Task RunAsync(Func<Task> work, CancellationToken cancellationToken) =>
        await RunAsync(async () =>
        {
            await work();
            return true;
        }, cancellationToken);

    /// <summary>Runs a store call and reports an interrupted statement as the cancellation it is.</summary>
    public static async Task<T> RunAsync<T>(Func<Task<T>> work, CancellationToken cancellationToken)
    {
        try
        {
            return await work();
        }
        catch (SqliteException exception) when (exception.SqliteErrorCode == InterruptCode)
        {
            throw new OperationCanceledException("The statement was interrupted: its operation was cancelled.", exception, cancellationToken);
        }
    }

    /// <summary>Steps a reader (a streamed read: no call to wrap), reporting an interrupted statement as the cancellation it is.</summary>
    public static bool Read(SqliteDataReader reader, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            return reader.Read();
        }
        catch (SqliteException exception) when (exception.SqliteErrorCode == InterruptCode)
        {
            throw new OperationCanceledException("The statement was interrupted: its operation was cancelled.", exception, cancellationToken);
        }
    }

    /// <summary>
    /// A connection that interrupts itself when its token fires, and drops that registration before it closes: a pooled
    /// handle must never be interrupted on behalf of the request that used it before.
    /// </summary>
    private sealed class InterruptibleConnection(string connectionString, Action closed) : SqliteConnection(connectionString)
    {
        private CancellationTokenRegistration _interrupt;
        private int _open;

        public void InterruptOn(CancellationToken cancellationToken)
        {
            _open = 1;
            _interrupt = cancellationToken.UnsafeRegister(static state => ((InterruptibleConnection)state!).Interrupt(), this);
        }

        public override void Close()
        {
            // Waits for a callback already running, so the handle is not interrupted once back in the pool.
            _interrupt.Dispose();
            base.Close();
            if (Interlocked.Exchange(ref _open, 0) == 1)
            {
                closed();
            }
        }

        private void Interrupt()
        {
            if (State == System.Data.ConnectionState.Open)
            {
                raw.sqlite3_interrupt(Handle);
            }
        }
    }
}
