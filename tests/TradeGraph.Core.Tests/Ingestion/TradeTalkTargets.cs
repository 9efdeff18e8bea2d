using TradeGraph.Core.Ingestion;

namespace TradeGraph.Core.Tests.Ingestion;

/// <summary>A few targets modelled on the seed, and a helper that runs the whole text pipeline on an article.</summary>
internal static class TradeTalkTargets
{
    public static readonly MentionTarget[] All =
    [
        new("Official", "donald-trump", ["Donald Trump", "Trump", "President Trump"]),
        new("Official", "xi-jinping", ["Xi Jinping", "Xi", "President Xi"]),
        new("Official", "scott-bessent", ["Scott Bessent", "Bessent", "Treasury Secretary Scott Bessent"]),
        new("Country", "united-states", ["United States", "U.S.", "US", "United States of America"]),
        new("Country", "china", ["China", "People's Republic of China"]),
        new("Country", "malaysia", ["Malaysia"]),
        new("Place", "kuala-lumpur", ["Kuala Lumpur", "KL"]),
        new("Place", "white-house", ["White House", "the White House"]),
        new("Organization", "white-house-presidency", ["White House", "U.S. presidency"]),
        new("Organization", "apec", ["Asia-Pacific Economic Cooperation", "APEC"]),
        new("Commodity", "soybeans", ["Soybeans", "soybean"]),
        new("Meeting", "trump-xi-meeting", ["Trump\u2013Xi meeting"]),
    ];

    public static readonly MentionFinder Finder = new(All);

    /// <summary>Normalizes and splits the article, finds mentions, and checks every reported span against its paragraph.</summary>
    public static MentionResult Find(string article, MentionFinder? finder = null)
    {
        var paragraphs = ArticleText.SplitParagraphs(ArticleText.Normalize(article));
        var result = (finder ?? Finder).Find(paragraphs);
        var byIndex = paragraphs.ToDictionary(p => p.Index);
        Assert.All(result.Mentions, m => Assert.Equal(m.Text, byIndex[m.Paragraph].Text.Substring(m.Start, m.End - m.Start)));
        Assert.All(result.Ambiguous, a => Assert.Equal(a.Text, byIndex[a.Paragraph].Text.Substring(a.Start, a.End - a.Start)));
        return result;
    }

    /// <summary>Mentions as "key@paragraph:text", compact enough to compare whole lists.</summary>
    public static string[] Brief(MentionResult result) => [.. result.Mentions.Select(m => $"{m.Key}@{m.Paragraph}:{m.Text}")];
}
