using GraphQL;
using GraphQL.Types;
using TradeGraph.Api.Analytics;
using TradeGraph.Api.GraphQL.Errors;
using TradeGraph.Api.GraphQL.Schema.Connections;
using TradeGraph.Api.Semantic;
using TradeGraph.Core.Analytics;
using TradeGraph.Core.Semantic;
using static TradeGraph.Api.GraphQL.Schema.Analytics.AnalyticsArguments;

namespace TradeGraph.Api.GraphQL.Schema.Analytics;

/// <summary>
/// The analytics fields at the root: paths, k shortest paths, neighbourhood, centrality, communities, similarity and
/// co-occurrence, each computed by <see cref="AnalyticsService"/> on a cached in-memory projection of the graph, under a
/// time limit, with a declared cost (<see cref="AnalyticsOptions.FieldCost"/>, read by <see cref="CostModel"/>).
/// </summary>
/// <remarks>
/// The list sizes (for the cost analysis, <see cref="ListSize"/>) are the bounds the resolvers enforce on their arguments;
/// centrality is a connection, sized by its page; a path's nodes and relationships are lists of an assumed size.
/// </remarks>
internal sealed class AnalyticsQueryFields(AnalyticsGraphTypes types, AnalyticsArguments arguments, AnalyticsOptions options, PagingOptions paging)
{
    private const int MaxPaths = 20;

    /// <summary>Adds the fields to the Query root, in the order the schema has always printed them.</summary>
    public void AddTo(ObjectGraphType query)
    {
        AddPath(query, k: false);
        AddPath(query, k: true).WithListSize(new ListSize(["k"], Default: MaxPaths, Max: MaxPaths));
        AddNeighbourhood(query).WithListSize(new ListSize(["first"], Default: 50, Max: 500, SizedFields: ["nodes", "relationships"]));
        AddCentrality(query);
        AddCommunities(query);
        AddSimilarEntities(query).WithListSize(PageArguments.FirstListSize(paging));
        AddCoOccurrences(query).WithListSize(PageArguments.FirstListSize(paging));
    }

    private FieldType AddPath(ObjectGraphType query, bool k)
    {
        var path = new NonNullGraphType(types.Path);
        var field = query.Field(k ? "kShortestPaths" : "shortestPath", k ? new NonNullGraphType(new ListGraphType(path)) : path)
            .Description(k
                ? "The k cheapest loopless paths between two entities (Yen), cheapest first; empty when there is none."
                : "The shortest path between two entities (fewest hops, or least cost with weightProperty); empty when there is none.")
            .Arguments(
                new QueryArgument<NonNullGraphType<StringGraphType>> { Name = "from", Description = "Key of the first entity." },
                new QueryArgument<NonNullGraphType<StringGraphType>> { Name = "to", Description = "Key of the last entity." },
                new QueryArgument<IntGraphType> { Name = "maxHops", Description = "Longest path considered." },
                new QueryArgument<ListGraphType<NonNullGraphType<StringGraphType>>> { Name = "relationshipTypes", Description = "Only these types (all when left out)." },
                new QueryArgument(arguments.Direction) { Name = "direction", Description = "BOTH unless given." },
                new QueryArgument<StringGraphType> { Name = "weightProperty", Description = "A numeric relationship property as the cost of a step (1 when left out)." });
        if (k)
        {
            field.Argument<NonNullGraphType<IntGraphType>>("k", $"How many paths (at most {MaxPaths}), cheapest first.");
        }

        return Costed(field.ResolveAwaiting((_, c) => PathsAsync(c, k)));
    }

    private static async Task<object?> PathsAsync(IResolveFieldContext c, bool k)
    {
        var from = c.Argument<string>("from");
        var to = c.Argument<string>("to");
        var types = RelationshipTypes(c);
        var weight = c.Argument<string?>("weightProperty");
        var maxHops = c.Argument<int?>("maxHops");
        if (maxHops is < 0)
        {
            throw new TradeGraphError(ErrorCodes.InvalidArgument, $"`maxHops` must be 0 or more (got {maxHops}).");
        }

        // The weights come with the projection (its filter's weightProperty, checked against the model there).
        // The direction walked is the path's own (options); a projection's is only its default. So without types
        // or a weight the path runs on the whole-graph projection the entity scores keep ready, not a copy of its own.
        var options = new PathOptions
        {
            MaxHops = maxHops,
            RelationshipTypes = types,
            Direction = c.Argument("direction", EdgeDirection.Undirected),
            Weighted = weight is not null,
        };
        var filter = new ProjectionFilter { RelationshipTypes = types, Direction = AnalyticsService.EntityScoreProjection.Direction, WeightProperty = weight };
        if (!k)
        {
            // One search: linear in the projection (fewest hops), so a small one runs at once (see RunAsync).
            return await Service(c).RunAsync(filter, (p, token) => (object?)p.ShortestPath(from, to, options, token), c.CancellationToken,
                linearInSize: weight is null);
        }

        var count = c.GetArgument<int>("k");
        if (count is < 1 or > MaxPaths)
        {
            throw new TradeGraphError(ErrorCodes.InvalidArgument, $"`k` must be between 1 and {MaxPaths} (got {count}).");
        }

        return await Service(c).RunAsync(filter, (p, token) => (object?)p.KShortestPaths(from, to, count, options, token), c.CancellationToken);
    }

    private FieldType AddNeighbourhood(ObjectGraphType query) => Costed(query.Field("neighbourhood", new NonNullGraphType(types.Subgraph))
        .Description("The entities within `hops` of one, nearest first, with the relationships between them.")
        .Arguments(
            new QueryArgument<NonNullGraphType<StringGraphType>> { Name = "key" },
            new QueryArgument<IntGraphType> { Name = "hops", Description = "1 unless given (at most 4)." },
            new QueryArgument<ListGraphType<NonNullGraphType<StringGraphType>>> { Name = "kinds" },
            new QueryArgument<ListGraphType<NonNullGraphType<StringGraphType>>> { Name = "relationshipTypes" },
            new QueryArgument<IntGraphType> { Name = "first", Description = "At most this many nodes (50 unless given, at most 500), the centre included." },
            new QueryArgument<StringGraphType> { Name = "after", Description = "A previous page's `endCursor`: the nodes after it (nearest first, ties by key)." })
        .ResolveAwaiting(async (_, c) =>
        {
            // A subgraph's size is its own bound (nodes to draw), not a page size of GraphQL:Paging.
            var hops = Bounded(c, "hops", 1, 1, 4);
            var first = Bounded(c, "first", 50, 1, 500);
            var kinds = Kinds(c)?.Select(kind => arguments.KnownKind(kind, "kinds")).ToArray();
            var after = c.GetArgument<string?>("after") is { } cursor ? NeighbourhoodCursor.Decode(cursor) : null;
            var options = new NeighbourhoodOptions { Hops = hops, Kinds = kinds, RelationshipTypes = RelationshipTypes(c), First = first, After = after, Direction = EdgeDirection.Undirected };
            var key = c.GetArgument<string>("key");
            return await Service(c).RunAsync(new ProjectionFilter { RelationshipTypes = options.RelationshipTypes }, (p, token) => (object?)p.Neighbourhood(key, options, token), c.CancellationToken);
        }));

    private FieldType AddCentrality(ObjectGraphType query) => Costed(query.Field("centrality", new NonNullGraphType(types.Centrality))
        .Description("Entities of the projection by centrality, best first (ties by key), as a connection.")
        .Arguments(PageArguments.Create([.. arguments.Projection(new QueryArgument(new NonNullGraphType(types.CentralityAlgorithm)) { Name = "algorithm" })]))
        .ResolveAwaiting(async (_, c) =>
        {
            var page = PageArguments.Read(c, paging);
            var measure = c.GetArgument<ScoreMeasure>("algorithm");
            var ranking = await Service(c).RankingAsync(measure, ReadProjection(c), c.CancellationToken);
            return ConnectionResult.Of(RankingPages.Of(ranking, measure, page), _ => Task.FromResult<object?>(ranking.Count));
        }));

    private FieldType AddCommunities(ObjectGraphType query) => Costed(query.Field("communities", new NonNullGraphType(types.Communities))
        .Description("The projection split into communities.")
        .Arguments(arguments.Projection(new QueryArgument(new NonNullGraphType(types.CommunityAlgorithm)) { Name = "algorithm" }))
        .ResolveAwaiting(async (_, c) => await CommunitiesAsync(c, c.GetArgument<string>("algorithm"))));

    /// <summary>The partition a community algorithm makes of the projection the field's arguments name (cached per snapshot).</summary>
    public static Task<CommunitySet> CommunitiesAsync(IResolveFieldContext c, string algorithm) =>
        Service(c).RunCachedAsync(algorithm, ReadProjection(c), (p, token) => algorithm == CommunityAlgorithmGraphType.Louvain
            ? p.Louvain(null, token)
            : p.WeaklyConnectedComponents(token), c.CancellationToken);

    private FieldType AddSimilarEntities(ObjectGraphType query) => Costed(query.Field("similarEntities", TypeShapes.NonNullList(types.SimilarEntity))
        .Description("Entities of the same kind most alike to one: by NEIGHBOURS (the default), the neighbours they share (Jaccard; "
            + "officials by meetings: via PARTICIPATES_IN); by EMBEDDING, what their names, aliases and descriptions mean (cosine).")
        .Arguments(
            new QueryArgument<NonNullGraphType<StringGraphType>> { Name = "key" },
            new QueryArgument(new ListGraphType(new NonNullGraphType(types.NeighbourStep))) { Name = "via", Description = "The path to the shared neighbours; needed by NEIGHBOURS." },
            new QueryArgument(types.SimilarityMeasure) { Name = "by", Description = "NEIGHBOURS unless given.", DefaultValue = SimilarityMeasure.Neighbours },
            new QueryArgument<IntGraphType> { Name = "first", Description = PageArguments.FirstDescription(paging) })
        .ResolveAwaiting(async (_, c) =>
        {
            var key = c.GetArgument<string>("key");
            var first = PageArguments.ReadFirst(c, paging, least: 1);
            if (c.GetArgument("by", SimilarityMeasure.Neighbours) == SimilarityMeasure.Embedding)
            {
                var search = c.RequestServices!.GetService<EntitySearch>()
                    ?? throw new TradeGraphError(ErrorCodes.SemanticSearchUnavailable, "Semantic search is off here; use by: NEIGHBOURS.");
                var completeBefore = SemanticCoverage.CompleteBefore(c);
                var nearest = await search.SimilarAsync(key, first, c.CancellationToken);
                SemanticCoverage.Annotate(c, completeBefore);
                return nearest.Select(n => new SimilarEntity(n.Key, n.Similarity, 0)).ToList();
            }

            if (!c.HasArgument("via") || c.Argument<object?>("via") is null)
            {
                throw new TradeGraphError(ErrorCodes.InvalidArgument, "`via` is needed to compare by NEIGHBOURS.");
            }

            var options = new SimilarityOptions(arguments.Via(c)) { TopK = first };
            return await Service(c).RunAsync(ProjectionFilter.All, (p, token) => (object?)p.JaccardFor(key, options, token), c.CancellationToken);
        }));

    private FieldType AddCoOccurrences(ObjectGraphType query) => Costed(query.Field("coOccurrences", TypeShapes.NonNullList(types.CoOccurrence))
        .Description("Pairs of entities of a kind that share neighbours, most shared first (who met whom: kind Official via PARTICIPATES_IN).")
        .Arguments(
            new QueryArgument<NonNullGraphType<StringGraphType>> { Name = "kind" },
            new QueryArgument(new NonNullGraphType(new ListGraphType(new NonNullGraphType(types.NeighbourStep)))) { Name = "via" },
            new QueryArgument<StringGraphType> { Name = "key", Description = "Only the pairs this entity is in." },
            new QueryArgument<IntGraphType> { Name = "first", Description = PageArguments.FirstDescription(paging) })
        .ResolveAwaiting(async (_, c) =>
        {
            var kind = arguments.KnownKind(c.GetArgument<string>("kind"), "kind");
            var via = arguments.Via(c);
            var options = new CoOccurrenceOptions { Key = c.GetArgument<string?>("key"), First = PageArguments.ReadFirst(c, paging, least: 1) };
            return await Service(c).RunAsync(ProjectionFilter.All, (p, token) => (object?)p.CoOccurrences(kind, via, options, token), c.CancellationToken);
        }));

    private FieldType Costed<TSource, TReturn>(global::GraphQL.Builders.FieldBuilder<TSource, TReturn> field) =>
        field.FieldType.WithMetadata(CostModel.WeightKey, options.FieldCost);
}
