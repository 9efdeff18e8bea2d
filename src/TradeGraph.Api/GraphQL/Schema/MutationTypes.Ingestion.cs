using GraphQL;
using GraphQL.Types;
using TradeGraph.Api.GraphQL.Schema.Ingestion;
using TradeGraph.Api.GraphQL.Schema.MutationErrors;
using TradeGraph.Api.Security;
using TradeGraph.Core.Ingestion;
using TradeGraph.Core.Model;
using TradeGraph.Core.Writing;

namespace TradeGraph.Api.GraphQL.Schema;

/// <summary><c>ingestArticle</c>: an article in, a Source and its MENTIONS out, with what was found.</summary>
internal sealed partial class MutationTypes
{
    private FieldType IngestArticleField()
    {
        var input = Add(new IngestArticleInputGraphType(_types.Date));
        var mention = Add(new MentionGraphType(_types.Entity));
        var pair = Add(new CoMentionGraphType(_types.Entity));
        var ambiguous = Add(new AmbiguousMentionGraphType(_types.Entity));
        // The article's own checks (title, text, a Source key taken), then what writing a Source and its MENTIONS can raise.
        var errors = _errors.ErrorsField<IngestArticlePayload>("ingestArticle",
            Raises.Nothing.And<RequiredFieldError>().And<KeyConflictError>().And(CreateRaises).And(ConnectRaises), p => p.Errors);
        var payload = Add(new IngestArticlePayloadGraphType(_types, _outcome, mention, pair, ambiguous, errors));

        var field = new FieldType
        {
            Name = "ingestArticle",
            Description = "Stores an article as a Source and links it (MENTIONS) to every known entity it names by name or alias, with paragraph and offsets. The same text twice is stored once.",
            Arguments = new QueryArguments(new QueryArgument(new NonNullGraphType(input)) { Name = "input" }),
            ResolvedType = new NonNullGraphType(payload),
            Resolver = new AsyncFieldResolver(async c =>
            {
                // Deliberately needs only the Source kind: ingestion writes a new Source and MENTIONS from it to the entities
                // the server finds named in the text — never a field, citation or other relationship of those entities — so a
                // Source-only key (an ingestion pipeline) may link an article to any kind. connectMentions, where the caller
                // chooses the end, checks the end's stored kind instead.
                var caller = Access.RequireKinds(c, [GraphModel.SourceKind]);
                var fields = c.GetArgument<Dictionary<string, object?>>("input");
                var article = new Article((string)fields["title"]!, (string)fields["text"]!,
                    fields.GetValueOrDefault("publishedOn") as DateOnly?, fields.GetValueOrDefault("url") as string, fields.GetValueOrDefault("key") as string,
                    fields.GetValueOrDefault("publisher") as string, fields.GetValueOrDefault("language") as string);
                try
                {
                    var result = await c.RequestServices!.GetRequiredService<ArticleIngestor>().IngestAsync(article, caller.Name, c.CancellationToken);
                    return new IngestArticlePayload(result, null);
                }
                catch (GraphWriteException refused)
                {
                    return new IngestArticlePayload(null, [.. refused.Errors.Select(e => new MutationErrorResult(e.Code, e.Message, ["input", .. e.Path]))]);
                }
            }),
        };
        field.Metadata[AccessRule.WritesKindsMetadata] = new[] { GraphModel.SourceKind };
        return field;
    }
}
