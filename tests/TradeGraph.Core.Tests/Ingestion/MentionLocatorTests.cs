using TradeGraph.Core.Ingestion;

namespace TradeGraph.Core.Tests.Ingestion;

public sealed class MentionLocatorTests
{
    [Fact]
    public void FormatsParagraphAndOffsets()
    {
        Assert.Equal("¶3:120-133", MentionLocator.Format(3, 120, 133));
        Assert.Equal("¶0:0-0", MentionLocator.Format(0, 0, 0));
        Assert.Equal("¶1:24-36", MentionLocator.Format(new Mention("kuala-lumpur", "Place", 1, 24, 36, "Kuala Lumpur")));
    }

    [Fact]
    public void ParsesWhatItFormats()
    {
        Assert.True(MentionLocator.TryParse("¶12:7-2048", out var paragraph, out var start, out var end));
        Assert.Equal((12, 7, 2048), (paragraph, start, end));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("¶3")]
    [InlineData("3:120-133")]
    [InlineData("¶3:120")]
    [InlineData("¶3:133-120")]
    [InlineData("¶-3:120-133")]
    [InlineData("¶3:+120-133")]
    [InlineData("¶03:120-133")]
    [InlineData("¶3: 120-133")]
    [InlineData("¶3:120-133x")]
    [InlineData("¶3:120-99999999999")]
    [InlineData("¶:120-133")]
    public void RefusesAnythingElse(string? locator)
    {
        Assert.False(MentionLocator.TryParse(locator, out var paragraph, out var start, out var end));
        Assert.Equal((0, 0, 0), (paragraph, start, end));
    }

    [Fact]
    public void RefusesToFormatAnImpossibleSpan()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MentionLocator.Format(-1, 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => MentionLocator.Format(0, -1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => MentionLocator.Format(0, 5, 4));
    }
}
