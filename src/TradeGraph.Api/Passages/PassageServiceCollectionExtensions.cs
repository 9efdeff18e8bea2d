using Microsoft.Extensions.Options;
using TradeGraph.Api.Semantic;
using TradeGraph.Api.Storage;
using TradeGraph.Core.Passages;
using TradeGraph.Core.Semantic;
using TradeGraph.Core.Storage;

namespace TradeGraph.Api.Passages;

public static class PassageServiceCollectionExtensions
{
    /// <summary>
    /// Registers passages when the store keeps them (<see cref="IPassageStore"/>: SQLite): ingestion keeps an article's cited
    /// paragraphs, and <see cref="PassageSearch"/> ranks them by words, and by meaning when semantic search is on (its own
    /// vector index, kept in step by the embedding maintenance). Otherwise nothing: searchPassages answers PASSAGES_UNAVAILABLE.
    /// </summary>
    public static IServiceCollection AddPassages(this IServiceCollection services, IConfiguration configuration)
    {
        var provider = configuration[$"{StorageOptions.SectionName}:{nameof(StorageOptions.Provider)}"] ?? StorageOptions.Sqlite;
        if (!provider.Equals(StorageOptions.Sqlite, StringComparison.OrdinalIgnoreCase))
        {
            return services;
        }

        // A store wrapped by a test keeps no passages: then nothing is kept and nothing found.
        services.AddSingleton(sp => sp.GetRequiredService<StoreOfRecord>().Store as IPassageStore ?? NoPassages.Instance);
        services.AddSingleton(sp =>
        {
            var embedder = sp.GetService<EntitySearch>()?.Embedder;
            return new PassageSearch(sp.GetRequiredService<IGraphStore>(), sp.GetRequiredService<IPassageStore>(), embedder,
                embedder is null ? null : new VectorIndex(embedder.Dimensions), sp.GetRequiredService<IOptions<SemanticOptions>>().Value.Candidates);
        });
        return services;
    }
}
