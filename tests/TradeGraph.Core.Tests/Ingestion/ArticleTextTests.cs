using TradeGraph.Core.Ingestion;

namespace TradeGraph.Core.Tests.Ingestion;

public sealed class ArticleTextTests
{
    [Fact]
    public void NormalizeUnifiesLineEndingsTrimsLinesAndComposesAccents()
    {
        var text = "  Tariff truce holds  \r\nin Geneva\t\r\rTalks resume \u00A0\r\nMonday with Xi\u0301.  \n\n";

        Assert.Equal("Tariff truce holds\nin Geneva\n\nTalks resume\nMonday with X\u00ed.", ArticleText.Normalize(text));
    }

    [Fact]
    public void NormalizeIsIdempotentAndReplacesALoneSurrogate()
    {
        var once = ArticleText.Normalize("Port fees\u2029rise \uD800 sharply\r\n");

        Assert.Equal("Port fees\nrise \uFFFD sharply", once);
        Assert.Equal(once, ArticleText.Normalize(once));
    }

    [Fact]
    public void ParagraphsAreSeparatedByBlankLinesAndMaySpanLines()
    {
        var text = ArticleText.Normalize("Headline about grain\n\nFirst paragraph starts here\nand wraps onto a second line.\n\n\n\n  Indented last paragraph.");

        var paragraphs = ArticleText.SplitParagraphs(text);

        Assert.Equal(
            ["Headline about grain", "First paragraph starts here\nand wraps onto a second line.", "Indented last paragraph."],
            paragraphs.Select(p => p.Text));
        Assert.Equal([0, 1, 2], paragraphs.Select(p => p.Index));
        Assert.Equal([0, 22, text.IndexOf("Indented", StringComparison.Ordinal)], paragraphs.Select(p => p.Start));
        Assert.All(paragraphs, p => Assert.Equal(p.Text, text.Substring(p.Start, p.Text.Length)));
    }

    [Fact]
    public void WithoutBlankLinesEachLineIsAParagraph()
    {
        var text = ArticleText.Normalize("Ministers meet\nThey discuss quotas.\nNo deal yet.");

        var paragraphs = ArticleText.SplitParagraphs(text);

        Assert.Equal(
            [new Paragraph(0, 0, "Ministers meet"), new Paragraph(1, 15, "They discuss quotas."), new Paragraph(2, 36, "No deal yet.")],
            paragraphs);
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("One line only.", 1)]
    public void ShortTexts(string text, int count) => Assert.Equal(count, ArticleText.SplitParagraphs(text).Count);

    [Fact]
    public void ContentHashIsSha256OfTheNormalizedUtf8()
    {
        // SHA-256("abc"), the FIPS 180-2 test vector.
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", ArticleText.ContentHash("abc"));
        Assert.Equal(ArticleText.ContentHash("abc"), ArticleText.ContentHash("  abc \r\n"));
    }

    [Fact]
    public void ContentHashIgnoresHowTheArticleWasPastedButNotWhatItSays()
    {
        const string Lf = "Grain talks stall\n\nBoth sides left without a date.\nA new round is expected.";
        const string Crlf = "Grain talks stall\r\n\r\nBoth sides left without a date.  \r\nA new round is expected.\r\n";
        const string Cr = "Grain talks stall \r\rBoth sides left without a date.\rA new round is expected.";

        Assert.Equal(ArticleText.ContentHash(Lf), ArticleText.ContentHash(Crlf));
        Assert.Equal(ArticleText.ContentHash(Lf), ArticleText.ContentHash(Cr));
        Assert.NotEqual(ArticleText.ContentHash(Lf), ArticleText.ContentHash(Lf.Replace("stall", "stalls", StringComparison.Ordinal)));
        Assert.Matches("^[0-9a-f]{64}$", ArticleText.ContentHash(Lf));
    }
}
