using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.Options;
using TradeGraph.Api.GraphQL.Errors;
using TradeGraph.Api.GraphQL.Schema.Connections;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;
using TradeGraph.Core.Querying;

namespace TradeGraph.Api.GraphQL.Schema;

/// <summary>
/// The GraphQL schema, generated from the model: <c>node</c>, <c>nodes</c>, one connection field per entity kind and
/// <c>search</c> at the root; every type below them comes from <see cref="ModelGraphTypes"/>. A singleton.
/// </summary>
public sealed class TradeGraphSchema : global::GraphQL.Types.Schema
{
    public TradeGraphSchema(
        IServiceProvider services, GraphModel model, IOptions<PagingOptions> paging, IOptions<Analytics.AnalyticsOptions> analytics, IOptions<CostOptions> cost)
        : base(services)
    {
        var types = new ModelGraphTypes(model, paging.Value);
        Directives.Register(new SpecifiedByDirective());
        types.SourceReference.WithMetadata(ListSize.AssumedItemsKey, cost.Value.AssumedSourcesPerFact);
        var query = new ObjectGraphType { Name = "Query" };

        query.AddField(new FieldType
        {
            Name = "node",
            Description = "Fetches any object by its global id; null when there is none.",
            Arguments = new QueryArguments(new QueryArgument<NonNullGraphType<IdGraphType>> { Name = "id" }),
            ResolvedType = types.Node,
            Resolver = new FieldResolver(c => LoadNode(c, c.Argument<string>("id"), model, types.Parts)),
        });
        query.AddField(new FieldType
        {
            Name = "nodes",
            Description = "Fetches many objects by global id, in the order asked; null for each id with no object.",
            Arguments = new QueryArguments(new QueryArgument<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>> { Name = "ids" }),
            ResolvedType = new NonNullGraphType(new ListGraphType(types.Node)),
            Resolver = new AsyncFieldResolver(async c =>
            {
                var ids = c.GetArgument<List<string>>("ids");
                if (ids.Count > paging.Value.MaxPageSize)
                {
                    throw new TradeGraphError(ErrorCodes.PageSizeExceeded, $"`ids` holds {ids.Count} ids, over the maximum of {paging.Value.MaxPageSize}.",
                        HotChocolateCode.TooManyNodes);
                }

                var pending = ids.Select(id => LoadNode(c, id, model, types.Parts)).ToList();
                var results = new List<object?>(pending.Count);
                foreach (var item in pending)
                {
                    results.Add(item is null ? null : await item.GetResultAsync(c.CancellationToken));
                }

                return results;
            }),
        }.WithListSize(new ListSize(["ids"], Default: 0, Max: paging.Value.MaxPageSize)));

        query.AddField(new FieldType
        {
            Name = "relationship",
            Description = "The relationship of a type between two entities (by key), with its properties and sources; null when there is none.",
            Arguments = new QueryArguments(
                new QueryArgument<NonNullGraphType<StringGraphType>> { Name = "type", Description = "The relationship type (PARTICIPATES_IN)." },
                new QueryArgument<NonNullGraphType<StringGraphType>> { Name = "from", Description = "Key of the entity it starts at." },
                new QueryArgument<NonNullGraphType<StringGraphType>> { Name = "to", Description = "Key of the entity it ends at." }),
            ResolvedType = types.RelationshipInterface,
            Resolver = new FieldResolver(c =>
            {
                var name = c.GetArgument<string>("type");
                if (!model.TryGetRelationship(name, out var type))
                {
                    throw new TradeGraphError(ErrorCodes.InvalidArgument, $"There is no relationship type '{name}'.");
                }

                return ModelGraphTypes.Loaders(c).Relationships(type).Load(Loading.RequestLoaders.EndsKey(c.GetArgument<string>("from"), c.GetArgument<string>("to")));
            }),
        });

        foreach (var kind in model.Kinds)
        {
            query.AddField(new FieldType
            {
                Name = kind.PluralField,
                Description = $"The {kind.PluralField} that match `where`, in `order` (by key when none is given).",
                Arguments = types.ConnectionArguments(kind.Name),
                ResolvedType = new NonNullGraphType(types.ConnectionType("Query", kind.PluralField, kind.Name)),
                Resolver = new AsyncFieldResolver(async c =>
                {
                    var loaders = ModelGraphTypes.Loaders(c);
                    var filter = types.Arguments.ParseFilter(kind, c.Argument<object?>("where"));
                    var order = types.Arguments.ParseOrder(kind, c.Argument<object?>("order"));
                    var page = await loaders.ListEntitiesAsync(new EntityQuery(kind.Name, PageArguments.Read(c, paging.Value), filter, order,
                        types.Parts.Of(c, Loading.SelectionShape.Connection)), c.CancellationToken);
                    return Connection.OfEntities(page, item => new EntityEdge(item),
                        async countContext => (object?)checked((int)await loaders.CountEntitiesAsync(kind.Name, filter, countContext.CancellationToken)),
                        async (aggregateContext, properties) => await loaders.AggregateEntitiesAsync(kind.Name, filter, properties, aggregateContext.CancellationToken));
                }),
            });
        }

        query.AddField(new FieldType
        {
            Name = "search",
            Description = "Entities whose name or an alias contains the text, ignoring case and accents; best match first.",
            Arguments = new QueryArguments(
                new QueryArgument<NonNullGraphType<StringGraphType>> { Name = "text" }.WithMetadata(InputLimits.RoleKey, InputRole.SearchText),
                new QueryArgument<IntGraphType> { Name = "first", Description = "How many to return (default page size, at most the maximum)." }),
            ResolvedType = new NonNullGraphType(new ListGraphType(new NonNullGraphType(types.Entity))),
            Resolver = new AsyncFieldResolver(async c =>
            {
                var first = c.GetArgument<int?>("first") ?? paging.Value.DefaultPageSize;
                if (PageArguments.PageSizeError("first", first, paging.Value.MaxPageSize) is { } pageSizeError)
                {
                    throw pageSizeError;
                }

                var hits = await ModelGraphTypes.Loaders(c).SearchAsync(c.GetArgument<string>("text"), first, c.CancellationToken);
                return hits.Select(h => h.Entity).ToList();
            }),
        }.WithListSize(new ListSize(["first"], paging.Value.DefaultPageSize, paging.Value.MaxPageSize)));

        var (searchEntities, searchTypes) = Search.SearchGraphTypes.Create(model, types, paging.Value);
        query.AddField(searchEntities);

        var analyticsTypes = new AnalyticsGraphTypes(model, types, analytics.Value, paging.Value);
        foreach (var field in analyticsTypes.Fields())
        {
            query.AddField(field);
        }

        types.ExtendKindTypes(analyticsTypes.EntityFields);

        var provenance = new Provenance.ProvenanceGraphTypes(model, types, paging.Value);
        var passages = new Passages.PassageGraphTypes(types);
        query.AddField(passages.SearchPassagesField());
        var mutations = new MutationTypes(model, types);
        Query = query;
        Mutation = mutations.Mutation;
        Subscription = new Live.SubscriptionGraphType(model, types);
        // Every directive the SDL prints is defined in it (older parsers refuse @oneOf otherwise); the cost model's
        // weights and list sizes are settled, and applied as @cost / @listSize, while the schema initializes.
        Directives.Register(CostDirectives.Cost(), CostDirectives.ListSize(), OneOfDirective.Definition());
        RegisterVisitor(new CostModel(paging.Value, cost.Value));
        foreach (var type in types.AllTypes.Concat(searchTypes).Concat(analyticsTypes.AllTypes).Concat(provenance.AllTypes).Concat(passages.AllTypes).Concat(mutations.AllTypes))
        {
            RegisterType(type);
        }
    }

    private static global::GraphQL.DataLoader.IDataLoaderResult<Entity?>? LoadNode(IResolveFieldContext context, string id, GraphModel model, Loading.SelectedParts parts)
    {
        if (GlobalId.Decode(id) is not { } decoded)
        {
            throw new TradeGraphError(ErrorCodes.InvalidId, $"'{id}' is not an id returned by this service.");
        }

        var (kind, key) = decoded;
        if (!model.TryGetKind(kind, out _))
        {
            return null;
        }

        return new Loading.MappedResult<Entity?, Entity?>(
            ModelGraphTypes.Loaders(context).Entities.Load(key, parts.InDocument(context)),
            entity => entity?.Kind == kind ? entity : null);
    }
}
