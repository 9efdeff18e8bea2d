using GraphQL.Types;
using TradeGraph.Core.Querying;

namespace TradeGraph.Api.GraphQL.Schema.Search;

/// <summary><c>SearchResult</c>: an entity found by search, its relevance and the rankings that found it.</summary>
internal sealed class SearchResultGraphType : ObjectGraphType<SearchHit>
{
    public SearchResultGraphType(IGraphType entity, SearchSignalGraphType signal)
    {
        Name = "SearchResult";
        Description = "An entity found by search, with its relevance.";
        Field<NonNullGraphType<FloatGraphType>>("score")
            .Description("Relevance: higher is better. TEXT: BM25 over names, aliases and descriptions; SEMANTIC: cosine similarity; "
                + "HYBRID: the sum over the rankings that found it of 1 / (60 + rank).")
            .Resolve(c => c.Source.Score);
        Field("node", new NonNullGraphType(entity)).Resolve(c => c.Source.Entity);
        Field("matchedBy", TypeShapes.NonNullList(signal))
            .Description("The rankings that found it.")
            .Resolve(c => SearchSignalGraphType.Of(c.Source.Signals));
        Field<IntGraphType>("textRank")
            .Description("Its place (1 is best) in the full-text ranking; null when that ranking did not find it, and in TEXT mode.")
            .Resolve(c => c.Source.Signals?.TextRank);
        Field<IntGraphType>("semanticRank")
            .Description("Its place (1 is best) in the embedding ranking; null when that ranking did not find it, and in TEXT mode.")
            .Resolve(c => c.Source.Signals?.SemanticRank);
    }
}
