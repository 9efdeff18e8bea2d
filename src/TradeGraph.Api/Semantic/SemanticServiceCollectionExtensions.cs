using Microsoft.Extensions.Options;
using TradeGraph.Api.Storage;
using TradeGraph.Core.Model;
using TradeGraph.Core.Semantic;
using TradeGraph.Core.Storage;
using TradeGraph.Core.Writing;

namespace TradeGraph.Api.Semantic;

public static class SemanticServiceCollectionExtensions
{
    /// <summary>
    /// Registers semantic search (section <c>Semantic</c>) when it is on: the embedder, <see cref="EntitySearch"/> over the
    /// nearest vectors — the in-memory <see cref="VectorIndex"/> (SQLite), or the store's own vector index when it has one
    /// (<see cref="IVectorIndexStore"/>: Neo4j) — and the background maintenance. Off: nothing, and SEMANTIC / HYBRID search
    /// answer SEMANTIC_SEARCH_UNAVAILABLE.
    /// </summary>
    public static IServiceCollection AddSemanticSearch(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SemanticOptions>().BindConfiguration(SemanticOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        var options = configuration.GetSection(SemanticOptions.SectionName).Get<SemanticOptions>() ?? new SemanticOptions();
        if (!options.Enabled)
        {
            return services;
        }

        services.AddSingleton<ITextEmbedder>(sp => sp.GetRequiredService<IOptions<SemanticOptions>>().Value is var o && o.Embedder == SemanticOptions.Hashing
            ? new HashingTextEmbedder()
            : new MiniLmTextEmbedder(o.ModelThreads, TimeSpan.FromSeconds(o.ModelIdleSeconds)));
        services.AddSingleton(sp => new EntitySearch(sp.GetRequiredService<IGraphStore>(), sp.GetRequiredService<ITextEmbedder>(), NearestVectors(sp),
            [.. sp.GetRequiredService<GraphModel>().Kinds.Where(k => k.IsEntity).Select(k => k.Name)],
            sp.GetRequiredService<IOptions<SemanticOptions>>().Value.Candidates));
        // The writer resolves it too: user writes go before the background refresh.
        services.AddSingleton(sp => new WritePrecedence(TimeProvider.System,
            TimeSpan.FromMilliseconds(sp.GetRequiredService<IOptions<SemanticOptions>>().Value.RefreshQuietMilliseconds)));
        services.AddSingleton<SemanticCoverage>();
        services.AddSingleton<EmbeddingMaintenance>();
        services.AddHostedService(sp => sp.GetRequiredService<EmbeddingMaintenance>());
        return services;
    }

    private static IVectorSearch NearestVectors(IServiceProvider services)
    {
        var embedder = services.GetRequiredService<ITextEmbedder>();
        return services.GetRequiredService<StoreOfRecord>().Store is IVectorIndexStore indexed
            ? new StoreVectorSearch(indexed, embedder.ModelId)
            : new VectorIndex(embedder.Dimensions);
    }
}
