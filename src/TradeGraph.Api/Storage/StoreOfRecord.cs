using TradeGraph.Core.Storage;

namespace TradeGraph.Api.Storage;

/// <summary>
/// The durable store itself, under whatever answers <see cref="IGraphStore"/> (the read model): what the health check
/// asks (is the database there?) and what the commands use (no model to build for a one-off export or import).
/// Owns the store: disposing this disposes it.
/// </summary>
public sealed class StoreOfRecord(IGraphStore store) : IDisposable
{
    public IGraphStore Store { get; } = store;

    public void Dispose() => (Store as IDisposable)?.Dispose();
}
