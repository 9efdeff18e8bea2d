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
    /// Registers passages (<see cref="IPassageStore"/>: SQLite and Neo4j): ingestion keeps an article's cited paragraphs, and
    /// <see cref="PassageSearch"/> ranks them by words, and by meaning when semantic search is on — nearest vectors from an
    /// in-memory index kept in step by the embedding maintenance, or from the store's own vector index
    /// (<see cref="IPassageVectorIndexStore"/>: Neo4j). A store wrapped by a test keeps none: nothing is kept, nothing found.
    /// </summary>
    public static IServiceCollection AddPassages(this IServiceCollection services)
    {
        services.AddSingleton(sp => sp.GetRequiredService<StoreOfRecord>().Store as IPassageStore ?? NoPassages.Instance);
        services.AddSingleton(sp =>
        {
            var embedder = sp.GetService<EntitySearch>()?.Embedder;
            var passages = sp.GetRequiredService<IPassageStore>();
            IVectorSearch? vectors = embedder is null ? null
                : passages is IPassageVectorIndexStore indexed ? new StorePassageVectorSearch(indexed, embedder.ModelId)
                : new VectorIndex(embedder.Dimensions);
            return new PassageSearch(sp.GetRequiredService<IGraphStore>(), passages, embedder, vectors,
                sp.GetRequiredService<IOptions<SemanticOptions>>().Value.Candidates);
        });
        return services;
    }
}
