using GraphQL;
using GraphQL.DataLoader;
using GraphQL.Types;
using TradeGraph.Api.GraphQL.Errors;
using TradeGraph.Api.GraphQL.Loading;
using TradeGraph.Api.GraphQL.Schema.Connections;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;
using TradeGraph.Core.Querying;

namespace TradeGraph.Api.GraphQL.Schema;

/// <summary>
/// The Query root's own fields: <c>node</c>, <c>nodes</c>, <c>relationship</c>, one connection per entity kind (from the
/// model) and <c>search</c>. Search, analytics and passages add theirs after these (<see cref="TradeGraphSchema"/>).
/// </summary>
internal sealed class QueryGraphType : ObjectGraphType
{
    public QueryGraphType(GraphModel model, ModelGraphTypes types, PagingOptions paging)
    {
        Name = "Query";
        Field("node", types.Node)
            .Description("Fetches any object by its global id; null when there is none.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .Resolve(c => LoadNode(c, c.Argument<string>("id"), model, types.Parts));
        Field("nodes", new NonNullGraphType(new ListGraphType(types.Node)))
            .Description("Fetches many objects by global id, in the order asked; null for each id with no object.")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("ids")
            .ResolveAsync(c => NodesAsync(c, model, types.Parts, paging))
            .FieldType.WithListSize(new ListSize(["ids"], Default: 0, Max: paging.MaxPageSize));
        Field("relationship", types.RelationshipInterface)
            .Description("The relationship of a type between two entities (by key), with its properties and sources; null when there is none.")
            .Argument<NonNullGraphType<StringGraphType>>("type", "The relationship type (PARTICIPATES_IN).")
            .Argument<NonNullGraphType<StringGraphType>>("from", "Key of the entity it starts at.")
            .Argument<NonNullGraphType<StringGraphType>>("to", "Key of the entity it ends at.")
            .Resolve(c =>
            {
                var name = c.GetArgument<string>("type");
                if (!model.TryGetRelationship(name, out var type))
                {
                    throw new TradeGraphError(ErrorCodes.InvalidArgument, $"There is no relationship type '{name}'.");
                }

                return ModelGraphTypes.Loaders(c).Relationships(type).Load(RequestLoaders.EndsKey(c.GetArgument<string>("from"), c.GetArgument<string>("to")));
            });

        foreach (var kind in model.Kinds)
        {
            Field(kind.PluralField, new NonNullGraphType(types.ConnectionType("Query", kind.PluralField, kind.Name)))
                .Description($"The {kind.PluralField} that match `where`, in `order` (by key when none is given).")
                .Arguments(types.ConnectionArguments(kind.Name))
                .ResolveAsync(async c =>
                {
                    var loaders = ModelGraphTypes.Loaders(c);
                    var filter = types.Arguments.ParseFilter(kind, c.Argument<object?>("where"));
                    var order = types.Arguments.ParseOrder(kind, c.Argument<object?>("order"));
                    var page = await loaders.ListEntitiesAsync(new EntityQuery(kind.Name, PageArguments.Read(c, paging), filter, order,
                        types.Parts.Of(c, SelectionShape.Connection)), c.CancellationToken);
                    return ConnectionResult.OfEntities(page, item => new EntityEdge(item),
                        async countContext => (object?)checked((int)await loaders.CountEntitiesAsync(kind.Name, filter, countContext.CancellationToken)),
                        async (aggregateContext, properties) => await loaders.AggregateEntitiesAsync(kind.Name, filter, properties, aggregateContext.CancellationToken));
                });
        }

        Field("search", TypeShapes.NonNullList(types.Entity))
            .Description("Entities whose name or an alias contains the text, ignoring case and accents; best match first.")
            .Argument<NonNullGraphType<StringGraphType>>("text", argument => argument.WithMetadata(InputLimits.RoleKey, InputRole.SearchText))
            .Argument<IntGraphType>("first", "How many to return (default page size, at most the maximum).")
            .ResolveAsync(async c =>
            {
                var first = c.GetArgument<int?>("first") ?? paging.DefaultPageSize;
                if (PageArguments.PageSizeError("first", first, paging.MaxPageSize) is { } pageSizeError)
                {
                    throw pageSizeError;
                }

                var hits = await ModelGraphTypes.Loaders(c).SearchAsync(c.GetArgument<string>("text"), first, c.CancellationToken);
                return hits.Select(h => h.Entity).ToList();
            })
            .FieldType.WithListSize(new ListSize(["first"], paging.DefaultPageSize, paging.MaxPageSize));
    }

    private static async Task<object?> NodesAsync(IResolveFieldContext c, GraphModel model, SelectedParts parts, PagingOptions paging)
    {
        var ids = c.GetArgument<List<string>>("ids");
        if (ids.Count > paging.MaxPageSize)
        {
            throw new TradeGraphError(ErrorCodes.PageSizeExceeded, $"`ids` holds {ids.Count} ids, over the maximum of {paging.MaxPageSize}.",
                HotChocolateCode.TooManyNodes);
        }

        var pending = ids.Select(id => LoadNode(c, id, model, parts)).ToList();
        var results = new List<object?>(pending.Count);
        foreach (var item in pending)
        {
            results.Add(item is null ? null : await item.GetResultAsync(c.CancellationToken));
        }

        return results;
    }

    private static IDataLoaderResult<Entity?>? LoadNode(IResolveFieldContext context, string id, GraphModel model, SelectedParts parts)
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

        return new MappedResult<Entity?, Entity?>(ModelGraphTypes.Loaders(context).Entities.Load(key, parts.InDocument(context)),
            entity => entity?.Kind == kind ? entity : null);
    }
}
