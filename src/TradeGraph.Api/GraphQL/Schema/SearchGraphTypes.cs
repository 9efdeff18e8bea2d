using GraphQL;
using GraphQL.Types;
using TradeGraph.Api.GraphQL.Errors;
using TradeGraph.Core.Model;
using TradeGraph.Core.Querying;
using TradeGraph.Core.Semantic;

namespace TradeGraph.Api.GraphQL.Schema;

/// <summary>
/// The <c>searchEntities</c> root field: ranked search returning a connection of <c>{ score node matchedBy }</c>, best
/// first, optionally limited to some kinds and tolerant of typos with <c>fuzzy: true</c>; by words (TEXT, the default, as
/// before), by meaning (SEMANTIC) or both fused (HYBRID, <see cref="EntitySearch"/>).
/// </summary>
internal static class SearchGraphTypes
{
    public static (FieldType Field, IEnumerable<IGraphType> Types) Create(GraphModel model, ModelGraphTypes types, PagingOptions paging)
    {
        var kinds = new EnumerationGraphType { Name = "EntityKindName", Description = "The kinds of entity search can return." };
        foreach (var kind in model.Kinds.Where(k => k.IsEntity))
        {
            kinds.Add(UpperSnake(kind.Name), kind.Name, kind.Description);
        }

        var mode = new EnumerationGraphType { Name = "SearchMode", Description = "How search ranks entities." };
        mode.Add("TEXT", SearchMode.Text, "By words: full-text BM25 over names, aliases and descriptions (every word must start a word).");
        mode.Add("SEMANTIC", SearchMode.Semantic, "By meaning: cosine similarity of sentence embeddings (all-MiniLM-L6-v2); finds \"US treasury chief\" → Scott Bessent.");
        mode.Add("HYBRID", SearchMode.Hybrid, "Both rankings fused by reciprocal rank fusion (k = 60): what new clients should ask for.");
        var signal = new EnumerationGraphType { Name = "SearchSignal", Description = "A ranking that found a hit." };
        signal.Add("TEXT", "TEXT", "The full-text ranking.");
        signal.Add("SEMANTIC", "SEMANTIC", "The embedding ranking.");

        var hit = new ObjectGraphType<SearchHit> { Name = "SearchResult", Description = "An entity found by search, with its relevance." };
        hit.AddField(new FieldType
        {
            Name = "score",
            Description = "Relevance: higher is better. TEXT: BM25 over names, aliases and descriptions; SEMANTIC: cosine similarity; "
                + "HYBRID: the sum over the rankings that found it of 1 / (60 + rank).",
            Type = typeof(NonNullGraphType<FloatGraphType>),
            Resolver = new FieldResolver(c => ((SearchHit)c.Source!).Score),
        });
        hit.AddField(new FieldType { Name = "node", ResolvedType = new NonNullGraphType(types.Entity), Resolver = new FieldResolver(c => ((SearchHit)c.Source!).Entity) });
        hit.AddField(new FieldType
        {
            Name = "matchedBy",
            Description = "The rankings that found it.",
            ResolvedType = new NonNullGraphType(new ListGraphType(new NonNullGraphType(signal))),
            Resolver = new FieldResolver(c => ((SearchHit)c.Source!).Signals is { } s
                ? new[] { s.TextRank is null ? null : "TEXT", s.SemanticRank is null ? null : "SEMANTIC" }.OfType<string>()
                : ["TEXT"]),
        });
        hit.AddField(new FieldType
        {
            Name = "textRank",
            Description = "Its place (1 is best) in the full-text ranking; null when that ranking did not find it, and in TEXT mode.",
            Type = typeof(IntGraphType),
            Resolver = new FieldResolver(c => ((SearchHit)c.Source!).Signals?.TextRank),
        });
        hit.AddField(new FieldType
        {
            Name = "semanticRank",
            Description = "Its place (1 is best) in the embedding ranking; null when that ranking did not find it, and in TEXT mode.",
            Type = typeof(IntGraphType),
            Resolver = new FieldResolver(c => ((SearchHit)c.Source!).Signals?.SemanticRank),
        });

        var name = types.ConnectionNames.Claim("Query", "searchEntities", hit.Name);
        var edge = new ObjectGraphType<PageItem<SearchHit>> { Name = ConnectionNames.Edge(name) };
        edge.AddField(new FieldType { Name = "cursor", Type = typeof(NonNullGraphType<StringGraphType>), Resolver = new FieldResolver(c => ((PageItem<SearchHit>)c.Source!).Cursor) });
        edge.AddField(new FieldType { Name = "node", ResolvedType = new NonNullGraphType(hit), Resolver = new FieldResolver(c => ((PageItem<SearchHit>)c.Source!).Value) });

        var connection = new ObjectGraphType<SearchResults> { Name = ConnectionNames.Connection(name), Description = "Search results, best first." };
        connection.AddField(new FieldType
        {
            Name = "nodes",
            ResolvedType = new NonNullGraphType(new ListGraphType(new NonNullGraphType(hit))),
            Resolver = new FieldResolver(c => ((SearchResults)c.Source!).Page.Items.Select(i => i.Value)),
        });
        connection.AddField(new FieldType
        {
            Name = "edges",
            ResolvedType = new NonNullGraphType(new ListGraphType(new NonNullGraphType(edge))),
            Resolver = new FieldResolver(c => ((SearchResults)c.Source!).Page.Items),
        });
        connection.AddField(new FieldType
        {
            Name = "pageInfo",
            ResolvedType = new NonNullGraphType(types.PageInfo),
            Resolver = new FieldResolver(c => ((SearchResults)c.Source!).Page is var page
                ? new PageInfoResult(page.HasNextPage, page.HasPreviousPage, page.Items.FirstOrDefault()?.Cursor, page.Items.LastOrDefault()?.Cursor)
                : null),
        });
        connection.AddField(new FieldType
        {
            Name = "totalCount",
            Description = "SEMANTIC and HYBRID: how many hits the ranking holds (each signal contributes at most Semantic:Candidates); "
                + "null for TEXT.",
            Type = typeof(IntGraphType),
            Resolver = new FieldResolver(c => ((SearchResults)c.Source!).TotalCount),
        });

        var field = new FieldType
        {
            Name = "searchEntities",
            Description = "Ranked search, best first. mode TEXT (the default, so queries written before modes answer as they did): "
                + "full-text over names, aliases and descriptions, every word must start a word of the entity (prefix matching), "
                + "ignoring case and accents. SEMANTIC: by meaning. HYBRID (what new clients should ask for): both, fused; each hit "
                + "says which matched. fuzzy applies to the text ranking.",
            Arguments = PageArguments.Create(
                new QueryArgument<NonNullGraphType<StringGraphType>> { Name = "text" }.WithMetadata(InputLimits.RoleKey, InputRole.SearchText),
                new QueryArgument(new ListGraphType(new NonNullGraphType(kinds))) { Name = "kinds", Description = "Only these kinds." },
                new QueryArgument<BooleanGraphType> { Name = "fuzzy", Description = "Also match words one or two typos away (\"Bessant\").", DefaultValue = false }
                    .WithMetadata(InputLimits.RoleKey, InputRole.FuzzySwitch),
                new QueryArgument(mode) { Name = "mode", Description = "TEXT unless given; HYBRID for new clients.", DefaultValue = SearchMode.Text }),
            ResolvedType = new NonNullGraphType(connection),
            Resolver = new AsyncFieldResolver(async c =>
            {
                var query = new SearchQuery(
                    c.GetArgument<string>("text"),
                    PageArguments.Read(c, paging, SearchCursor.IsWellFormed),
                    c.GetArgument<List<object>?>("kinds")?.Cast<string>().ToList(),
                    c.GetArgument<bool>("fuzzy"),
                    types.Parts.Of(c, Loading.SelectionShape.SearchConnection));
                var searchMode = c.GetArgument("mode", SearchMode.Text);
                if (searchMode == SearchMode.Text)
                {
                    return new SearchResults(await ModelGraphTypes.Loaders(c).SearchRankedAsync(query, c.CancellationToken), null);
                }

                var search = c.RequestServices!.GetService<EntitySearch>()
                    ?? throw new TradeGraphError(ErrorCodes.SemanticSearchUnavailable, "Semantic search is off here (Semantic:Enabled, or a store without vectors); use mode: TEXT.");
                var results = await search.SearchAsync(query, searchMode, c.CancellationToken);
                Semantic.SemanticCoverage.Annotate(c);
                return results;
            }),
        };
        return (field, [kinds, mode, signal, hit, edge, connection]);
    }

    private static string UpperSnake(string pascal) =>
        string.Concat(pascal.Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + c : char.ToUpperInvariant(c).ToString()));
}
