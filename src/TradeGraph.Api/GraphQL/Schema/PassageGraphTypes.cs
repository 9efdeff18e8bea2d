using GraphQL;
using GraphQL.Types;
using TradeGraph.Api.GraphQL.Errors;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;
using TradeGraph.Core.Passages;
using TradeGraph.Core.Semantic;
using TradeGraph.Core.Querying;

namespace TradeGraph.Api.GraphQL.Schema;

/// <summary>
/// Passages — the paragraphs of ingested articles their citations point at: <c>searchPassages</c> (the retrieval half of
/// GraphRAG: each hit with its source, locator, score and the facts it supports) and <c>passages</c> on Source.
/// The search mode, signal and cited-fact types are those of entity search and provenance, named by reference.
/// </summary>
internal sealed class PassageGraphTypes
{
    public const int MaxResults = 20;
    private const int DefaultResults = 5;

    private readonly ObjectGraphType<PassageHit> _passage;

    public PassageGraphTypes(ModelGraphTypes types)
    {
        ArgumentNullException.ThrowIfNull(types);
        var source = types.KindType(GraphModel.SourceKind);
        var facts = new NonNullGraphType(new ListGraphType(new NonNullGraphType(new GraphQLTypeReference("CitedFact"))));
        _passage = new ObjectGraphType<PassageHit> { Name = "Passage", Description = "A paragraph of a source, with the facts the source cites it for." };
        _passage.AddField(new FieldType { Name = "source", ResolvedType = new NonNullGraphType(source), Resolver = new FieldResolver(c => ModelGraphTypes.Loaders(c).Entities.Load(Hit(c).Passage.SourceKey)) });
        _passage.AddField(new FieldType { Name = "paragraph", Description = "0-based (¶0 is an article's headline).", Type = typeof(NonNullGraphType<IntGraphType>), Resolver = new FieldResolver(c => Hit(c).Passage.Paragraph) });
        _passage.AddField(new FieldType { Name = "locator", Description = "How citations name the paragraph: ¶N (a mention's locator adds :start-end).", Type = typeof(NonNullGraphType<StringGraphType>), Resolver = new FieldResolver(c => Hit(c).Passage.Locator) });
        _passage.AddField(new FieldType { Name = "text", Type = typeof(NonNullGraphType<StringGraphType>), Resolver = new FieldResolver(c => Hit(c).Passage.Text) });
        _passage.AddField(new FieldType { Name = "score", Description = "searchPassages: the sum over the rankings that found it of 1 / (60 + rank); 0 on Source.passages.", Type = typeof(NonNullGraphType<FloatGraphType>), Resolver = new FieldResolver(c => Hit(c).Score) });
        _passage.AddField(new FieldType
        {
            Name = "matchedBy",
            Description = "The rankings that found it (searchPassages); empty on Source.passages.",
            ResolvedType = new NonNullGraphType(new ListGraphType(new NonNullGraphType(new GraphQLTypeReference("SearchSignal")))),
            Resolver = new FieldResolver(c => new[] { Hit(c).Signals.TextRank is null ? null : "TEXT", Hit(c).Signals.SemanticRank is null ? null : "SEMANTIC" }.OfType<string>()),
        });
        _passage.AddField(new FieldType { Name = "supports", Description = "The facts its source cites at this paragraph (entities and relationships), with their locators.", ResolvedType = facts, Resolver = new FieldResolver(c => Hit(c).Supports) });

        var passages = new FieldType
        {
            Name = "passages",
            Description = "The paragraphs kept from this source (an ingested article's cited paragraphs), in order.",
            ResolvedType = new NonNullGraphType(new ListGraphType(new NonNullGraphType(_passage))),
            Resolver = new AsyncFieldResolver(async c =>
            {
                if (c.RequestServices!.GetService<PassageSearch>() is not { } search)
                {
                    return Array.Empty<PassageHit>();
                }

                var key = ((Entity)c.Source!).Key;
                var kept = (await search.Passages.GetPassagesAsync([key], c.CancellationToken)).GetValueOrDefault(key) ?? [];
                var supports = await search.SupportsAsync(kept, c.CancellationToken);
                return kept.Select(p => new PassageHit(p, 0, new HitSignals(null, null), supports[p.Key])).ToList();
            }),
        };
        types.ExtendKindTypes(kind => kind.Name == GraphModel.SourceKind ? [passages] : []);
    }

    public IEnumerable<IGraphType> AllTypes => [_passage];

    public FieldType SearchPassagesField() => new FieldType
    {
        Name = "searchPassages",
        Description = "The source paragraphs that best answer a question, best first, each with its source, locator and the facts it supports "
            + "(the retrieval half of GraphRAG). HYBRID (the default): full-text over passage text and meaning, fused; TEXT or SEMANTIC: one of them.",
        Arguments = new QueryArguments(
            new QueryArgument<NonNullGraphType<StringGraphType>> { Name = "text", Description = "A question or a few words." }.WithMetadata(InputLimits.RoleKey, InputRole.SearchText),
            new QueryArgument<IntGraphType> { Name = "first", Description = $"How many passages (0-{MaxResults}).", DefaultValue = DefaultResults },
            new QueryArgument(new GraphQLTypeReference("SearchMode")) { Name = "mode", Description = "HYBRID unless given.", DefaultValue = SearchMode.Hybrid }),
        ResolvedType = new NonNullGraphType(new ListGraphType(new NonNullGraphType(_passage))),
        Resolver = new AsyncFieldResolver(async c =>
        {
            var first = c.GetArgument<int?>("first") ?? DefaultResults;
            if (first < 0 || first > MaxResults)
            {
                throw new TradeGraphError(ErrorCodes.PageSizeExceeded, $"`first` must be between 0 and {MaxResults} (got {first}).");
            }

            var mode = c.GetArgument("mode", SearchMode.Hybrid);
            var search = c.RequestServices!.GetService<PassageSearch>()
                ?? throw new TradeGraphError(ErrorCodes.PassagesUnavailable, "This store keeps no passages.");
            if (mode != SearchMode.Text && !search.CanRankByMeaning)
            {
                throw new TradeGraphError(ErrorCodes.SemanticSearchUnavailable, "Semantic search is off here (Semantic:Enabled); use mode: TEXT.");
            }

            return await search.SearchAsync(c.GetArgument<string>("text"), first, mode, c.CancellationToken);
        }),
    }.WithListSize(new ListSize(["first"], DefaultResults, MaxResults));

    private static PassageHit Hit(IResolveFieldContext context) => (PassageHit)context.Source!;
}
