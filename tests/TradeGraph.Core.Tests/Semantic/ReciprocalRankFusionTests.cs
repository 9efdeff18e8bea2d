using TradeGraph.Core.Semantic;

namespace TradeGraph.Core.Tests.Semantic;

public sealed class ReciprocalRankFusionTests
{
    [Fact]
    public void AgreementOfBothRankingsBeatsOneRankingsFirstPlace()
    {
        var fused = ReciprocalRankFusion.Fuse(["text-only", "both"], ["semantic-only", "both"]);

        Assert.Equal("both", fused[0].Key);
        Assert.Equal(2.0 / 62, fused[0].Score, 12);
        Assert.Equal((2, 2), (fused[0].TextRank!.Value, fused[0].SemanticRank!.Value));
        // One first place each, equal scores: ties by key.
        Assert.Equal(["semantic-only", "text-only"], fused.Skip(1).Select(f => f.Key));
        Assert.Equal((null, 1), (fused[1].TextRank, fused[1].SemanticRank));
        Assert.Equal((1, null), (fused[2].TextRank, fused[2].SemanticRank));
    }

    [Fact]
    public void EmptyRankingsFuseToTheOther()
    {
        Assert.Equal(["a", "b"], ReciprocalRankFusion.Fuse([], ["a", "b"]).Select(f => f.Key));
        Assert.Empty(ReciprocalRankFusion.Fuse([], []));
    }
}
