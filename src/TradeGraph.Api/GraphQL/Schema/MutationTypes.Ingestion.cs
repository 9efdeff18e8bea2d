using GraphQL;
using GraphQL.Types;
using TradeGraph.Api.GraphQL.Schema.MutationErrors;
using TradeGraph.Api.Security;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Ingestion;
using TradeGraph.Core.Model;
using TradeGraph.Core.Writing;

namespace TradeGraph.Api.GraphQL.Schema;

/// <summary><c>ingestArticle</c>: an article in, a Source and its MENTIONS out, with what was found.</summary>
internal sealed partial class MutationTypes
{
    private FieldType IngestArticleField()
    {
        var input = Add(new InputObjectGraphType { Name = "IngestArticleInput", Description = "An article to store as a Source and link to the entities it names." });
        input.AddField(new FieldType { Name = "title", Type = typeof(NonNullGraphType<StringGraphType>) });
        input.AddField(new FieldType { Name = "text", Description = "The article's text; paragraphs are separated by blank lines.", Type = typeof(NonNullGraphType<StringGraphType>) });
        input.AddField(new FieldType { Name = "publishedOn", ResolvedType = _types.Date });
        input.AddField(new FieldType { Name = "url", Type = typeof(StringGraphType) });
        input.AddField(new FieldType { Name = "publisher", Type = typeof(StringGraphType) });
        input.AddField(new FieldType { Name = "language", Type = typeof(StringGraphType) });
        input.AddField(new FieldType { Name = "key", Description = "Key for the Source; made from the title and date when left out.", Type = typeof(StringGraphType) });

        var entity = new NonNullGraphType(_types.Entity);
        var mention = Add(new ObjectGraphType<Mention> { Name = "Mention", Description = "Where the article names an entity." });
        mention.AddField(new FieldType { Name = "node", ResolvedType = entity, Resolver = new FieldResolver(c => ModelGraphTypes.Loaders(c).Entities.Load(((Mention)c.Source!).Key)) });
        mention.AddField(new FieldType { Name = "text", Description = "The words as written.", Type = typeof(NonNullGraphType<StringGraphType>), Resolver = new FieldResolver(c => ((Mention)c.Source!).Text) });
        mention.AddField(new FieldType { Name = "paragraph", Description = "0-based paragraph (¶0 is the headline, ¶1 the text's first paragraph).", Type = typeof(NonNullGraphType<IntGraphType>), Resolver = new FieldResolver(c => ((Mention)c.Source!).Paragraph) });
        mention.AddField(new FieldType { Name = "start", Description = "Offset of the first character within the paragraph.", Type = typeof(NonNullGraphType<IntGraphType>), Resolver = new FieldResolver(c => ((Mention)c.Source!).Start) });
        mention.AddField(new FieldType { Name = "end", Description = "Offset just past the last character within the paragraph.", Type = typeof(NonNullGraphType<IntGraphType>), Resolver = new FieldResolver(c => ((Mention)c.Source!).End) });
        mention.AddField(new FieldType { Name = "locator", Description = "The citation locator recorded for it (¶paragraph:start-end).", Type = typeof(NonNullGraphType<StringGraphType>), Resolver = new FieldResolver(c => MentionLocator.Format((Mention)c.Source!)) });

        var pair = Add(new ObjectGraphType<CoMentionedPair> { Name = "CoMention", Description = "Two entities the article names in the same paragraphs." });
        pair.AddField(new FieldType { Name = "first", ResolvedType = entity, Resolver = new FieldResolver(c => ModelGraphTypes.Loaders(c).Entities.Load(((CoMentionedPair)c.Source!).FirstKey)) });
        pair.AddField(new FieldType { Name = "second", ResolvedType = entity, Resolver = new FieldResolver(c => ModelGraphTypes.Loaders(c).Entities.Load(((CoMentionedPair)c.Source!).SecondKey)) });
        pair.AddField(new FieldType { Name = "paragraphs", Type = typeof(NonNullGraphType<ListGraphType<NonNullGraphType<IntGraphType>>>), Resolver = new FieldResolver(c => ((CoMentionedPair)c.Source!).Paragraphs) });

        var ambiguous = Add(new ObjectGraphType<AmbiguousMention> { Name = "AmbiguousMention", Description = "Words that name more than one entity, so none was linked." });
        ambiguous.AddField(new FieldType { Name = "text", Type = typeof(NonNullGraphType<StringGraphType>), Resolver = new FieldResolver(c => ((AmbiguousMention)c.Source!).Text) });
        ambiguous.AddField(new FieldType { Name = "paragraph", Type = typeof(NonNullGraphType<IntGraphType>), Resolver = new FieldResolver(c => ((AmbiguousMention)c.Source!).Paragraph) });
        ambiguous.AddField(new FieldType { Name = "start", Type = typeof(NonNullGraphType<IntGraphType>), Resolver = new FieldResolver(c => ((AmbiguousMention)c.Source!).Start) });
        ambiguous.AddField(new FieldType { Name = "end", Type = typeof(NonNullGraphType<IntGraphType>), Resolver = new FieldResolver(c => ((AmbiguousMention)c.Source!).End) });
        ambiguous.AddField(new FieldType
        {
            Name = "candidates",
            ResolvedType = new NonNullGraphType(new ListGraphType(entity)),
            Resolver = new AsyncFieldResolver(async c =>
            {
                var pending = ((AmbiguousMention)c.Source!).CandidateKeys.Select(ModelGraphTypes.Loaders(c).Entities.Load).ToList();
                var candidates = new List<Entity>();
                foreach (var result in pending)
                {
                    if (await result.GetResultAsync(c.CancellationToken) is { } candidate)
                    {
                        candidates.Add(candidate);
                    }
                }

                return candidates;
            }),
        });

        var payload = Add(new ObjectGraphType<IngestionPayload> { Name = "IngestArticlePayload" });
        payload.AddField(new FieldType { Name = "source", Description = "The Source the article is stored as (the earlier one, for a text ingested before).", ResolvedType = _types.KindType(GraphModel.SourceKind), Resolver = new FieldResolver(c => ((IngestionPayload)c.Source!).Result?.Source) });
        payload.AddField(new FieldType { Name = "outcome", Description = "CREATED, or UNCHANGED when the same text was ingested before (nothing is written then).", ResolvedType = _outcome, Resolver = new FieldResolver(c => ((IngestionPayload)c.Source!).Result is { } r ? (r.AlreadyIngested ? WriteOutcome.Unchanged : WriteOutcome.Created) : null) });
        payload.AddField(new FieldType { Name = "paragraphs", Description = "How many paragraphs the article has, the headline (¶0) included.", Type = typeof(IntGraphType), Resolver = new FieldResolver(c => ((IngestionPayload)c.Source!).Result?.Paragraphs.Count) });
        payload.AddField(new FieldType { Name = "mentions", Description = "Every mention found, in reading order.", ResolvedType = new ListGraphType(new NonNullGraphType(mention)), Resolver = new FieldResolver(c => ((IngestionPayload)c.Source!).Result?.Found.Mentions) });
        payload.AddField(new FieldType { Name = "coMentions", Description = "Pairs named in the same paragraphs, most shared paragraphs first.", ResolvedType = new ListGraphType(new NonNullGraphType(pair)), Resolver = new FieldResolver(c => ((IngestionPayload)c.Source!).Result?.CoMentions) });
        payload.AddField(new FieldType { Name = "ambiguous", ResolvedType = new ListGraphType(new NonNullGraphType(ambiguous)), Resolver = new FieldResolver(c => ((IngestionPayload)c.Source!).Result?.Found.Ambiguous) });
        // The article's own checks (title, text, a Source key taken), then what writing a Source and its MENTIONS can raise.
        payload.AddField(_errors.ErrorsField("ingestArticle", Raises.Nothing.And<RequiredFieldError>().And<KeyConflictError>().And(CreateRaises).And(ConnectRaises),
            c => ((IngestionPayload)c.Source!).Errors));

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
                    return new IngestionPayload(result, null);
                }
                catch (GraphWriteException refused)
                {
                    return new IngestionPayload(null, [.. refused.Errors.Select(e => new MutationErrorResult(e.Code, e.Message, ["input", .. e.Path]))]);
                }
            }),
        };
        field.Metadata[AccessRule.WritesKindsMetadata] = new[] { GraphModel.SourceKind };
        return field;
    }

    private sealed record IngestionPayload(IngestionResult? Result, IReadOnlyList<MutationErrorResult>? Errors);
}
