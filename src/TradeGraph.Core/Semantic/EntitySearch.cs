using TradeGraph.Core.Graph;
using TradeGraph.Core.Querying;
using TradeGraph.Core.Storage;

namespace TradeGraph.Core.Semantic;

/// <summary>
/// Semantic and hybrid search of entities, over any store: the query is embedded, the index gives the nearest vectors,
/// and a hit is kept only while its entity's embedded text is the one its vector was made from (so a write the index has
/// not seen yet never yields a wrong hit). Hybrid fuses the store's full-text ranking and the semantic one with
/// <see cref="ReciprocalRankFusion"/>. Each ranking holds at most <paramref name="candidates"/> hits; pages are keyset
/// pages over (score, key) with <see cref="SearchCursor"/>, like text search. Only <paramref name="searchableKinds"/> are
/// searched (the entity kinds: a Source is not an entity search returns), or the query's kinds among them. The nearest
/// vectors come from <paramref name="vectors"/>: the in-memory <see cref="VectorIndex"/>, or a store's own index.
/// </summary>
public sealed class EntitySearch(IGraphStore store, ITextEmbedder embedder, IVectorSearch vectors, IReadOnlyCollection<string> searchableKinds,
    int candidates = 100)
{
    public ITextEmbedder Embedder => embedder;

    /// <summary>The in-memory index the maintenance fills, or null when the store indexes its vectors itself.</summary>
    public VectorIndex? Index => vectors as VectorIndex;

    public async Task<SearchResults> SearchAsync(SearchQuery query, SearchMode mode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (mode == SearchMode.Text)
        {
            return new SearchResults(await store.SearchRankedAsync(query, cancellationToken).ConfigureAwait(false), null);
        }

        var semantic = await SemanticRankingAsync(query, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<SearchHit> ranking;
        if (mode == SearchMode.Semantic)
        {
            ranking = [.. semantic.Select((hit, i) => hit with { Signals = new HitSignals(null, i + 1) })];
        }
        else
        {
            var text = await store.SearchRankedAsync(query with { Page = new PageRequest(candidates) }, cancellationToken).ConfigureAwait(false);
            var entities = new Dictionary<string, Entity>(StringComparer.Ordinal);
            foreach (var hit in semantic.Concat(text.Items.Select(i => i.Value)))
            {
                entities[hit.Entity.Key] = hit.Entity;
            }

            var fused = ReciprocalRankFusion.Fuse([.. text.Items.Select(i => i.Value.Entity.Key)], [.. semantic.Select(h => h.Entity.Key)]);
            ranking = [.. fused.Select(f => new SearchHit(entities[f.Key], f.Score) { Signals = new HitSignals(f.TextRank, f.SemanticRank) })];
        }

        return new SearchResults(PageOf(ranking, query.Page), ranking.Count);
    }

    /// <summary>The entities of the same kind whose vectors are nearest to <paramref name="key"/>'s, best first; none for an unknown key.</summary>
    public async Task<IReadOnlyList<(string Key, double Similarity)>> SimilarAsync(string key, int first, CancellationToken cancellationToken)
    {
        var found = await store.GetEntitiesAsync([key], EntityParts.Aliases | EntityParts.Description, cancellationToken).ConfigureAwait(false);
        if (!found.TryGetValue(key, out var entity))
        {
            return [];
        }

        // The entity's own vector when the index holds one of its current text; otherwise embedded now.
        var held = await vectors.VectorOfAsync(key, cancellationToken).ConfigureAwait(false);
        var vector = held is not null && held.Fingerprint == EmbeddedText.Fingerprint(EmbeddedText.Of(entity))
            ? held.Vector
            : (await embedder.EmbedAsync([EmbeddedText.Of(entity)], cancellationToken).ConfigureAwait(false))[0];
        var nearest = await vectors.NearestAsync(vector, first, [entity.Kind], except: key, cancellationToken).ConfigureAwait(false);
        var hits = await VerifiedAsync(nearest, EntityParts.None, cancellationToken).ConfigureAwait(false);
        return [.. hits.Select(h => (h.Entity.Key, h.Score))];
    }

    private async Task<IReadOnlyList<SearchHit>> SemanticRankingAsync(SearchQuery query, CancellationToken cancellationToken)
    {
        var vector = (await embedder.EmbedAsync([query.Text], cancellationToken).ConfigureAwait(false))[0];
        IReadOnlyCollection<string> kinds = query.Kinds is { Count: > 0 } asked ? [.. asked.Intersect(searchableKinds)] : searchableKinds;
        var nearest = await vectors.NearestAsync(vector, candidates, kinds, except: null, cancellationToken).ConfigureAwait(false);
        return await VerifiedAsync(nearest, query.Parts, cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<SearchHit>> VerifiedAsync(IReadOnlyList<VectorHit> hits, EntityParts parts, CancellationToken cancellationToken)
    {
        var entities = await store.GetEntitiesAsync([.. hits.Select(h => h.Key)], parts | EntityParts.Aliases | EntityParts.Description, cancellationToken)
            .ConfigureAwait(false);
        return [.. from hit in hits
                   where entities.TryGetValue(hit.Key, out var entity) && EmbeddedText.Fingerprint(EmbeddedText.Of(entity)) == hit.Fingerprint
                   select new SearchHit(entities[hit.Key], hit.Similarity)];
    }

    /// <summary>
    /// A keyset page of the ranking (score descending, then key), read as every store reads one (<see cref="KeysetPaging"/>);
    /// the ranking is whole here, so both flags are exact.
    /// </summary>
    private static Page<SearchHit> PageOf(IReadOnlyList<SearchHit> ranking, PageRequest page)
    {
        var paging = KeysetPaging.Of(page, defaultSize: ranking.Count);
        var window = SearchWindow.Of(page);
        var inWindow = Enumerable.Range(0, ranking.Count)
            .Where(i => window.Contains(ranking[i].Score, ranking[i].Entity.Key, string.CompareOrdinal)).ToList();
        var inReadingOrder = paging.Forward ? inWindow : Enumerable.Reverse(inWindow);
        var read = inReadingOrder.Take((int)Math.Min(paging.Limit, int.MaxValue)).Select(i => new PageItem<SearchHit>(ranking[i],
            () => SearchCursor.Encode(ranking[i].Score, ranking[i].Entity.Key))).ToList();
        // A hit at or beyond the start cursor: the best hit is not after `after` (forward), the worst not before `before` (back).
        var beyondStart = ranking.Count > 0 && (paging.Forward
            ? window.After is { } after && !after.IsFollowedBy(ranking[0].Score, ranking[0].Entity.Key, string.CompareOrdinal)
            : window.Before is { } before && !before.IsPrecededBy(ranking[^1].Score, ranking[^1].Entity.Key, string.CompareOrdinal));
        return paging.ToPage(read, beyondStart);
    }
}
