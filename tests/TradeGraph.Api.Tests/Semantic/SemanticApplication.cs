using TradeGraph.Api.Semantic;
using TradeGraph.Api.Tests.Hosting;

namespace TradeGraph.Api.Tests.Semantic;

/// <summary>
/// The seeded service with the real model (all-MiniLM-L6-v2): one per test class that needs meaning. The model itself is
/// loaded once per test process (MiniLmTextEmbedder shares its session), so a second application costs only its backfill.
/// </summary>
public sealed class SemanticApplication : TradeGraphApplication
{
    protected override string Embedder => "MiniLM";

    /// <summary>The seed's entities are embedded and in the index.</summary>
    public Task BackfilledAsync() => Services.GetRequiredService<EmbeddingMaintenance>().Backfilled.WaitAsync(TimeSpan.FromMinutes(2));
}
