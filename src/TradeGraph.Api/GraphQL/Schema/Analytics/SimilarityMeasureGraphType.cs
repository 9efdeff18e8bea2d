using GraphQL.Types;

namespace TradeGraph.Api.GraphQL.Schema.Analytics;

/// <summary><c>SimilarityMeasure</c>: what <c>similarEntities</c> compares.</summary>
internal sealed class SimilarityMeasureGraphType : EnumerationGraphType
{
    public SimilarityMeasureGraphType()
    {
        Name = "SimilarityMeasure";
        Description = "What makes two entities alike.";
        Add("NEIGHBOURS", SimilarityMeasure.Neighbours, "The neighbours they share (Jaccard over the `via` path).");
        Add("EMBEDDING", SimilarityMeasure.Embedding, "What their names, aliases and descriptions mean (cosine of their embeddings).");
    }
}

/// <summary>The measures of <c>similarEntities</c>.</summary>
internal enum SimilarityMeasure
{
    Neighbours,
    Embedding,
}
