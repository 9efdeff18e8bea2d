using GraphQL;
using GraphQL.DataLoader;
using GraphQL.Types;
using TradeGraph.Api.Analytics;
using TradeGraph.Api.GraphQL.Errors;
using TradeGraph.Api.GraphQL.Loading;
using TradeGraph.Core.Analytics;
using TradeGraph.Core.Model;
using TradeGraph.Core.Semantic;

namespace TradeGraph.Api.GraphQL.Schema;

/// <summary>
/// The analytics fields at the root: paths, k shortest paths, neighbourhood, centrality, communities, similarity and
/// co-occurrence, each computed by <see cref="AnalyticsService"/> on a cached in-memory projection of the graph, under a
/// time limit, with a cost in the cost analysis (metadata read by <see cref="CostAnalysis"/>).
/// </summary>
internal sealed class AnalyticsGraphTypes
{
    private readonly GraphModel _model;
    private readonly ModelGraphTypes _types;
    private readonly AnalyticsOptions _options;
    private readonly PagingOptions _paging;
    private readonly List<IGraphType> _all = [];
    private readonly EnumerationGraphType _direction;
    private readonly ObjectGraphType<RelationshipRef> _pathRelationship;
    private readonly InputObjectGraphType _step;
    private readonly EnumerationGraphType _similarityMeasure;
    private (EnumerationGraphType Algorithm, ObjectGraphType<Community> Community)? _communityTypes;

    public AnalyticsGraphTypes(GraphModel model, ModelGraphTypes types, AnalyticsOptions options, PagingOptions paging)
    {
        _model = model;
        _types = types;
        _options = options;
        _paging = paging;
        _direction = Add(new EnumerationGraphType { Name = "PathDirection", Description = "Which way relationships may be walked." });
        _direction.Add("OUTGOING", EdgeDirection.Directed, "From start to end, as stored.");
        _direction.Add("INCOMING", EdgeDirection.Reverse, "From end to start.");
        _direction.Add("BOTH", EdgeDirection.Undirected, "Either way.");

        _pathRelationship = Add(new ObjectGraphType<RelationshipRef> { Name = "PathRelationship", Description = "A relationship on a path or in a subgraph." });
        _pathRelationship.AddField(new FieldType { Name = "type", Type = typeof(NonNullGraphType<StringGraphType>), Resolver = new FieldResolver(c => ((RelationshipRef)c.Source!).Type) });
        _pathRelationship.AddField(new FieldType { Name = "from", ResolvedType = new NonNullGraphType(types.Node), Resolver = new FieldResolver(c => Node(c, ((RelationshipRef)c.Source!).From)) });
        _pathRelationship.AddField(new FieldType { Name = "to", ResolvedType = new NonNullGraphType(types.Node), Resolver = new FieldResolver(c => Node(c, ((RelationshipRef)c.Source!).To)) });
        _pathRelationship.AddField(new FieldType
        {
            Name = "relationship",
            Description = "The relationship itself, with its properties and sources (as in a connection's edge); null if it was removed since the projection was built.",
            ResolvedType = types.RelationshipInterface,
            Resolver = new FieldResolver(c => ((RelationshipRef)c.Source!) is var r && model.TryGetRelationship(r.Type, out var type)
                ? ModelGraphTypes.Loaders(c).Relationships(type).Load(RequestLoaders.EndsKey(r.From, r.To))
                : null),
        });

        _step = Add(new InputObjectGraphType { Name = "NeighbourStepInput", Description = "One hop of the way to the neighbours that count (PARTICIPATES_IN, OUTGOING)." });
        _step.AddField(new FieldType { Name = "relationshipType", Type = typeof(NonNullGraphType<StringGraphType>) });
        _step.AddField(new FieldType { Name = "direction", ResolvedType = _direction, Description = "OUTGOING unless given." });

        _similarityMeasure = Add(new EnumerationGraphType { Name = "SimilarityMeasure", Description = "What makes two entities alike." });
        _similarityMeasure.Add("NEIGHBOURS", SimilarityMeasure.Neighbours, "The neighbours they share (Jaccard over the `via` path).");
        _similarityMeasure.Add("EMBEDDING", SimilarityMeasure.Embedding, "What their names, aliases and descriptions mean (cosine of their embeddings).");
    }

    public IEnumerable<IGraphType> AllTypes => _all;

    /// <remarks>
    /// The list sizes (for the cost analysis, <see cref="ListSize"/>) are the bounds the resolvers enforce on their arguments.
    /// centrality is a connection, sized by its page; a path's nodes and relationships are lists of an assumed size.
    /// </remarks>
    public IEnumerable<FieldType> Fields()
    {
        yield return PathField(k: false);
        yield return PathField(k: true).WithListSize(new ListSize(["k"], Default: 20, Max: 20));
        yield return NeighbourhoodField().WithListSize(new ListSize(["first"], Default: 50, Max: 500, SizedFields: ["nodes", "relationships"]));
        yield return CentralityField();
        yield return CommunitiesField();
        yield return SimilarField().WithListSize(FirstListSize);
        yield return CoOccurrenceField().WithListSize(FirstListSize);
    }

    /// <summary>
    /// The fields analytics adds to every kind's type (through <see cref="ModelGraphTypes.ExtendKindTypes"/>): the
    /// entity's community, and its score under each measure (<see cref="ScoreMeasures"/>) over the whole graph.
    /// </summary>
    public IEnumerable<FieldType> EntityFields(EntityKind kind)
    {
        var (algorithm, community) = CommunityTypes();
        // Cheap per entity: the computation is shared (cached), so the field costs little beyond the first.
        yield return new FieldType
        {
            Name = "community",
            Description = "The community this entity falls in, over the projection given (LOUVAIN unless asked otherwise); null when outside it.",
            Arguments = ProjectionArguments(new QueryArgument(algorithm) { Name = "algorithm" }),
            ResolvedType = community,
            Resolver = new AsyncFieldResolver(async c =>
            {
                var sets = await CommunitiesAsync(c, c.GetArgument("algorithm", "louvain"));
                return sets.CommunityOf(((Core.Graph.Entity)c.Source!).Key);
            }),
        }.WithMetadata(CostModel.WeightKey, 10.0);

        // …and its centrality scores over the whole graph, the values `order: [{ pageRank: DESC }]` sorts by.
        foreach (var measure in ScoreMeasures.All)
        {
            yield return new FieldType
            {
                Name = measure.Field,
                Description = measure.FieldDescription,
                Type = typeof(FloatGraphType),
                Resolver = new AsyncFieldResolver(async c =>
                {
                    var ranking = await Service(c).RankingAsync(measure, AnalyticsService.EntityScoreProjection, c.CancellationToken);
                    return ranking.ScoreOf(((Core.Graph.Entity)c.Source!).Key);
                }),
            }.WithMetadata(CostModel.WeightKey, 10.0);
        }
    }

    private ListSize FirstListSize => new(["first"], Default: _paging.DefaultPageSize, Max: _paging.MaxPageSize);

    private T Add<T>(T type) where T : IGraphType
    {
        _all.Add(type);
        return type;
    }

    private FieldType PathField(bool k)
    {
        var path = _all.OfType<ObjectGraphType<GraphPath>>().FirstOrDefault() ?? Add(CreatePathType());
        var arguments = new QueryArguments(
            new QueryArgument<NonNullGraphType<StringGraphType>> { Name = "from", Description = "Key of the first entity." },
            new QueryArgument<NonNullGraphType<StringGraphType>> { Name = "to", Description = "Key of the last entity." },
            new QueryArgument<IntGraphType> { Name = "maxHops", Description = "Longest path considered." },
            new QueryArgument<ListGraphType<NonNullGraphType<StringGraphType>>> { Name = "relationshipTypes", Description = "Only these types (all when left out)." },
            new QueryArgument(_direction) { Name = "direction", Description = "BOTH unless given." },
            new QueryArgument<StringGraphType> { Name = "weightProperty", Description = "A numeric relationship property as the cost of a step (1 when left out)." });
        if (k)
        {
            arguments.Add(new QueryArgument<NonNullGraphType<IntGraphType>> { Name = "k", Description = "How many paths (at most 20), cheapest first." });
        }

        return Costed(new FieldType
        {
            Name = k ? "kShortestPaths" : "shortestPath",
            Description = k
                ? "The k cheapest loopless paths between two entities (Yen), cheapest first; empty when there is none."
                : "The shortest path between two entities (fewest hops, or least cost with weightProperty); empty when there is none.",
            Arguments = arguments,
            ResolvedType = k ? new NonNullGraphType(new ListGraphType(new NonNullGraphType(path))) : new NonNullGraphType(path),
            Resolver = new AsyncFieldResolver(async c =>
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
                if (count is < 1 or > 20)
                {
                    throw new TradeGraphError(ErrorCodes.InvalidArgument, $"`k` must be between 1 and 20 (got {count}).");
                }

                return await Service(c).RunAsync(filter, (p, token) => (object?)p.KShortestPaths(from, to, count, options, token), c.CancellationToken);
            }),
        });
    }

    private ObjectGraphType<GraphPath> CreatePathType()
    {
        var path = new ObjectGraphType<GraphPath> { Name = "Path", Description = "A walk through the graph; empty lists when there is no path." };
        // A loader result handed over at once (completed task): it joins the level's batch, and the cost model still
        // weighs the field as the async resolver that reaches the store.
        path.AddField(new FieldType { Name = "nodes", ResolvedType = NonNullList(_types.Node), Resolver = new AsyncFieldResolver(c => Task.FromResult<object?>(Nodes(c, ((GraphPath)c.Source!).Nodes))) });
        path.AddField(new FieldType { Name = "relationships", ResolvedType = NonNullList(_pathRelationship), Resolver = new FieldResolver(c => ((GraphPath)c.Source!).Relationships) });
        path.AddField(new FieldType { Name = "length", Description = "Hops.", Type = typeof(NonNullGraphType<IntGraphType>), Resolver = new FieldResolver(c => ((GraphPath)c.Source!).Length) });
        path.AddField(new FieldType { Name = "cost", Description = "Sum of the step costs (the hops, unweighted).", Type = typeof(NonNullGraphType<FloatGraphType>), Resolver = new FieldResolver(c => ((GraphPath)c.Source!).Cost) });
        return path;
    }

    private FieldType NeighbourhoodField()
    {
        var node = Add(new ObjectGraphType<SubgraphNode> { Name = "SubgraphNode" });
        node.AddField(new FieldType { Name = "node", ResolvedType = new NonNullGraphType(_types.Node), Resolver = new FieldResolver(c => Node(c, ((SubgraphNode)c.Source!).Key)) });
        node.AddField(new FieldType { Name = "distance", Description = "Hops from the centre.", Type = typeof(NonNullGraphType<IntGraphType>), Resolver = new FieldResolver(c => ((SubgraphNode)c.Source!).Distance) });
        var subgraph = Add(new ObjectGraphType<Subgraph> { Name = "Subgraph", Description = "Nodes and the relationships between them, for drawing." });
        subgraph.AddField(new FieldType { Name = "nodes", ResolvedType = NonNullList(node), Resolver = new FieldResolver(c => ((Subgraph)c.Source!).Nodes) });
        subgraph.AddField(new FieldType { Name = "relationships", ResolvedType = NonNullList(_pathRelationship), Resolver = new FieldResolver(c => ((Subgraph)c.Source!).Relationships) });
        subgraph.AddField(new FieldType { Name = "truncated", Description = "More nodes were within reach than `first`.", Type = typeof(NonNullGraphType<BooleanGraphType>), Resolver = new FieldResolver(c => ((Subgraph)c.Source!).Truncated) });
        subgraph.AddField(new FieldType
        {
            Name = "endCursor",
            Description = "Pass as `after` for the next nodes (the centre comes again, with the relationships to it); null when none remain.",
            Type = typeof(StringGraphType),
            Resolver = new FieldResolver(c => ((Subgraph)c.Source!).Next is { } next ? NeighbourhoodCursor.Encode(next) : null),
        });

        return Costed(new FieldType
        {
            Name = "neighbourhood",
            Description = "The entities within `hops` of one, nearest first, with the relationships between them.",
            Arguments = new QueryArguments(
                new QueryArgument<NonNullGraphType<StringGraphType>> { Name = "key" },
                new QueryArgument<IntGraphType> { Name = "hops", Description = "1 unless given (at most 4)." },
                new QueryArgument<ListGraphType<NonNullGraphType<StringGraphType>>> { Name = "kinds" },
                new QueryArgument<ListGraphType<NonNullGraphType<StringGraphType>>> { Name = "relationshipTypes" },
                new QueryArgument<IntGraphType> { Name = "first", Description = "At most this many nodes (50 unless given, at most 500), the centre included." },
                new QueryArgument<StringGraphType> { Name = "after", Description = "A previous page's `endCursor`: the nodes after it (nearest first, ties by key)." }),
            ResolvedType = new NonNullGraphType(subgraph),
            Resolver = new AsyncFieldResolver(async c =>
            {
                var hops = Bounded(c, "hops", 1, 1, 4);
                var first = Bounded(c, "first", 50, 1, 500);
                var kinds = Kinds(c)?.Select(kind => KnownKind(kind, "kinds")).ToArray();
                var after = c.GetArgument<string?>("after") is { } cursor ? NeighbourhoodCursor.Decode(cursor) : null;
                var options = new NeighbourhoodOptions { Hops = hops, Kinds = kinds, RelationshipTypes = RelationshipTypes(c), First = first, After = after, Direction = EdgeDirection.Undirected };
                var key = c.GetArgument<string>("key");
                return await Service(c).RunAsync(new ProjectionFilter { RelationshipTypes = options.RelationshipTypes }, (p, token) => (object?)p.Neighbourhood(key, options, token), c.CancellationToken);
            }),
        });
    }

    private FieldType CentralityField()
    {
        var algorithm = Add(new EnumerationGraphType { Name = "CentralityAlgorithm" });
        foreach (var measure in ScoreMeasures.All)
        {
            algorithm.Add(measure.AlgorithmValue, measure, measure.AlgorithmDescription);
        }

        var scored = Add(new ObjectGraphType<NodeScore> { Name = "ScoredNode", Description = "An entity, its score and its rank (equal scores share a rank)." });
        scored.AddField(new FieldType { Name = "node", ResolvedType = new NonNullGraphType(_types.Node), Resolver = new FieldResolver(c => Node(c, ((NodeScore)c.Source!).Key)) });
        scored.AddField(new FieldType { Name = "score", Type = typeof(NonNullGraphType<FloatGraphType>), Resolver = new FieldResolver(c => ((NodeScore)c.Source!).Score) });
        scored.AddField(new FieldType { Name = "rank", Type = typeof(NonNullGraphType<IntGraphType>), Resolver = new FieldResolver(c => ((NodeScore)c.Source!).Rank) });

        var name = _types.ConnectionNames.Claim("Query", "centrality", scored.Name);
        var edge = Add(new ObjectGraphType<ScoredEdge> { Name = ConnectionNames.Edge(name), Description = "A scored entity and its cursor." });
        edge.AddField(new FieldType { Name = "cursor", Type = typeof(NonNullGraphType<StringGraphType>), Resolver = new FieldResolver(c => ((ScoredEdge)c.Source!).Cursor) });
        edge.AddField(new FieldType { Name = "node", ResolvedType = new NonNullGraphType(scored), Resolver = new FieldResolver(c => ((ScoredEdge)c.Source!).Node) });
        var connection = Add(new ObjectGraphType<ScoredPage> { Name = ConnectionNames.Connection(name), Description = "A ranking, best first (ties by key), a page at a time." });
        connection.AddField(new FieldType { Name = "nodes", ResolvedType = NonNullList(scored), Resolver = new FieldResolver(c => ((ScoredPage)c.Source!).Edges.Select(e => e.Node).ToList()) });
        connection.AddField(new FieldType { Name = "edges", ResolvedType = NonNullList(edge), Resolver = new FieldResolver(c => ((ScoredPage)c.Source!).Edges) });
        connection.AddField(new FieldType
        {
            Name = "pageInfo",
            ResolvedType = new NonNullGraphType(_types.PageInfo),
            Resolver = new FieldResolver(c => ((ScoredPage)c.Source!) is var page
                ? new PageInfoResult(page.HasNextPage, page.HasPreviousPage, page.Edges.FirstOrDefault()?.Cursor, page.Edges.LastOrDefault()?.Cursor)
                : null),
        });
        connection.AddField(new FieldType { Name = "totalCount", Description = "Entities in the projection.", Type = typeof(NonNullGraphType<IntGraphType>), Resolver = new FieldResolver(c => ((ScoredPage)c.Source!).TotalCount) });

        var arguments = ProjectionArguments(new QueryArgument(new NonNullGraphType(algorithm)) { Name = "algorithm" });
        foreach (var argument in PageArguments.Create())
        {
            arguments.Add(argument);
        }

        return Costed(new FieldType
        {
            Name = "centrality",
            Description = "Entities of the projection by centrality, best first (ties by key), as a connection.",
            Arguments = arguments,
            ResolvedType = new NonNullGraphType(connection),
            Resolver = new AsyncFieldResolver(async c =>
            {
                var page = PageArguments.Read(c, _paging);
                var measure = c.GetArgument<ScoreMeasure>("algorithm");
                var ranking = await Service(c).RankingAsync(measure, Projection(c), c.CancellationToken);
                return (object?)ScoredPage.Of(ranking, measure, page);
            }),
        });
    }

    private FieldType CommunitiesField()
    {
        var (algorithm, community) = CommunityTypes();
        var set = Add(new ObjectGraphType<CommunitySet> { Name = "Communities" });
        set.AddField(new FieldType { Name = "modularity", Description = "Newman's modularity of the partition.", Type = typeof(NonNullGraphType<FloatGraphType>), Resolver = new FieldResolver(c => ((CommunitySet)c.Source!).Modularity) });
        set.AddField(new FieldType { Name = "count", Type = typeof(NonNullGraphType<IntGraphType>), Resolver = new FieldResolver(c => ((CommunitySet)c.Source!).Communities.Count) });
        set.AddField(new FieldType
        {
            Name = "communities",
            Description = "Largest first.",
            Arguments = new QueryArguments(new QueryArgument<IntGraphType> { Name = "first", Description = PageArguments.FirstDescription(_paging) }),
            ResolvedType = NonNullList(community),
            Resolver = new FieldResolver(c => ((CommunitySet)c.Source!).Communities.Take(PageArguments.ReadFirst(c, _paging, least: 0)).ToList()),
        });
        set.AddField(new FieldType
        {
            Name = "communityOf",
            Description = "The community an entity belongs to; null when it is not in the projection.",
            Arguments = new QueryArguments(new QueryArgument<NonNullGraphType<StringGraphType>> { Name = "key" }),
            ResolvedType = community,
            Resolver = new FieldResolver(c => ((CommunitySet)c.Source!).CommunityOf(c.GetArgument<string>("key"))),
        });

        set.GetField("communities")!.WithListSize(FirstListSize);

        return Costed(new FieldType
        {
            Name = "communities",
            Description = "The projection split into communities.",
            Arguments = ProjectionArguments(new QueryArgument(new NonNullGraphType(algorithm)) { Name = "algorithm" }),
            ResolvedType = new NonNullGraphType(set),
            Resolver = new AsyncFieldResolver(async c => await CommunitiesAsync(c, c.GetArgument<string>("algorithm"))),
        });
    }

    /// <summary>The community algorithm enum and the Community type, made on first use (the root field, then every kind's field).</summary>
    private (EnumerationGraphType Algorithm, ObjectGraphType<Community> Community) CommunityTypes()
    {
        if (_communityTypes is { } made)
        {
            return made;
        }

        var algorithm = Add(new EnumerationGraphType { Name = "CommunityAlgorithm" });
        algorithm.Add("LOUVAIN", "louvain", "Louvain modularity optimisation.");
        algorithm.Add("WEAKLY_CONNECTED_COMPONENTS", "wcc", "Parts connected whatever the direction.");
        var community = Add(new ObjectGraphType<Community> { Name = "Community" });
        community.AddField(new FieldType { Name = "id", Type = typeof(NonNullGraphType<IntGraphType>), Resolver = new FieldResolver(c => ((Community)c.Source!).Id) });
        community.AddField(new FieldType { Name = "size", Type = typeof(NonNullGraphType<IntGraphType>), Resolver = new FieldResolver(c => ((Community)c.Source!).Size) });
        community.AddField(new FieldType
        {
            Name = "members",
            Arguments = new QueryArguments(new QueryArgument<IntGraphType> { Name = "first", Description = PageArguments.FirstDescription(_paging) }),
            ResolvedType = NonNullList(_types.Node),
            Resolver = new AsyncFieldResolver(async c => await Nodes(c, ((Community)c.Source!).Members.Take(PageArguments.ReadFirst(c, _paging, least: 0)).ToList()).GetResultAsync(c.CancellationToken)),
        }.WithListSize(FirstListSize));
        _communityTypes = (algorithm, community);
        return (algorithm, community);
    }

    private FieldType SimilarField()
    {
        var similar = Add(new ObjectGraphType<SimilarEntity> { Name = "SimilarEntity", Description = "An entity and how alike it is (Jaccard over shared neighbours, or the cosine of their embeddings)." });
        similar.AddField(new FieldType { Name = "node", ResolvedType = new NonNullGraphType(_types.Node), Resolver = new FieldResolver(c => Node(c, ((SimilarEntity)c.Source!).Key)) });
        similar.AddField(new FieldType { Name = "score", Type = typeof(NonNullGraphType<FloatGraphType>), Resolver = new FieldResolver(c => ((SimilarEntity)c.Source!).Score) });
        similar.AddField(new FieldType { Name = "shared", Description = "How many neighbours they share (0 by EMBEDDING).", Type = typeof(NonNullGraphType<IntGraphType>), Resolver = new FieldResolver(c => ((SimilarEntity)c.Source!).Shared) });
        return Costed(new FieldType
        {
            Name = "similarEntities",
            Description = "Entities of the same kind most alike to one: by NEIGHBOURS (the default), the neighbours they share (Jaccard; "
                + "officials by meetings: via PARTICIPATES_IN); by EMBEDDING, what their names, aliases and descriptions mean (cosine).",
            Arguments = new QueryArguments(
                new QueryArgument<NonNullGraphType<StringGraphType>> { Name = "key" },
                new QueryArgument(new ListGraphType(new NonNullGraphType(_step))) { Name = "via", Description = "The path to the shared neighbours; needed by NEIGHBOURS." },
                new QueryArgument(_similarityMeasure) { Name = "by", Description = "NEIGHBOURS unless given.", DefaultValue = SimilarityMeasure.Neighbours },
                new QueryArgument<IntGraphType> { Name = "first", Description = PageArguments.FirstDescription(_paging) }),
            ResolvedType = NonNullList(similar),
            Resolver = new AsyncFieldResolver(async c =>
            {
                var key = c.GetArgument<string>("key");
                var first = PageArguments.ReadFirst(c, _paging, least: 1);
                if (c.GetArgument("by", SimilarityMeasure.Neighbours) == SimilarityMeasure.Embedding)
                {
                    var search = c.RequestServices!.GetService<EntitySearch>()
                        ?? throw new TradeGraphError(ErrorCodes.SemanticSearchUnavailable, "Semantic search is off here; use by: NEIGHBOURS.");
                    var nearest = await search.SimilarAsync(key, first, c.CancellationToken);
                    Semantic.SemanticCoverage.Annotate(c);
                    return nearest.Select(n => new SimilarEntity(n.Key, n.Similarity, 0)).ToList();
                }

                if (!c.HasArgument("via") || c.GetArgument<List<object>?>("via") is null)
                {
                    throw new TradeGraphError(ErrorCodes.InvalidArgument, "`via` is needed to compare by NEIGHBOURS.");
                }

                var options = new SimilarityOptions(Via(c)) { TopK = first };
                return await Service(c).RunAsync(ProjectionFilter.All, (p, token) => (object?)p.JaccardFor(key, options, token), c.CancellationToken);
            }),
        });
    }

    private FieldType CoOccurrenceField()
    {
        var pair = Add(new ObjectGraphType<CoOccurrencePair> { Name = "CoOccurrence", Description = "Two entities and the neighbours they share (two officials and their meetings)." });
        pair.AddField(new FieldType { Name = "first", ResolvedType = new NonNullGraphType(_types.Node), Resolver = new FieldResolver(c => Node(c, ((CoOccurrencePair)c.Source!).First)) });
        pair.AddField(new FieldType { Name = "second", ResolvedType = new NonNullGraphType(_types.Node), Resolver = new FieldResolver(c => Node(c, ((CoOccurrencePair)c.Source!).Second)) });
        pair.AddField(new FieldType { Name = "shared", ResolvedType = NonNullList(_types.Node), Resolver = new AsyncFieldResolver(async c => await Nodes(c, ((CoOccurrencePair)c.Source!).Shared).GetResultAsync(c.CancellationToken)) });
        return Costed(new FieldType
        {
            Name = "coOccurrences",
            Description = "Pairs of entities of a kind that share neighbours, most shared first (who met whom: kind Official via PARTICIPATES_IN).",
            Arguments = new QueryArguments(
                new QueryArgument<NonNullGraphType<StringGraphType>> { Name = "kind" },
                new QueryArgument(new NonNullGraphType(new ListGraphType(new NonNullGraphType(_step)))) { Name = "via" },
                new QueryArgument<StringGraphType> { Name = "key", Description = "Only the pairs this entity is in." },
                new QueryArgument<IntGraphType> { Name = "first", Description = PageArguments.FirstDescription(_paging) }),
            ResolvedType = NonNullList(pair),
            Resolver = new AsyncFieldResolver(async c =>
            {
                var kind = KnownKind(c.GetArgument<string>("kind"), "kind");
                var via = Via(c);
                var options = new CoOccurrenceOptions { Key = c.GetArgument<string?>("key"), First = PageArguments.ReadFirst(c, _paging, least: 1) };
                return await Service(c).RunAsync(ProjectionFilter.All, (p, token) => (object?)p.CoOccurrences(kind, via, options, token), c.CancellationToken);
            }),
        });
    }

    private Task<CommunitySet> CommunitiesAsync(IResolveFieldContext c, string name) =>
        Service(c).RunCachedAsync(name, Projection(c), (p, token) => name == "louvain" ? p.Louvain(null, token) : p.WeaklyConnectedComponents(token), c.CancellationToken);

    /// <summary>The projection arguments shared by centrality and communities, then the field's own.</summary>
    private QueryArguments ProjectionArguments(params QueryArgument[] own)
    {
        var arguments = new QueryArguments(own);
        arguments.Add(new QueryArgument<ListGraphType<NonNullGraphType<StringGraphType>>> { Name = "kinds", Description = "Entity kinds in the projection (all when left out)." });
        arguments.Add(new QueryArgument<ListGraphType<NonNullGraphType<StringGraphType>>> { Name = "relationshipTypes", Description = "Relationship types in the projection (all when left out)." });
        arguments.Add(new QueryArgument(_direction) { Name = "direction", Description = "BOTH unless given." });
        arguments.Add(new QueryArgument(_types.Date) { Name = "from", Description = "Keep dated entities and relationships from this day on." });
        arguments.Add(new QueryArgument(_types.Date) { Name = "until", Description = "Keep dated entities and relationships up to this day." });
        return arguments;
    }

    private ProjectionFilter Projection(IResolveFieldContext c)
    {
        var from = c.GetArgument<DateOnly?>("from");
        var until = c.GetArgument<DateOnly?>("until");
        return new ProjectionFilter
        {
            Kinds = Kinds(c),
            RelationshipTypes = RelationshipTypes(c),
            Direction = c.GetArgument("direction", EdgeDirection.Undirected),
            DateWindow = from is null && until is null ? null : new DateWindow(from, until),
        };
    }

    // Kinds and types of a projection filter are checked against the model where every filter is admitted (AnalyticsService).
    private static string[]? Kinds(IResolveFieldContext c) => c.GetArgument<List<string>?>("kinds")?.ToArray();

    private static string[]? RelationshipTypes(IResolveFieldContext c) => c.GetArgument<List<string>?>("relationshipTypes")?.ToArray();

    private NeighbourPath Via(IResolveFieldContext c) => new([.. c.GetArgument<List<Dictionary<string, object?>>>("via").Select(step => new Hop(
        KnownType((string)step["relationshipType"]!, "via"),
        step.GetValueOrDefault("direction") is EdgeDirection direction
            ? direction switch { EdgeDirection.Reverse => Direction.Incoming, EdgeDirection.Undirected => null, _ => Direction.Outgoing }
            : Direction.Outgoing))]);

    private string KnownKind(string kind, string argument) => _model.TryGetKind(kind, out _)
        ? kind
        : throw new TradeGraphError(ErrorCodes.InvalidArgument, $"`{argument}`: '{kind}' is not an entity kind ({string.Join(", ", _model.Kinds.Select(k => k.Name))}).");

    private string KnownType(string type, string argument) => _model.TryGetRelationship(type, out _)
        ? type
        : throw new TradeGraphError(ErrorCodes.InvalidArgument, $"`{argument}`: '{type}' is not a relationship type.");

    private static int Bounded(IResolveFieldContext c, string argument, int fallback, int min, int max)
    {
        var value = c.GetArgument<int?>(argument) ?? fallback;
        return value >= min && value <= max
            ? value
            : throw new TradeGraphError(ErrorCodes.InvalidArgument, $"`{argument}` must be between {min} and {max} (got {value}).");
    }

    private FieldType Costed(FieldType field) => field.WithMetadata(CostModel.WeightKey, _options.FieldCost);

    private static AnalyticsService Service(IResolveFieldContext c) => c.RequestServices!.GetRequiredService<AnalyticsService>();

    private object Node(IResolveFieldContext c, string key) => ModelGraphTypes.Loaders(c).Entities.Load(key, _types.Parts.InDocument(c));

    /// <summary>A path's entities, queued with the level's other loads; an entity removed since the projection was built is left out.</summary>
    private LoadedList<Core.Graph.Entity> Nodes(IResolveFieldContext c, IReadOnlyList<string> keys)
    {
        var parts = _types.Parts.InDocument(c);
        var entities = ModelGraphTypes.Loaders(c).Entities;
        var pending = new IDataLoaderResult<Core.Graph.Entity?>[keys.Count];
        for (var i = 0; i < pending.Length; i++)
        {
            pending[i] = entities.Load(keys[i], parts);
        }

        return new LoadedList<Core.Graph.Entity>(pending);
    }

    private static NonNullGraphType NonNullList(IGraphType item) => new(new ListGraphType(new NonNullGraphType(item)));
}

/// <summary>The measures of <c>similarEntities</c>.</summary>
internal enum SimilarityMeasure
{
    Neighbours,
    Embedding,
}
