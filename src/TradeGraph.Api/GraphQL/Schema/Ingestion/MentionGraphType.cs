using GraphQL.Types;
using TradeGraph.Core.Ingestion;

namespace TradeGraph.Api.GraphQL.Schema.Ingestion;

/// <summary><c>Mention</c>: where an ingested article names an entity.</summary>
internal sealed class MentionGraphType : ObjectGraphType<Mention>
{
    public MentionGraphType(IGraphType entity)
    {
        Name = "Mention";
        Description = "Where the article names an entity.";
        Field("node", new NonNullGraphType(entity)).Resolve(c => ModelGraphTypes.Loaders(c).Entities.Load(c.Source.Key));
        Field<NonNullGraphType<StringGraphType>>("text").Description("The words as written.").Resolve(c => c.Source.Text);
        Field<NonNullGraphType<IntGraphType>>("paragraph")
            .Description("0-based paragraph (¶0 is the headline, ¶1 the text's first paragraph).")
            .Resolve(c => c.Source.Paragraph);
        Field<NonNullGraphType<IntGraphType>>("start").Description("Offset of the first character within the paragraph.").Resolve(c => c.Source.Start);
        Field<NonNullGraphType<IntGraphType>>("end").Description("Offset just past the last character within the paragraph.").Resolve(c => c.Source.End);
        Field<NonNullGraphType<StringGraphType>>("locator")
            .Description("The citation locator recorded for it (¶paragraph:start-end).")
            .Resolve(c => MentionLocator.Format(c.Source));
    }
}
