using GraphQL.Types;

namespace TradeGraph.Api.GraphQL.Schema.Ingestion;

/// <summary><c>IngestArticleInput</c>: an article to store as a Source (read by the <c>ingestArticle</c> resolver as a dictionary).</summary>
internal sealed class IngestArticleInputGraphType : InputObjectGraphType
{
    public IngestArticleInputGraphType(DateGraphType date)
    {
        Name = "IngestArticleInput";
        Description = "An article to store as a Source and link to the entities it names.";
        Field<NonNullGraphType<StringGraphType>>("title");
        Field<NonNullGraphType<StringGraphType>>("text").Description("The article's text; paragraphs are separated by blank lines.");
        Field("publishedOn", date);
        Field<StringGraphType>("url");
        Field<StringGraphType>("publisher");
        Field<StringGraphType>("language");
        Field<StringGraphType>("key").Description("Key for the Source; made from the title and date when left out.");
    }
}
