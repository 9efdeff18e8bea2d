using System.Diagnostics;
using Microsoft.Extensions.Options;
using TradeGraph.Api.Commands;
using TradeGraph.Core.Semantic;
using TradeGraph.Core.Storage;

namespace TradeGraph.Api.Semantic;

/// <summary>
/// What <c>import</c> and <c>generate --import</c> run after the load: with <c>Semantic:EmbedOnImport</c>, embed every entity
/// left without a vector; without it (the default: the model would make the import several times slower), say how many the
/// server's background backfill will embed.
/// </summary>
internal static class ImportEmbedding
{
    // changed: whether the import inserted or updated anything; an import that changed nothing has nothing to note.
    public static async Task RunAsync(IServiceProvider services, IGraphStore store, bool changed, TextWriter stdout, TextWriter stderr, ICommandProgress progress,
        CancellationToken cancellationToken)
    {
        var options = services.GetRequiredService<IOptions<SemanticOptions>>().Value;
        if ((!options.EmbedOnImport && !changed) || store is not IEmbeddingStore embeddings || services.GetService<ITextEmbedder>() is not { } embedder)
        {
            return;
        }

        var refresher = new EmbeddingRefresher(embeddings, embedder, options.BatchSize);
        var stale = await refresher.CountStaleAsync(cancellationToken);
        if (!options.EmbedOnImport)
        {
            // A note, not a result: standard output holds only what the command did (and may hold the graph).
            await stderr.WriteLineAsync(
                $"{stale} entities left to embed: the server embeds them in the background; until then semantic answers say so (extensions.semanticCoverage). Semantic:EmbedOnImport=true embeds them here.".AsMemory(),
                cancellationToken);
            return;
        }

        var started = Stopwatch.GetTimestamp();
        // A backfill of every entity imported: the longest part of an import at scale, so it shows its progress too.
        // The bar's total is the refresher's own count, passed back to it: the store is counted once.
        var stored = await progress.RunAsync("embed for semantic search", stale, done =>
            refresher.RefreshAsync(null, new Reporter<RefreshProgress>(p => done.Report(p.Stored)), stale, cancellationToken));
        await stdout.WriteLineAsync(
            $"Embedded {stored} entities for semantic search ({embedder.ModelId}, {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s)".AsMemory(), cancellationToken);
    }
}
