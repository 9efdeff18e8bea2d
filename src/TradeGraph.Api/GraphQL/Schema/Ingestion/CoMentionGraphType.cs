using GraphQL.Types;
using TradeGraph.Core.Ingestion;

namespace TradeGraph.Api.GraphQL.Schema.Ingestion;

/// <summary><c>CoMention</c>: two entities an ingested article names in the same paragraphs.</summary>
internal sealed class CoMentionGraphType : ObjectGraphType<CoMentionedPair>
{
    public CoMentionGraphType(IGraphType entity)
    {
        Name = "CoMention";
        Description = "Two entities the article names in the same paragraphs.";
        Field("first", new NonNullGraphType(entity)).Resolve(c => ModelGraphTypes.Loaders(c).Entities.Load(c.Source.FirstKey));
        Field("second", new NonNullGraphType(entity)).Resolve(c => ModelGraphTypes.Loaders(c).Entities.Load(c.Source.SecondKey));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IntGraphType>>>>("paragraphs").Resolve(c => c.Source.Paragraphs);
    }
}
