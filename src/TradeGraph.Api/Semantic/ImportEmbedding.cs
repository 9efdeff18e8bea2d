using System.Diagnostics;
using Microsoft.Extensions.Options;
using TradeGraph.Core.Semantic;
using TradeGraph.Core.Storage;

namespace TradeGraph.Api.Semantic;

/// <summary>What <c>import</c> and <c>generate --import</c> run after the load: embed every entity left without a vector.</summary>
internal static class ImportEmbedding
{
    public static async Task RunAsync(IServiceProvider services, IGraphStore store, TextWriter stdout, CancellationToken cancellationToken)
    {
        var options = services.GetRequiredService<IOptions<SemanticOptions>>().Value;
        if (!options.EmbedOnImport || store is not IEmbeddingStore embeddings || services.GetService<ITextEmbedder>() is not { } embedder)
        {
            return;
        }

        var started = Stopwatch.GetTimestamp();
        var stored = await new EmbeddingRefresher(embeddings, embedder, options.BatchSize).RefreshAsync(null, null, cancellationToken);
        await stdout.WriteLineAsync(
            $"Embedded {stored} entities for semantic search ({embedder.ModelId}, {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s)".AsMemory(), cancellationToken);
    }
}
