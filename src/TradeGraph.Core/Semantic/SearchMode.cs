namespace TradeGraph.Core.Semantic;

/// <summary>How <see cref="EntitySearch"/> ranks: by words (full-text, BM25), by meaning (cosine), or both fused.</summary>
public enum SearchMode
{
    Text,
    Semantic,
    Hybrid,
}

/// <summary>A page of search hits and how many hits the whole ranking holds (null: not counted, as for text search).</summary>
public sealed record SearchResults(Querying.Page<Querying.SearchHit> Page, int? TotalCount);

/// <summary>Semantic search was asked for where no vectors are kept (a store without embeddings, or embeddings turned off).</summary>
public sealed class SemanticSearchUnavailableException(string message) : Exception(message);
