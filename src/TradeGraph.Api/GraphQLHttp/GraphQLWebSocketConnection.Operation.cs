namespace TradeGraph.Api.GraphQLHttp;

internal sealed partial class GraphQLWebSocketConnection
{
    /// <summary>One running operation: its id and what cancels it (client complete, or the connection closing).</summary>
    private sealed class Operation(string id, CancellationToken connection) : IDisposable
    {
        private readonly CancellationTokenSource _cancellation = CancellationTokenSource.CreateLinkedTokenSource(connection);
        private int _disposed;

        public string Id { get; } = id;

        public CancellationToken Token => _cancellation.Token;

        public async Task CancelAsync()
        {
            if (Volatile.Read(ref _disposed) == 0)
            {
                try
                {
                    await _cancellation.CancelAsync();
                }
                catch (ObjectDisposedException)
                {
                    // It ended meanwhile.
                }
            }
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                _cancellation.Dispose();
            }
        }
    }
}
