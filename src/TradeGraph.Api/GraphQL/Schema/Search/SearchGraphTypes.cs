using GraphQL;
using GraphQL.Types;
using TradeGraph.Api.GraphQL.Errors;
using TradeGraph.Api.GraphQL.Schema.Connections;
using TradeGraph.Core.Model;
using TradeGraph.Core.Querying;
using TradeGraph.Core.Semantic;

namespace TradeGraph.Api.GraphQL.Schema.Search;

/// <summary>
/// The <c>searchEntities</c> root field: ranked search returning a connection of <c>{ score node matchedBy }</c>, best
/// first, optionally limited to some kinds and tolerant of typos with <c>fuzzy: true</c>; by words (TEXT, the default, as
/// before), by meaning (SEMANTIC) or both fused (HYBRID, <see cref="EntitySearch"/>).
/// </summary>
internal static class SearchGraphTypes
{
    public static (FieldType Field, IEnumerable<IGraphType> Types) Create(GraphModel model, ModelGraphTypes types, PagingOptions paging)
    {
        var kinds = new EntityKindNameGraphType(model);
        var mode = new SearchModeGraphType();
        var signal = new SearchSignalGraphType();
        var hit = new SearchResultGraphType(types.Entity, signal);

        var name = types.ConnectionNames.Claim("Query", "searchEntities", hit.Name);
        var edge = new EdgeGraphType<PageItem<SearchHit>>(name, null, hit, i => i.Cursor, i => i.Value);
        var connection = new ConnectionGraphType<PageItem<SearchHit>>(name, "Search results, best first.", edge, hit, types.PageInfo);
        connection.AddTotalCount("SEMANTIC and HYBRID: how many hits the ranking holds (each signal contributes at most Semantic:Candidates); "
            + "null for TEXT.", nonNull: false);

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
                var results = await SearchAsync(c, types, paging);
                return ConnectionResult.Of(results.Page, _ => Task.FromResult<object?>(results.TotalCount));
            }),
        };
        return (field, [kinds, mode, signal, hit, edge, connection]);
    }

    private static async Task<SearchResults> SearchAsync(IResolveFieldContext c, ModelGraphTypes types, PagingOptions paging)
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
        var completeBefore = Semantic.SemanticCoverage.CompleteBefore(c);
        var results = await search.SearchAsync(query, searchMode, c.CancellationToken);
        Semantic.SemanticCoverage.Annotate(c, completeBefore);
        return results;
    }
}
