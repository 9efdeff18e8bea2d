using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using SQLitePCL;
using TradeGraph.Core.Telemetry;

namespace TradeGraph.Storage.Sqlite;

/// <summary>
/// Read connections kept open, each set up once (functions registered, read-only) and keeping its prepared statements:
/// a read borrows one for a store call instead of opening a pooled connection, registering its functions, running
/// PRAGMAs and compiling its SQL again (half the key lookup's time in the profile, decision 0017). Statements are kept
/// per connection by their SQL text, which names parameters rather than holding values, so a filter of the same shape
/// with other values reuses its statement. Connections beyond <see cref="_maxIdle"/> are closed when given back.
/// </summary>
internal sealed class SqliteReadPool : IDisposable
{
    private readonly string _connectionString;
    private readonly Action<SqliteConnection> _setUp;
    private readonly int _maxIdle;
    private readonly int _statementsPerConnection;
    private readonly ConcurrentStack<PooledConnection> _idle = new();
    private int _idleCount;
    private int _inUse;
    private long _prepared;
    private volatile bool _disposed;

    /// <param name="connectionString">The store's connection string (pooling is turned off: this is the pool).</param>
    /// <param name="setUp">Runs once on each new connection (functions, PRAGMAs).</param>
    /// <param name="maxIdle">Connections kept open while nobody uses them.</param>
    /// <param name="statementsPerConnection">Prepared statements kept per connection, least recently used dropped first.</param>
    public SqliteReadPool(string connectionString, Action<SqliteConnection> setUp, int maxIdle, int statementsPerConnection)
    {
        _connectionString = new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString();
        _setUp = setUp;
        _maxIdle = maxIdle;
        _statementsPerConnection = statementsPerConnection;
    }

    /// <summary>Connections borrowed right now.</summary>
    public int InUse => Volatile.Read(ref _inUse);

    /// <summary>Connections open and waiting to be borrowed.</summary>
    public int Idle => Volatile.Read(ref _idleCount);

    /// <summary>Statements compiled by this pool's connections so far: a statement kept is not compiled again.</summary>
    public long Prepared => Interlocked.Read(ref _prepared);

    /// <summary>
    /// Borrows a connection whose running statement is interrupted when <paramref name="cancellationToken"/> fires
    /// (as <see cref="SqliteInterruption"/> does for the connections it opens). Dispose the lease to give it back.
    /// </summary>
    public async Task<SqliteReadLease> RentAsync(CancellationToken cancellationToken, StoreRoundTrip roundTrip = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        if (_idle.TryPop(out var pooled))
        {
            Interlocked.Decrement(ref _idleCount);
        }
        else
        {
            pooled = await OpenAsync(cancellationToken);
        }

        Interlocked.Increment(ref _inUse);
        return new SqliteReadLease(this, pooled, cancellationToken) { RoundTrip = roundTrip };
    }

    internal void Return(PooledConnection pooled)
    {
        Interlocked.Decrement(ref _inUse);
        // A connection still inside a transaction (a reader left open by a failure) would pin a WAL snapshot: closed.
        var keep = !_disposed && raw.sqlite3_get_autocommit(pooled.Connection.Handle) != 0;
        if (keep)
        {
            KeepIdle(pooled);
            return;
        }

        pooled.Dispose();
    }

    /// <summary>
    /// Empties the page cache of every connection idle now (<c>PRAGMA shrink_memory</c>): each holds up to the 2 MB of
    /// cache_size after a burst, ~30 MB for the kept connections, which the process otherwise keeps while nothing reads.
    /// The statements stay prepared; the next read takes its pages from the OS's file cache again. A connection is taken
    /// from the idle stack while it shrinks, so no read uses it meanwhile (a read then opens or takes another).
    /// </summary>
    public int ReleaseIdleMemory()
    {
        var taken = new List<PooledConnection>();
        while (_idle.TryPop(out var pooled))
        {
            Interlocked.Decrement(ref _idleCount);
            taken.Add(pooled);
        }

        var emptied = 0;
        foreach (var pooled in taken)
        {
            var shrunk = false;
            try
            {
                using var command = pooled.Connection.CreateCommand();
                command.CommandText = "PRAGMA shrink_memory";
                command.ExecuteNonQuery();
                shrunk = true;
                emptied++;
            }
#pragma warning disable CA1031 // Any failure: the connection is closed below, and the others still go back.
            catch (Exception)
#pragma warning restore CA1031
            {
                // A connection that cannot even shrink is not one to keep: the next read opens a fresh one.
                shrunk = false;
            }
            finally
            {
                // Every connection taken goes back or is closed, whatever failed: none is left open and unreachable.
                if (shrunk)
                {
                    KeepIdle(pooled);
                }
                else
                {
                    pooled.Dispose();
                }
            }
        }

        return emptied;
    }

    /// <summary>Bytes of page cache the idle connections hold now (SQLITE_DBSTATUS_CACHE_USED).</summary>
    internal long IdleCacheBytes() => _idle.ToArray().Sum(pooled =>
        raw.sqlite3_db_status(pooled.Connection.Handle, raw.SQLITE_DBSTATUS_CACHE_USED, out var used, out _, 0) == raw.SQLITE_OK ? (long)used : 0);

    private void KeepIdle(PooledConnection pooled)
    {
        if (_disposed)
        {
            pooled.Dispose();
            return;
        }

        if (Interlocked.Increment(ref _idleCount) <= _maxIdle)
        {
            _idle.Push(pooled);
            if (_disposed)
            {
                DrainIdle();
            }

            return;
        }

        Interlocked.Decrement(ref _idleCount);
        pooled.Dispose();
    }

    public void Dispose()
    {
        _disposed = true;
        DrainIdle();
    }

    private void DrainIdle()
    {
        while (_idle.TryPop(out var pooled))
        {
            Interlocked.Decrement(ref _idleCount);
            pooled.Dispose();
        }
    }

    private async Task<PooledConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteScoringConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            _setUp(connection);
            return new PooledConnection(connection, _statementsPerConnection, () => Interlocked.Increment(ref _prepared));
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>An open connection and the commands prepared on it, by SQL text, least recently used first out.</summary>
    internal sealed class PooledConnection(SqliteConnection connection, int capacity, Action prepared) : IDisposable
    {
        private readonly Dictionary<string, LinkedListNode<(string Sql, SqliteCommand Command)>> _commands = new(StringComparer.Ordinal);
        private readonly LinkedList<(string Sql, SqliteCommand Command)> _recency = new();

        public SqliteConnection Connection { get; } = connection;

        /// <summary>The command for <paramref name="sql"/>, prepared once per connection, its parameters cleared.</summary>
        public SqliteCommand Command(string sql)
        {
            if (_commands.TryGetValue(sql, out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                var kept = node.Value.Command;
                kept.Parameters.Clear();
                kept.Transaction = null;
                return kept;
            }

            if (_commands.Count >= capacity && _recency.Last is { } oldest)
            {
                _recency.RemoveLast();
                _commands.Remove(oldest.Value.Sql);
                oldest.Value.Command.Dispose();
            }

            var command = Connection.CreateCommand();
            command.CommandText = sql;
            prepared();
            _commands[sql] = _recency.AddFirst((sql, command));
            return command;
        }

        public void Dispose()
        {
            foreach (var (_, command) in _recency)
            {
                command.Dispose();
            }

            _commands.Clear();
            _recency.Clear();
            Connection.Dispose();
        }
    }
}
