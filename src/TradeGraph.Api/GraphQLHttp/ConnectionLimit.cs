namespace TradeGraph.Api.GraphQLHttp;

/// <summary>
/// Counts open long-lived connections (WebSockets, or event streams) per caller and in total, and admits a new one only
/// under both caps. Thread-safe; a lease gives its place back once, when disposed.
/// </summary>
internal sealed class ConnectionLimit(string what, int total, string totalSetting, int perCaller, string perCallerSetting)
{
    private readonly Dictionary<string, int> _byCaller = new(StringComparer.Ordinal);
    private int _open;

    /// <summary>Connections open now, of every caller.</summary>
    public int Open
    {
        get
        {
            lock (_byCaller)
            {
                return _open;
            }
        }
    }

    /// <summary>A lease for one more connection of <paramref name="caller"/>; null, with why, when it is over a cap.</summary>
    public IDisposable? TryEnter(string caller, out string? refusal)
    {
        lock (_byCaller)
        {
            if (_open >= total)
            {
                refusal = $"Too many open {what}: the server holds its limit of {total} ({GraphQLSubscriptionOptions.SectionName}:{totalSetting}). Try again later.";
                return null;
            }

            var mine = _byCaller.GetValueOrDefault(caller);
            if (mine >= perCaller)
            {
                refusal = $"Too many open {what}: you hold the limit of {perCaller} per caller ({GraphQLSubscriptionOptions.SectionName}:{perCallerSetting}). Close one and try again.";
                return null;
            }

            _byCaller[caller] = mine + 1;
            _open++;
        }

        refusal = null;
        return new Lease(this, caller);
    }

    private void Leave(string caller)
    {
        lock (_byCaller)
        {
            _open--;
            if (--_byCaller[caller] == 0)
            {
                _byCaller.Remove(caller);
            }
        }
    }

    private sealed class Lease(ConnectionLimit limit, string caller) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                limit.Leave(caller);
            }
        }
    }
}
