using System.Collections.Concurrent;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;
using TradeGraph.Core.Querying;
using TradeGraph.Core.Storage;

namespace TradeGraph.Api.GraphQL.Loading;

/// <summary>
/// The batch loaders of one GraphQL request. Every nested field goes through one of them, so a level of the
/// selection costs one store call however many parent rows it has.
/// </summary>
public sealed class RequestLoaders(IGraphStore store)
{
    private readonly ConcurrentDictionary<(string Type, Direction Direction, PageRequest Page), BatchLoader<string, Page<RelatedEntity>>> _related = new();
    private readonly ConcurrentDictionary<(string Type, Direction Direction), BatchLoader<string, long>> _relatedCounts = new();
    private BatchLoader<string, Entity>? _entities;

    public BatchLoader<string, Entity> Entities =>
        LazyInitializer.EnsureInitialized(ref _entities, () => new BatchLoader<string, Entity>(store.GetEntitiesAsync));

    public BatchLoader<string, Page<RelatedEntity>> Related(RelationshipType type, Direction direction, PageRequest page) =>
        _related.GetOrAdd((type.Name, direction, page), _ => new BatchLoader<string, Page<RelatedEntity>>(
            (anchors, cancellationToken) => store.ListRelatedAsync(new RelatedQuery(type, direction, anchors, page), cancellationToken)));

    public BatchLoader<string, long> RelatedCounts(RelationshipType type, Direction direction) =>
        _relatedCounts.GetOrAdd((type.Name, direction), _ => new BatchLoader<string, long>(
            (anchors, cancellationToken) => store.CountRelatedAsync(new RelatedQuery(type, direction, anchors, new PageRequest()), cancellationToken)));
}
