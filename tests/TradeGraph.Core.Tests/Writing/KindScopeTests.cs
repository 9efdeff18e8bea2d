using TradeGraph.Core.Graph;
using TradeGraph.Core.Writing;

namespace TradeGraph.Core.Tests.Writing;

/// <summary>The kind rule every store applies: what a write touches, and what a key limited to kinds may do.</summary>
public sealed class KindScopeTests
{
    private static readonly KindScope SourcesOnly = new(new HashSet<string> { "Source" });

    [Fact]
    public void AnUnrestrictedScopeAllowsEveryKind() =>
        Assert.Null(KindScope.All.Refusal(["Official", "Topic"], "Anything"));

    [Fact]
    public void ARefusalIsForbiddenAndNamesOnlyTheKindsOutsideTheScope()
    {
        var refusal = SourcesOnly.Refusal(["Source", "Official", "Topic", "Official"], "MENTIONS from 'a' to 'b'", "to");

        Assert.NotNull(refusal);
        Assert.Equal(WriteErrorCodes.Forbidden, refusal.Code);
        Assert.Equal(["to"], refusal.Path);
        Assert.Contains("touches Official, Topic,", refusal.Message, StringComparison.Ordinal);
        Assert.Null(SourcesOnly.Refusal(["Source"], "x"));
    }

    [Fact]
    public void ADetachTouchesItsOwnKindTheFarEndsAndEveryCitingFact()
    {
        var effect = new DetachEffect("Source", [("Source", "Country")],
            [new CitingFact("xi-jinping", ["Official"], new SourceReference("r", "¶2")), new CitingFact("HELD_IN(m,c)", ["Meeting", "City"], new SourceReference("r", null))]);

        Assert.Equal(["City", "Country", "Meeting", "Official", "Source"], effect.TouchedKinds.Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void EachCitingFactGetsOneChangePerRemovedCitationInLocatorOrder()
    {
        var effect = new DetachEffect("Source", [],
        [
            new CitingFact("xi", ["Official"], new SourceReference("r", "¶2")),
            new CitingFact("xi", ["Official"], new SourceReference("r", "¶11")),
            new CitingFact("he", ["Official"], new SourceReference("r", null)),
        ]);

        var removals = effect.CitationRemovals.ToList();

        Assert.Equal(["he", "xi"], removals.Select(r => r.Fact));
        Assert.Equal(["""["r",""]"""], removals[0].Changes.Select(c => c.Previous));
        Assert.Equal(["""["r","\u00B611"]""", """["r","\u00B62"]"""], removals[1].Changes.Select(c => c.Previous));
        Assert.All(removals.SelectMany(r => r.Changes), c => Assert.Equal(("citation", null), (c.Field, c.Current)));
    }
}
