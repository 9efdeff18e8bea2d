using GraphQL.Types;
using TradeGraph.Api.GraphQL.Schema.Search;
using TradeGraph.Core.Model;
using TradeGraph.Core.Passages;

namespace TradeGraph.Api.GraphQL.Schema.Passages;

/// <summary>
/// <c>Passage</c>: a paragraph of a source, found by <c>searchPassages</c> or listed on Source. Its signal and cited-fact
/// types are entity search's and provenance's, named by reference.
/// </summary>
internal sealed class PassageGraphType : ObjectGraphType<PassageHit>
{
    public PassageGraphType(ModelGraphTypes types)
    {
        Name = "Passage";
        Description = "A paragraph of a source, with the facts the source cites it for.";
        Field("source", new NonNullGraphType(types.KindType(GraphModel.SourceKind)))
            .Resolve(c => ModelGraphTypes.Loaders(c).Entities.Load(c.Source.Passage.SourceKey));
        Field<NonNullGraphType<IntGraphType>>("paragraph").Description("0-based (¶0 is an article's headline).").Resolve(c => c.Source.Passage.Paragraph);
        Field<NonNullGraphType<StringGraphType>>("locator")
            .Description("How citations name the paragraph: ¶N (a mention's locator adds :start-end).")
            .Resolve(c => c.Source.Passage.Locator);
        Field<NonNullGraphType<StringGraphType>>("text").Resolve(c => c.Source.Passage.Text);
        Field<NonNullGraphType<FloatGraphType>>("score")
            .Description("searchPassages: the sum over the rankings that found it of 1 / (60 + rank); 0 on Source.passages.")
            .Resolve(c => c.Source.Score);
        Field("matchedBy", TypeShapes.NonNullList(new GraphQLTypeReference("SearchSignal")))
            .Description("The rankings that found it (searchPassages); empty on Source.passages.")
            .Resolve(c => SearchSignalGraphType.Of(c.Source.Signals));
        Field("supports", TypeShapes.NonNullList(new GraphQLTypeReference("CitedFact")))
            .Description("The facts its source cites at this paragraph (entities and relationships), with their locators.")
            .Resolve(c => c.Source.Supports);
    }
}
