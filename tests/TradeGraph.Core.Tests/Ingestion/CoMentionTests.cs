using TradeGraph.Core.Ingestion;

namespace TradeGraph.Core.Tests.Ingestion;

public sealed class CoMentionTests
{
    [Fact]
    public void PairsOfTheKnownArticleMostSharedFirst()
    {
        var mentions = TradeTalkTargets.Find(MentionFinderTests.GrainArticle).Mentions;

        var pairs = CoMention.Pairs(mentions);

        Assert.Equal(
            [
                "china+united-states:1,3",
                "china+kuala-lumpur:1",
                "china+malaysia:3",
                "china+scott-bessent:1",
                "donald-trump+soybeans:2",
                "donald-trump+xi-jinping:2",
                "kuala-lumpur+scott-bessent:1",
                "kuala-lumpur+united-states:1",
                "malaysia+united-states:3",
                "scott-bessent+united-states:1",
                "soybeans+xi-jinping:2",
            ],
            pairs.Select(p => $"{p.FirstKey}+{p.SecondKey}:{string.Join(',', p.Paragraphs)}"));
    }

    [Fact]
    public void AnEntityNamedTwiceInAParagraphIsNotPairedWithItselfAndAParagraphCountsOnce()
    {
        var result = TradeTalkTargets.Find("Trump said Trump's envoy would meet Xi, and Xi agreed.\n\nOnly China spoke.");

        var pair = Assert.Single(CoMention.Pairs(result.Mentions));

        Assert.Equal(("donald-trump", "xi-jinping"), (pair.FirstKey, pair.SecondKey));
        Assert.Equal([0], pair.Paragraphs);
    }

    [Fact]
    public void NoMentionsNoPairs() => Assert.Empty(CoMention.Pairs([]));
}
