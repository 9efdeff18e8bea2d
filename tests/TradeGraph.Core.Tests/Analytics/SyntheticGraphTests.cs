using TradeGraph.Core.Analytics;
using TradeGraph.Core.Model;

namespace TradeGraph.Core.Tests.Analytics;

/// <summary>The benchmark's generator is deterministic, and every algorithm runs on a graph of its shape (results only; no timings).</summary>
public sealed class SyntheticGraphTests
{
    private static readonly Lazy<GraphProjection> Projection = new(() => GraphProjection.Build(
        SyntheticTradeGraph.Generate(10_000), new ProjectionFilter { Direction = EdgeDirection.Undirected, WeightProperty = "weight" }));

    [Fact]
    public void TheGeneratorMakesExactlyTheRelationshipsAskedForTheSameEachTime()
    {
        var a = SyntheticTradeGraph.Generate(5_000);
        var b = SyntheticTradeGraph.Generate(5_000);

        Assert.Equal(5_000, a.Relationships.Count);
        Assert.Equal(a.Relationships.Select(r => (r.Type, r.From, r.To)), b.Relationships.Select(r => (r.Type, r.From, r.To)));
        Assert.Equal(5_000, GraphProjection.Build(a).RelationshipCount);
    }

    [Fact]
    public void EveryAlgorithmRunsOnATenThousandRelationshipGraph()
    {
        var projection = Projection.Value;

        Assert.Equal(1, projection.PageRank().Sum(s => s.Score), 1e-9);
        Assert.Equal(projection.NodeCount, projection.Betweenness(new BetweennessOptions { SampleSize = 64 }).Count);
        Assert.Equal(projection.NodeCount, projection.Louvain().Communities.Sum(c => c.Size));
        Assert.Equal(projection.NodeCount, projection.WeaklyConnectedComponents().Communities.Sum(c => c.Size));
        var paths = projection.KShortestPaths("official-000001", "official-000999", 3, new PathOptions { Weighted = true });
        Assert.Equal(3, paths.Count);
        Assert.True(paths[0].Cost <= paths[2].Cost);
        Assert.NotEmpty(projection.CoOccurrences("Official", new NeighbourPath([new Hop("PARTICIPATES_IN", Direction.Outgoing)]), new CoOccurrenceOptions { First = 10 }));
        Assert.NotEmpty(projection.JaccardFor("country-000007", new SimilarityOptions(new NeighbourPath([new Hop("HAS_PARTY", Direction.Incoming), new Hop("DISCUSSES", Direction.Outgoing)]))));
    }

    [Fact]
    public void ADateWindowNarrowsTheMeetings()
    {
        var document = SyntheticTradeGraph.Generate(10_000);
        var year = GraphProjection.Build(document, new ProjectionFilter { DateWindow = new DateWindow(new DateOnly(2024, 1, 1), new DateOnly(2024, 12, 31)) });

        var byKey = document.Entities.ToDictionary(e => e.Key, StringComparer.Ordinal);
        var meetings = Enumerable.Range(0, year.NodeCount).Where(v => year.Kind(v) == "Meeting").Select(v => byKey[year.Key(v)]).ToList();
        Assert.NotEmpty(meetings);
        Assert.All(meetings, m => Assert.True(
            (DateOnly)m.Property("startsOn")! <= new DateOnly(2024, 12, 31) && (DateOnly)m.Property("endsOn")! >= new DateOnly(2024, 1, 1)));
        Assert.True(year.RelationshipCount < document.Relationships.Count);
    }
}
