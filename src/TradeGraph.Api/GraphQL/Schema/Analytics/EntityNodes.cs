using GraphQL;
using GraphQL.DataLoader;
using TradeGraph.Api.GraphQL.Loading;
using TradeGraph.Core.Graph;

namespace TradeGraph.Api.GraphQL.Schema.Analytics;

/// <summary>
/// The entities behind the keys an analytics result names, loaded through the request's shared entity loader with the
/// parts the whole document reads, so they batch with the level's other loads.
/// </summary>
internal sealed class EntityNodes(SelectedParts parts)
{
    public IDataLoaderResult<Entity?> One(IResolveFieldContext c, string key) => ModelGraphTypes.Loaders(c).Entities.Load(key, parts.InDocument(c));

    /// <summary>Several entities, in order, queued with the level's other loads; one removed since the projection was built is left out.</summary>
    public LoadedList<Entity> Many(IResolveFieldContext c, IReadOnlyList<string> keys)
    {
        var inDocument = parts.InDocument(c);
        var entities = ModelGraphTypes.Loaders(c).Entities;
        var pending = new IDataLoaderResult<Entity?>[keys.Count];
        for (var i = 0; i < pending.Length; i++)
        {
            pending[i] = entities.Load(keys[i], inDocument);
        }

        return new LoadedList<Entity>(pending);
    }
}
