using Microsoft.Data.Sqlite;
using SQLitePCL;
using TradeGraph.Core.Telemetry;

namespace TradeGraph.Storage.Sqlite;

/// <summary>
/// A read connection borrowed from <see cref="SqliteReadPool"/> for one store call. Its running statement is interrupted
/// when the call's token fires; disposing drops that registration (waiting for a callback already running) before the
/// connection goes back, so a kept connection is never interrupted on behalf of the call that used it before.
/// </summary>
internal sealed class SqliteReadLease : IAsyncDisposable
{
    private readonly SqliteReadPool _pool;
    private readonly SqliteReadPool.PooledConnection _pooled;
    private CancellationTokenRegistration _interrupt;
    private int _returned;

    public SqliteReadLease(SqliteReadPool pool, SqliteReadPool.PooledConnection pooled, CancellationToken cancellationToken)
    {
        _pool = pool;
        _pooled = pooled;
        _interrupt = cancellationToken.UnsafeRegister(static state => raw.sqlite3_interrupt(((SqliteConnection)state!).Handle), pooled.Connection);
    }

    public SqliteConnection Connection => _pooled.Connection;

    /// <summary>The store call this lease serves, timed as one round trip until the lease is given back.</summary>
    public StoreRoundTrip RoundTrip { get; init; }

    /// <summary>
    /// The command for <paramref name="sql"/>, prepared the first time this connection runs it and kept: set its
    /// parameters and execute it; never dispose it (the connection owns it).
    /// </summary>
    public SqliteCommand Command(string sql) => _pooled.Command(sql);

    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _returned, 1) == 0)
        {
            _interrupt.Dispose();
            // The statement's score tables go with it, not with the connection kept for the next call.
            (_pooled.Connection as SqliteScoringConnection)?.Use([]);
            _pool.Return(_pooled);
            RoundTrip.Dispose();
        }

        return ValueTask.CompletedTask;
    }
}
