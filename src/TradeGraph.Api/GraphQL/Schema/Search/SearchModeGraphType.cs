using GraphQL.Types;
using TradeGraph.Core.Semantic;

namespace TradeGraph.Api.GraphQL.Schema.Search;

/// <summary><c>SearchMode</c>: by words, by meaning, or both fused (entity and passage search).</summary>
internal sealed class SearchModeGraphType : EnumerationGraphType
{
    public SearchModeGraphType()
    {
        Name = "SearchMode";
        Description = "How search ranks entities.";
        Add("TEXT", SearchMode.Text, "By words: full-text BM25 over names, aliases and descriptions (every word must start a word).");
        Add("SEMANTIC", SearchMode.Semantic, "By meaning: cosine similarity of sentence embeddings (all-MiniLM-L6-v2); finds \"US treasury chief\" → Scott Bessent.");
        Add("HYBRID", SearchMode.Hybrid, "Both rankings fused by reciprocal rank fusion (k = 60): what new clients should ask for.");
    }
}
