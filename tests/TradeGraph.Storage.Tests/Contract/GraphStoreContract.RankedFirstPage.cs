using TradeGraph.Core.Analytics;
using TradeGraph.Core.Model;
using TradeGraph.Core.Querying;

namespace TradeGraph.Storage.Tests.Contract;

/// <summary>
/// A first page ordered by a score alone, narrowed to the ranking's best entries (<see cref="RankedFirstPage"/>), is the
/// page the store gives for the whole kind — items, cursors and flags — on every store, with ties, scores equal only to
/// 12 digits (the ranking's order and the store's differ there), other kinds between them, and a ranked entity the
/// store no longer has.
/// </summary>
public abstract partial class GraphStoreContract
{
    [SkippableFact]
    public async Task AFirstPageByAScoreNarrowedToTheRankingsBestIsTheWholeKindsPage()
    {
        SkipUnlessAvailable();
        var source = SeedDocument.Entities.First(e => e.Kind == GraphModel.SourceKind).Key;
        var generated = GeneratedGraph.Meetings(240, seed: 7, source);
        await Store.ImportAsync(generated, CancellationToken.None);
        var random = new Random(5);
        double[] levels = [0.5, 0.25, 1.0 / 3, 0.125, 0.0625];
        var scored = SeedDocument.Entities.Concat(generated.Entities)
            .Select(e => (e.Key, e.Kind, Score: levels[random.Next(levels.Length)] * (random.Next(3) == 0 ? 1 + 1e-14 : 1)))
            .Append((Key: "gone-official", Kind: "Official", Score: 0.5 * (1 + 1e-14))) // ranked, but not (any longer) in the store
            .ToList();
        var ranking = RankingOf(scored);
        var table = new ScoreTable(ScoreMeasures.PageRank, ranking, describesGraphNow: true);
        var readWhole = 0;

        foreach (var kind in new[] { "Official", "Meeting" })
        {
            for (var size = 1; size <= 30; size++)
            {
                var query = new EntityQuery(kind, new PageRequest(First: size), null, [new ScoreSort(table, true)], EntityParts.None);
                var narrowed = RankedFirstPage.Narrow(query);
                if (narrowed is null)
                {
                    // Only a kind with no more ranked entities than the page and one more is left to the store whole.
                    Assert.True(scored.Count(s => s.Kind == kind) < size + 1, $"{kind} first {size} was not narrowed");
                    continue;
                }

                var whole = await Store.ListEntitiesAsync(query with { Order = [new ScoreSort(new ScoreTable(ScoreMeasures.PageRank, table.Scores), true)] },
                    CancellationToken.None);
                var page = await Store.ListEntitiesAsync(narrowed, CancellationToken.None);
                if (!RankedFirstPage.IsComplete(page))
                {
                    readWhole++;
                    continue;
                }

                var described = $"{kind} first {size}";
                Assert.True(whole.Items.Select(i => i.Value.Key).SequenceEqual(page.Items.Select(i => i.Value.Key)), $"{described}: items differ");
                Assert.True(whole.Items.Select(i => i.Cursor).SequenceEqual(page.Items.Select(i => i.Cursor)), $"{described}: cursors differ");
                Assert.Equal((whole.HasNextPage, whole.HasPreviousPage), (page.HasNextPage, page.HasPreviousPage));
            }
        }

        // The gone official is among the best: some narrowed pages come back one short and are read whole.
        Assert.InRange(readWhole, 1, 59);
    }

    /// <summary>A ranking in its own order (rounded score best first, ties by key), as the analytics make one.</summary>
    private static Ranking RankingOf(IEnumerable<(string Key, string Kind, double Score)> scores)
    {
        var ordered = scores.OrderByDescending(s => Ranking.Round(s.Score)).ThenBy(s => s.Key, StringComparer.Ordinal).ToList();
        var ranked = ordered.Select((s, i) => new NodeScore(s.Key, s.Kind, s.Score, i + 1)).ToArray();
        return Ranking.FromRanked(ranked, iterations: 0, converged: true);
    }
}
