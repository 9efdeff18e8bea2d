using TradeGraph.Core.Graph;
using TradeGraph.Core.Querying;
using TradeGraph.Core.Semantic;
using TradeGraph.Core.Storage;
using TradeGraph.Core.Writing;

namespace TradeGraph.Core.Passages;

/// <summary>A passage found for a question: its fused score, its place in each ranking, and the facts it supports.</summary>
public sealed record PassageHit(Passage Passage, double Score, HitSignals Signals, IReadOnlyList<CitedFact> Supports);

/// <summary>
/// Finds the source paragraphs that best answer a question — the retrieval half of GraphRAG: full-text (BM25, any word)
/// over passage text and cosine similarity of passage vectors, fused by <see cref="ReciprocalRankFusion"/> as entity search
/// is. A semantic hit counts only while its passage's text is the one its vector embeds. Each hit carries the facts its
/// source cites at that paragraph (<see cref="Passage.ParagraphOf"/>). Without an embedder (semantic search off), only
/// the text ranking is there. Nearest vectors come from <paramref name="vectors"/>: an in-memory <see cref="VectorIndex"/> (SQLite)
/// or the store's own index (<see cref="StorePassageVectorSearch"/>: Neo4j).
/// </summary>
public sealed class PassageSearch(IGraphStore graph, IPassageStore passages, ITextEmbedder? embedder, IVectorSearch? vectors, int candidates = 100)
{
    /// <summary>The kind passage vectors carry in their index (one index holds passages only).</summary>
    public const string IndexKind = "Passage";

    private const int FactsPageSize = 500;

    public IPassageStore Passages => passages;

    /// <summary>The in-memory index the maintenance loads and fills; null when the store indexes passage vectors itself.</summary>
    public VectorIndex? Index => vectors as VectorIndex;

    public ITextEmbedder? Embedder => embedder;

    public bool CanRankByMeaning => embedder is not null && vectors is not null;

    public async Task<IReadOnlyList<PassageHit>> SearchAsync(string text, int first, SearchMode mode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (first <= 0)
        {
            return [];
        }

        var textRanking = mode == SearchMode.Semantic
            ? []
            : await passages.SearchPassagesAsync(TextFolding.DistinctWords(text), candidates, cancellationToken).ConfigureAwait(false);
        var semanticRanking = mode == SearchMode.Text ? [] : await SemanticRankingAsync(text, cancellationToken).ConfigureAwait(false);
        var byKey = new Dictionary<string, Passage>(StringComparer.Ordinal);
        foreach (var passage in textRanking.Concat(semanticRanking))
        {
            byKey[passage.Key] = passage;
        }

        var fused = ReciprocalRankFusion.Fuse([.. textRanking.Select(p => p.Key)], [.. semanticRanking.Select(p => p.Key)]).Take(first).ToList();
        var supports = await SupportsAsync([.. fused.Select(f => byKey[f.Key])], cancellationToken).ConfigureAwait(false);
        return [.. fused.Select(f => new PassageHit(byKey[f.Key], f.Score, new HitSignals(f.TextRank, f.SemanticRank), supports[f.Key]))];
    }

    /// <summary>The facts each passage supports: its source's citations whose locator points at the passage's paragraph.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<CitedFact>>> SupportsAsync(IReadOnlyList<Passage> found, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(found);
        var facts = found.DistinctBy(p => p.Key).ToDictionary(p => p.Key, _ => new List<CitedFact>(), StringComparer.Ordinal);
        var sources = found.Select(p => p.SourceKey).Distinct(StringComparer.Ordinal).ToList();
        var pages = await graph.ListCitedFactsAsync(sources, new PageRequest(FactsPageSize), cancellationToken).ConfigureAwait(false);
        foreach (var source in sources)
        {
            // Cursors are per source: a source with more facts is read on by itself.
            var page = pages.GetValueOrDefault(source);
            AddPage(facts, source, page);
            while (page is { HasNextPage: true, Items.Count: > 0 })
            {
                var more = await graph.ListCitedFactsAsync([source], new PageRequest(FactsPageSize, page.Items[^1].Cursor), cancellationToken).ConfigureAwait(false);
                page = more.GetValueOrDefault(source);
                AddPage(facts, source, page);
            }
        }

        return facts.ToDictionary(f => f.Key, f => (IReadOnlyList<CitedFact>)f.Value, StringComparer.Ordinal);
    }

    private static void AddPage(Dictionary<string, List<CitedFact>> facts, string source, Page<CitedFact>? page)
    {
        foreach (var fact in page?.Items.Select(i => i.Value) ?? [])
        {
            if (Passage.ParagraphOf(fact.Locator) is { } paragraph && facts.TryGetValue(Passage.KeyOf(source, paragraph), out var list))
            {
                list.Add(fact);
            }
        }
    }

    private async Task<IReadOnlyList<Passage>> SemanticRankingAsync(string text, CancellationToken cancellationToken)
    {
        if (embedder is null || vectors is null)
        {
            return [];
        }

        var vector = (await embedder.EmbedAsync([text], cancellationToken).ConfigureAwait(false))[0];
        var hits = await vectors.NearestAsync(vector, candidates, [IndexKind], except: null, cancellationToken).ConfigureAwait(false);
        var sources = hits.Select(h => SourceOf(h.Key)).Distinct(StringComparer.Ordinal).ToList();
        var current = await passages.GetPassagesAsync(sources, cancellationToken).ConfigureAwait(false);
        var byKey = current.Values.SelectMany(p => p).ToDictionary(p => p.Key, StringComparer.Ordinal);
        return [.. from hit in hits
                   where byKey.TryGetValue(hit.Key, out var passage) && EmbeddedText.Fingerprint(passage.Text) == hit.Fingerprint
                   select byKey[hit.Key]];
    }

    private static string SourceOf(string passageKey) => passageKey[..passageKey.LastIndexOf('¶')];
}
