using TradeGraph.Core.Analytics;
using static TradeGraph.Core.Tests.Analytics.Graphs;

namespace TradeGraph.Core.Tests.Analytics;

/// <summary>
/// A ranking's scores by key (issue 13: read through one key → node table shared per key array, not a dictionary per
/// ranking) answer as the dictionary did: every key's score, in key order, nothing for a key the ranking lacks.
/// </summary>
public sealed class KeyedScoresTests
{
    private static readonly string[] Edges = ["a>b", "b>c", "c>a", "c>d", "e>d", "f>a", "d>f"];

    [Fact]
    public void ScoresByKeyAreTheRankingsScoresInKeyOrder()
    {
        var projection = Build(EdgeDirection.Directed, Edges);
        var pageRank = projection.PageRank();
        var degree = projection.Degree();

        foreach (var ranking in new[] { pageRank, degree })
        {
            var scores = ranking.Scores;
            var expected = ranking.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => KeyValuePair.Create(s.Key, s.Score)).ToList();
            Assert.Equal(expected, scores.ToList());
            Assert.Equal(expected.Count, scores.Count);
            Assert.Equal(expected.Select(e => e.Key), scores.Keys);
            Assert.Equal(expected.Select(e => e.Value), scores.Values);
            Assert.All(expected, e =>
            {
                Assert.True(scores.TryGetValue(e.Key, out var score));
                Assert.Equal(e.Value, score);
                Assert.Equal(e.Value, scores[e.Key]);
                Assert.True(scores.ContainsKey(e.Key));
                Assert.Equal(e.Value, ranking.ScoreOf(e.Key));
            });
        }

        // Same keys, different scores: the shared table must not mix the rankings up.
        Assert.NotEqual(pageRank.Scores["d"], degree.Scores["d"]);
        Assert.False(pageRank.Scores.TryGetValue("zz", out _));
        Assert.False(pageRank.Scores.ContainsKey("zz"));
        Assert.Throws<KeyNotFoundException>(() => pageRank.Scores["zz"]);
    }

    [Fact]
    public void ASubsetRankingLooksUpOnlyItsOwnKeys()
    {
        var ranking = Build(EdgeDirection.Directed, Edges).PageRank();
        var some = ranking.Where(s => s.Key is "b" or "d" or "f");

        Assert.Equal(["b", "d", "f"], some.Scores.Keys);
        Assert.Equal(ranking.Scores["d"], some.Scores["d"]);
        Assert.False(some.Scores.ContainsKey("a"));
    }
}
