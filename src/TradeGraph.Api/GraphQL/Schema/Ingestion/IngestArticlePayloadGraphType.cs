using GraphQL.Types;
using TradeGraph.Api.GraphQL.Schema.MutationErrors;
using TradeGraph.Core.Ingestion;
using TradeGraph.Core.Model;
using TradeGraph.Core.Writing;

namespace TradeGraph.Api.GraphQL.Schema.Ingestion;

/// <summary>What <c>ingestArticle</c> resolves to: the ingestion's result, or the refusals (nothing written then).</summary>
internal sealed record IngestArticlePayload(IngestionResult? Result, IReadOnlyList<MutationErrorResult>? Errors);

/// <summary><c>IngestArticlePayload</c>: the Source, what was found in the article, and the errors union of <c>ingestArticle</c>.</summary>
internal sealed class IngestArticlePayloadGraphType : ObjectGraphType<IngestArticlePayload>
{
    public IngestArticlePayloadGraphType(ModelGraphTypes types, IGraphType outcome, IGraphType mention, IGraphType pair, IGraphType ambiguous, FieldType errors)
    {
        Name = "IngestArticlePayload";
        Field("source", types.KindType(GraphModel.SourceKind))
            .Description("The Source the article is stored as (the earlier one, for a text ingested before).")
            .Resolve(c => c.Source.Result?.Source);
        Field("outcome", outcome)
            .Description("CREATED, or UNCHANGED when the same text was ingested before (nothing is written then).")
            .Resolve(c => c.Source.Result is { } r ? (r.AlreadyIngested ? WriteOutcome.Unchanged : WriteOutcome.Created) : null);
        Field<IntGraphType>("paragraphs")
            .Description("How many paragraphs the article has, the headline (¶0) included.")
            .Resolve(c => c.Source.Result?.Paragraphs.Count);
        Field("mentions", new ListGraphType(new NonNullGraphType(mention)))
            .Description("Every mention found, in reading order.")
            .Resolve(c => c.Source.Result?.Found.Mentions);
        Field("coMentions", new ListGraphType(new NonNullGraphType(pair)))
            .Description("Pairs named in the same paragraphs, most shared paragraphs first.")
            .Resolve(c => c.Source.Result?.CoMentions);
        Field("ambiguous", new ListGraphType(new NonNullGraphType(ambiguous))).Resolve(c => c.Source.Result?.Found.Ambiguous);
        AddField(errors);
    }
}
