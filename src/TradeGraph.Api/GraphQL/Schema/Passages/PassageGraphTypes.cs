using GraphQL;
using GraphQL.Types;
using TradeGraph.Api.GraphQL.Errors;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;
using TradeGraph.Core.Passages;
using TradeGraph.Core.Semantic;
using TradeGraph.Core.Querying;

namespace TradeGraph.Api.GraphQL.Schema.Passages;

/// <summary>
/// Passages — the paragraphs of ingested articles their citations point at: <c>searchPassages</c> (the retrieval half of
/// GraphRAG: each hit with its source, locator, score and the facts it supports) and <c>passages</c> on Source.
/// The search mode, signal and cited-fact types are those of entity search and provenance, named by reference.
/// </summary>
internal sealed class PassageGraphTypes
{
    public const int MaxResults = 20;
    private const int DefaultResults = 5;

    private readonly PassageGraphType _passage;

    public PassageGraphTypes(ModelGraphTypes types)
    {
        ArgumentNullException.ThrowIfNull(types);
        _passage = new PassageGraphType(types);

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
}
