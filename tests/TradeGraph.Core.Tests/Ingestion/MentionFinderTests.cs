using TradeGraph.Core.Ingestion;
using static TradeGraph.Core.Tests.Ingestion.TradeTalkTargets;

namespace TradeGraph.Core.Tests.Ingestion;

public sealed class MentionFinderTests
{
    /// <summary>An invented report, four paragraphs; shared with the co-mention tests.</summary>
    public const string GrainArticle = """
        Negotiators gather in Kuala Lumpur

        Scott Bessent landed in Kuala Lumpur on Friday for another round with China, a U.S. official said.

        Aides expect Trump and Xi to approve any soybean purchases once the round closes.

        Malaysia offered to host a follow-up, and both the US and China accepted.
        """;

    [Fact]
    public void FindsEveryMentionOfAKnownArticleWithExactOffsets()
    {
        var result = Find(GrainArticle);

        Assert.Equal(
            [
                "kuala-lumpur@0:Kuala Lumpur",
                "scott-bessent@1:Scott Bessent", "kuala-lumpur@1:Kuala Lumpur", "china@1:China", "united-states@1:U.S.",
                "donald-trump@2:Trump", "xi-jinping@2:Xi", "soybeans@2:soybean",
                "malaysia@3:Malaysia", "united-states@3:US", "china@3:China",
            ],
            Brief(result));
        Assert.Empty(result.Ambiguous);

        var bessent = result.Mentions[1];
        Assert.Equal(new Mention("scott-bessent", "Official", 1, 0, 13, "Scott Bessent"), bessent);
        Assert.Equal(new Mention("kuala-lumpur", "Place", 1, 24, 36, "Kuala Lumpur"), result.Mentions[2]);
    }

    [Theory]
    [InlineData("XI JINPING SAYS TALKS WENT WELL", "XI JINPING")]
    [InlineData("Officials said xí jìnpíng would attend.", "xí jìnpíng")]
    [InlineData("Officials said Xi\u0301 Jinping would attend.", "Xi\u0301 Jinping")]
    [InlineData("Officials said Xi Jinpi\u0301ng\u0301 would attend.", "Xi Jinpi\u0301ng\u0301")]
    public void IgnoresCaseAndAccentsAndMapsOffsetsBackToTheOriginal(string paragraph, string expected)
    {
        // Normalize would compose the decomposed accents; the finder must cope with paragraphs that were not normalized.
        var result = Finder.Find([new Paragraph(0, 0, paragraph)]);

        var mention = Assert.Single(result.Mentions);
        Assert.Equal("xi-jinping", mention.Key);
        Assert.Equal(expected, mention.Text);
        Assert.Equal(expected, paragraph[mention.Start..mention.End]);
    }

    [Fact]
    public void OffsetsStayExactAfterCharactersOutsideTheBasicPlane()
    {
        const string Paragraph = "🇺🇸🇨🇳 Reaction: the US and China both 👍 the Trump\u2013Xi meeting.";

        var result = Finder.Find([new Paragraph(0, 0, Paragraph)]);

        Assert.Equal(["united-states:US", "china:China", "trump-xi-meeting:Trump\u2013Xi meeting"], result.Mentions.Select(m => $"{m.Key}:{m.Text}"));
        Assert.All(result.Mentions, m => Assert.Equal(m.Text, Paragraph[m.Start..m.End]));
    }

    [Theory]
    [InlineData("Exporters in the USA shipped more.")]
    [InlineData("Delegates took a bus to the venue.")]
    [InlineData("The port of Xiamen reopened.")]
    [InlineData("Tourists visited Xi'an last spring.")]
    [InlineData("A trumpet played at the dinner.")]
    [InlineData("Rival camps of Bessents and Trumpists.")]
    [InlineData("Chinaware exports slowed.")]
    [InlineData("Shipments to the U.S.A. rose.")]
    [InlineData("Fans of O'Trump cheered.")]
    public void MatchesWholeWordsOnly(string paragraph) => Assert.Empty(Find(paragraph).Mentions);

    [Fact]
    public void ShortCapitalNamesMatchOnlyInCapitalsSoThePronounUsIsNotTheUnitedStates()
    {
        var result = Find("Let us be clear, one envoy said: the US and the U.S. Treasury agree.\n\nAPEC delegates, not apec fans, met in KL.");

        Assert.Equal(["united-states@0:US", "united-states@0:U.S.", "apec@1:APEC", "kuala-lumpur@1:KL"], Brief(result));
        Assert.Empty(Find("Tell us what the u.s. wants, and what Us Weekly says.").Mentions);
    }

    [Fact]
    public void TheLongestNameWinsAndMatchesDoNotOverlap()
    {
        var result = Find("""
            Treasury Secretary Scott Bessent met the press; later Bessent spoke again.

            The United States of America and the United States are one country, as is the People's Republic of China.
            """);

        Assert.Equal(
            [
                "scott-bessent@0:Treasury Secretary Scott Bessent", "scott-bessent@0:Bessent",
                "united-states@1:United States of America", "united-states@1:United States", "china@1:People's Republic of China",
            ],
            Brief(result));
    }

    [Fact]
    public void PossessivesStraightAndCurlyLeaveTheApostropheOut()
    {
        var result = Find("Trump's envoy and Trump\u2019s aides met Xi's team; the People\u2019s Republic of China's reply came later.");

        Assert.Equal(
            ["donald-trump@0:Trump", "donald-trump@0:Trump", "xi-jinping@0:Xi", "china@0:People\u2019s Republic of China"],
            Brief(result));
        Assert.Equal(36, result.Mentions[2].Start);
        Assert.Equal(38, result.Mentions[2].End);
    }

    [Fact]
    public void ANameMaySpanALineBreakOrSeveralSpaces()
    {
        var result = Find("Reporters waited for Scott\nBessent outside.\n\nLater, Kuala   Lumpur and Kuala\u00A0Lumpur traffic slowed.");

        Assert.Equal(["scott-bessent@0:Scott\nBessent", "kuala-lumpur@1:Kuala   Lumpur", "kuala-lumpur@1:Kuala\u00A0Lumpur"], Brief(result));
    }

    [Fact]
    public void HyphenEnDashAndEmDashAreTheSame()
    {
        var result = Find("The Trump-Xi meeting, or Trump\u2014Xi meeting, differs from a Trump\u2013Xi call.\n\nAsia\u2013Pacific Economic Cooperation envoys came.");

        Assert.Equal(
            [
                "trump-xi-meeting@0:Trump-Xi meeting", "trump-xi-meeting@0:Trump\u2014Xi meeting",
                "donald-trump@0:Trump", "xi-jinping@0:Xi", "apec@1:Asia\u2013Pacific Economic Cooperation",
            ],
            Brief(result));
    }

    [Fact]
    public void ANameOfSeveralEntitiesIsReportedNotLinked()
    {
        var result = Find("Aides at the White House denied it.\n\nA White House statement followed.");

        Assert.Equal(["white-house@0:the White House"], Brief(result));
        var ambiguous = Assert.Single(result.Ambiguous);
        Assert.Equal("White House", ambiguous.Text);
        Assert.Equal(["white-house", "white-house-presidency"], ambiguous.CandidateKeys);
        Assert.Equal((1, 2, 13), (ambiguous.Paragraph, ambiguous.Start, ambiguous.End));
    }

    [Fact]
    public void TheSameNameTwiceForOneEntityIsNotAmbiguous()
    {
        var finder = new MentionFinder([new MentionTarget("Place", "washington", ["Washington", "WASHINGTON", "washington", " "])]);

        var result = Find("WASHINGTON, Oct 2 \u2013 Washington replied.", finder);

        Assert.Equal(["washington@0:WASHINGTON", "washington@0:Washington"], Brief(result));
        Assert.Empty(result.Ambiguous);
    }

    [Fact]
    public void KeysMustBeUnique()
    {
        var error = Assert.Throws<ArgumentException>(() => new MentionFinder([new("Country", "china", ["China"]), new("Place", "china", ["PRC"])]));

        Assert.Contains("'china'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParagraphIndexesComeFromTheParagraphsGiven()
    {
        var result = Finder.Find([new Paragraph(7, 300, "Malaysia agreed."), new Paragraph(9, 420, "So did China.")]);

        Assert.Equal([(7, 0, 8), (9, 7, 12)], result.Mentions.Select(m => (m.Paragraph, m.Start, m.End)));
    }

    [Theory]
    [InlineData("US", true)]
    [InlineData("U.S.", true)]
    [InlineData("APEC", true)]
    [InlineData("ASEAN", true)]
    [InlineData("WASHINGTON", false)]
    [InlineData("Us", false)]
    [InlineData("Trump", false)]
    [InlineData("100%", false)]
    public void ShortCapitals(string name, bool expected) => Assert.Equal(expected, MentionFinder.IsShortCapitals(name));

    [Fact]
    public void ScalesToThousandsOfTargets()
    {
        // 5,000 entities named "Envoy N Alpha"/"Envoy N", all sharing the first token: the index must still pick the right one.
        var targets = Enumerable.Range(0, 5000).Select(i => new MentionTarget("Official", $"envoy-{i}", [$"Envoy {i} Alpha", $"Envoy {i}"]));
        var finder = new MentionFinder([.. targets, .. All]);
        var paragraphs = Enumerable.Range(0, 2000)
            .Select(i => new Paragraph(i, 0, $"On day {i}, Envoy {i * 2} Alpha met Envoy {(i * 2) + 1} in Kuala Lumpur about soybeans."))
            .ToList();

        var result = finder.Find(paragraphs);

        Assert.Equal(8000, result.Mentions.Count);
        Assert.Empty(result.Ambiguous);
        Assert.All(result.Mentions.Chunk(4), (four, i) => Assert.Equal(
            [$"envoy-{i * 2}:Envoy {i * 2} Alpha", $"envoy-{(i * 2) + 1}:Envoy {(i * 2) + 1}", "kuala-lumpur:Kuala Lumpur", "soybeans:soybeans"],
            four.Select(m => $"{m.Key}:{m.Text}")));
    }
}
