using TradeGraph.Core.Analytics;
using TradeGraph.Core.Model;
using static TradeGraph.Core.Tests.Analytics.Graphs;

namespace TradeGraph.Core.Tests.Analytics;

public sealed class SimilarityTests
{
    private static readonly SimilarityOptions ByMeetings = new(new NeighbourPath([new Hop("PARTICIPATES_IN", Direction.Outgoing)]));

    /// <summary>o1 met at m1, m2; o2 at m1, m2, m3; o3 at m3; o4 alone at m4; o5 nowhere. us and cn are sides in m1, us and my in m2.</summary>
    private static readonly GraphProjection Talks = GraphProjection.Build(
        [
            Node("o1", "Official"), Node("o2", "Official"), Node("o3", "Official"), Node("o4", "Official"), Node("o5", "Official"),
            Node("m1", "Meeting"), Node("m2", "Meeting"), Node("m3", "Meeting"), Node("m4", "Meeting"),
            Node("us", "Country"), Node("cn", "Country"), Node("my", "Country"), Node("soy", "Commodity"), Node("rare", "Commodity"),
        ],
        [
            Edge("o1", "m1", "PARTICIPATES_IN"), Edge("o1", "m2", "PARTICIPATES_IN"),
            Edge("o2", "m1", "PARTICIPATES_IN"), Edge("o2", "m2", "PARTICIPATES_IN"), Edge("o2", "m3", "PARTICIPATES_IN"),
            Edge("o3", "m3", "PARTICIPATES_IN"), Edge("o4", "m4", "PARTICIPATES_IN"),
            Edge("m1", "us", "HAS_PARTY"), Edge("m1", "cn", "HAS_PARTY"), Edge("m2", "us", "HAS_PARTY"), Edge("m2", "my", "HAS_PARTY"),
            Edge("m1", "soy", "DISCUSSES"), Edge("m1", "rare", "DISCUSSES"), Edge("m2", "soy", "DISCUSSES"),
            Edge("o1", "us", "REPRESENTS"), Edge("o2", "us", "REPRESENTS"),
        ]);

    [Fact]
    public void JaccardOfOfficialsBySharedMeetingsIsSharedOverUnion()
    {
        Assert.Equal([new SimilarEntity("o2", 2d / 3, 2)], Talks.JaccardFor("o1", ByMeetings));
        Assert.Equal([new SimilarEntity("o1", 2d / 3, 2), new SimilarEntity("o3", 1d / 3, 1)], Talks.JaccardFor("o2", ByMeetings));
        Assert.Equal([new SimilarEntity("o2", 1d / 3, 1)], Talks.JaccardFor("o3", ByMeetings));
        Assert.Empty(Talks.JaccardFor("o4", ByMeetings));
        Assert.Empty(Talks.JaccardFor("nobody", ByMeetings));
        Assert.Equal([new SimilarEntity("o1", 2d / 3, 2)], Talks.JaccardFor("o2", ByMeetings with { TopK = 1 }));
        Assert.Equal([new SimilarEntity("o1", 2d / 3, 2)], Talks.JaccardFor("o2", ByMeetings with { MinShared = 2 }));
    }

    [Fact]
    public void JaccardForEveryEntityOfAKind()
    {
        var all = Talks.JaccardAll("Official", ByMeetings);

        Assert.Equal(["o1", "o2", "o3", "o4"], all.Select(l => l.Key));
        Assert.Equal(["o2"], all[0].Similar.Select(s => s.Key));
        Assert.Empty(all[3].Similar);
    }

    [Fact]
    public void ANeighbourKindStandsForAnyRelationshipToIt()
    {
        var byAnyMeeting = new SimilarityOptions(NeighbourPath.Direct("Meeting"));

        Assert.Equal(Talks.JaccardFor("o2", ByMeetings), Talks.JaccardFor("o2", byAnyMeeting));

        // Without the kind, o1 and o2 also share the United States they represent: 3 of 4.
        Assert.Equal(new SimilarEntity("o2", 3d / 4, 3), Talks.JaccardFor("o1", new SimilarityOptions(new NeighbourPath([new Hop()])))[0]);
    }

    [Fact]
    public void CountriesAreSimilarByTheCommoditiesOfTheirMeetingsTwoHopsAway()
    {
        var viaMeetings = new SimilarityOptions(new NeighbourPath([new Hop("HAS_PARTY", Direction.Incoming), new Hop("DISCUSSES", Direction.Outgoing)]));

        // us: soy, rare; cn: soy, rare; my: soy.
        Assert.Equal([new SimilarEntity("cn", 1, 2), new SimilarEntity("my", 0.5, 1)], Talks.JaccardFor("us", viaMeetings));
        Assert.Equal([new SimilarEntity("us", 1, 2), new SimilarEntity("my", 0.5, 1)], Talks.JaccardFor("cn", viaMeetings));
        Assert.Equal([new SimilarEntity("cn", 0.5, 1), new SimilarEntity("us", 0.5, 1)], Talks.JaccardFor("my", viaMeetings));
    }

    [Fact]
    public void CoOccurrenceListsWhoMetWhomWithTheMeetings()
    {
        var via = new NeighbourPath([new Hop("PARTICIPATES_IN", Direction.Outgoing)]);

        var pairs = Talks.CoOccurrences("Official", via);

        Assert.Equal(
            [("o1", "o2", "m1 m2"), ("o2", "o3", "m3")],
            pairs.Select(p => (p.First, p.Second, string.Join(' ', p.Shared))));
        Assert.Equal([("o2", "o3")], Talks.CoOccurrences("Official", via, new CoOccurrenceOptions { Key = "o3" }).Select(p => (p.First, p.Second)));
        Assert.Equal([("o1", "o2")], Talks.CoOccurrences("Official", via, new CoOccurrenceOptions { MinShared = 2 }).Select(p => (p.First, p.Second)));
        Assert.Equal([("o1", "o2")], Talks.CoOccurrences("Official", via, new CoOccurrenceOptions { First = 1 }).Select(p => (p.First, p.Second)));
        Assert.Empty(Talks.CoOccurrences("Official", via, new CoOccurrenceOptions { Key = "o4" }));
        Assert.Empty(Talks.CoOccurrences("Official", via, new CoOccurrenceOptions { Key = "m1" }));
        Assert.Empty(Talks.CoOccurrences("Official", via, new CoOccurrenceOptions { Key = "nobody" }));
    }

    [Fact]
    public void CountriesCoOccurInMeetingsTheyAreSidesIn()
    {
        var pairs = Talks.CoOccurrences("Country", new NeighbourPath([new Hop("HAS_PARTY", Direction.Incoming)]));

        Assert.Equal([("cn", "us", "m1"), ("my", "us", "m2")], pairs.Select(p => (p.First, p.Second, string.Join(' ', p.Shared))));
    }
}
