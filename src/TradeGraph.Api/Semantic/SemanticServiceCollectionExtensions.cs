using Microsoft.Extensions.Options;
using TradeGraph.Api.Storage;
using TradeGraph.Core.Model;
using TradeGraph.Core.Semantic;
using TradeGraph.Core.Storage;

namespace TradeGraph.Api.Semantic;

public static class SemanticServiceCollectionExtensions
{
    /// <summary>
    /// Registers semantic search (section <c>Semantic</c>) when it is on and the store keeps vectors (<see cref="IEmbeddingStore"/>:
    /// SQLite): the embedder, the in-memory index, <see cref="EntitySearch"/> and the background maintenance. Otherwise
    /// nothing, and SEMANTIC / HYBRID search answer SEMANTIC_SEARCH_UNAVAILABLE.
    /// </summary>
    public static IServiceCollection AddSemanticSearch(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SemanticOptions>().BindConfiguration(SemanticOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        var options = configuration.GetSection(SemanticOptions.SectionName).Get<SemanticOptions>() ?? new SemanticOptions();
        // Neo4j keeps no vectors yet (its vector index is the next step): semantic search is off there, and says so.
        var provider = configuration[$"{StorageOptions.SectionName}:{nameof(StorageOptions.Provider)}"] ?? StorageOptions.Sqlite;
        if (!options.Enabled || !provider.Equals(StorageOptions.Sqlite, StringComparison.OrdinalIgnoreCase))
        {
            return services;
        }

        services.AddSingleton<ITextEmbedder>(sp => sp.GetRequiredService<IOptions<SemanticOptions>>().Value is var o && o.Embedder == SemanticOptions.Hashing
            ? new HashingTextEmbedder()
            : new MiniLmTextEmbedder(o.ModelThreads));
        services.AddSingleton(sp => new EntitySearch(sp.GetRequiredService<IGraphStore>(), sp.GetRequiredService<ITextEmbedder>(),
            new VectorIndex(sp.GetRequiredService<ITextEmbedder>().Dimensions),
            [.. sp.GetRequiredService<GraphModel>().Kinds.Where(k => k.IsEntity).Select(k => k.Name)],
            sp.GetRequiredService<IOptions<SemanticOptions>>().Value.Candidates));
        services.AddSingleton<EmbeddingMaintenance>();
        services.AddHostedService(sp => sp.GetRequiredService<EmbeddingMaintenance>());
        return services;
    }
}
