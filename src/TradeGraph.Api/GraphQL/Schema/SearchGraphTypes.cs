using GraphQL;
using GraphQL.Types;
using TradeGraph.Api.GraphQL.Errors;
using TradeGraph.Core.Model;
using TradeGraph.Core.Querying;

namespace TradeGraph.Api.GraphQL.Schema;

/// <summary>
/// The <c>searchEntities</c> root field: ranked full-text search returning a connection of <c>{ score node }</c>,
/// best first, optionally limited to some kinds and tolerant of typos with <c>fuzzy: true</c>.
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

        var hit = new ObjectGraphType<SearchHit> { Name = "SearchResult", Description = "An entity found by search, with its relevance." };
        hit.AddField(new FieldType
        {
            Name = "score",
            Description = "Relevance: higher is better (BM25 over names, aliases and descriptions).",
            Type = typeof(NonNullGraphType<FloatGraphType>),
            Resolver = new FieldResolver(c => ((SearchHit)c.Source!).Score),
        });
        hit.AddField(new FieldType { Name = "node", ResolvedType = new NonNullGraphType(types.Entity), Resolver = new FieldResolver(c => ((SearchHit)c.Source!).Entity) });

        var edge = new ObjectGraphType<PageItem<SearchHit>> { Name = "SearchResultsEdge" };
        edge.AddField(new FieldType { Name = "cursor", Type = typeof(NonNullGraphType<StringGraphType>), Resolver = new FieldResolver(c => ((PageItem<SearchHit>)c.Source!).Cursor) });
        edge.AddField(new FieldType { Name = "node", ResolvedType = new NonNullGraphType(hit), Resolver = new FieldResolver(c => ((PageItem<SearchHit>)c.Source!).Value) });

        var connection = new ObjectGraphType<Page<SearchHit>> { Name = "SearchResultsConnection", Description = "Search results, best first." };
        connection.AddField(new FieldType
        {
            Name = "nodes",
            ResolvedType = new NonNullGraphType(new ListGraphType(new NonNullGraphType(hit))),
            Resolver = new FieldResolver(c => ((Page<SearchHit>)c.Source!).Items.Select(i => i.Value)),
        });
        connection.AddField(new FieldType
        {
            Name = "edges",
            ResolvedType = new NonNullGraphType(new ListGraphType(new NonNullGraphType(edge))),
            Resolver = new FieldResolver(c => ((Page<SearchHit>)c.Source!).Items),
        });
        connection.AddField(new FieldType
        {
            Name = "pageInfo",
            ResolvedType = new NonNullGraphType(types.PageInfo),
            Resolver = new FieldResolver(c => ((Page<SearchHit>)c.Source!) is var page
                ? new PageInfoResult(page.HasNextPage, page.HasPreviousPage, page.Items.FirstOrDefault()?.Cursor, page.Items.LastOrDefault()?.Cursor)
                : null),
        });

        var field = new FieldType
        {
            Name = "searchEntities",
            Description = "Ranked full-text search over names, aliases and descriptions: every word must start a word of the entity "
                + "(prefix matching), ignoring case and accents; best first.",
            Arguments = new QueryArguments(
                new QueryArgument<NonNullGraphType<StringGraphType>> { Name = "text" }.WithMetadata(InputLimits.RoleKey, InputRole.SearchText),
                new QueryArgument(new ListGraphType(new NonNullGraphType(kinds))) { Name = "kinds", Description = "Only these kinds." },
                new QueryArgument<BooleanGraphType> { Name = "fuzzy", Description = "Also match words one or two typos away (\"Bessant\").", DefaultValue = false }
                    .WithMetadata(InputLimits.RoleKey, InputRole.FuzzySwitch),
                new QueryArgument<IntGraphType> { Name = "first" },
                new QueryArgument<StringGraphType> { Name = "after" }),
            ResolvedType = new NonNullGraphType(connection),
            Resolver = new AsyncFieldResolver(async c =>
            {
                var first = c.GetArgument<int?>("first") ?? paging.DefaultPageSize;
                if (first < 0 || first > paging.MaxPageSize)
                {
                    throw new TradeGraphError(ErrorCodes.PageSizeExceeded, $"`first` must be between 0 and {paging.MaxPageSize} (got {first}).");
                }

                var query = new SearchQuery(
                    c.GetArgument<string>("text"),
                    new PageRequest(first, c.GetArgument<string?>("after")),
                    c.GetArgument<List<object>?>("kinds")?.Cast<string>().ToList(),
                    c.GetArgument<bool>("fuzzy"),
                    types.Parts.Of(c, Loading.SelectionShape.SearchConnection));
                return await ModelGraphTypes.Loaders(c).SearchRankedAsync(query, c.CancellationToken);
            }),
        };
        return (field, [kinds, hit, edge, connection]);
    }

    private static string UpperSnake(string pascal) =>
        string.Concat(pascal.Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + c : char.ToUpperInvariant(c).ToString()));
}
