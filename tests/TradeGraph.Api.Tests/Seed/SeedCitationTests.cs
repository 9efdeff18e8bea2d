using TradeGraph.Core.Graph;
using TradeGraph.Core.Seeding;

namespace TradeGraph.Api.Tests.Seed;

/// <summary>Every citation the seed makes of the report, checked against the report's text (issue 14, decision 0018).</summary>
public sealed class SeedCitationTests
{
    [SkippableFact]
    public void EveryStatedCitationCitesAParagraphThatNamesTheFact()
    {
        var (report, reason) = SharedReport.Find();
        Skip.If(report is null, reason);

        var problems = new CitationCheck(SharedReport.Seed, SharedReport.SourceKey, report.Paragraphs).Problems();

        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.Equal(15, report.Paragraphs.Count);
    }

    [SkippableFact]
    public void TheCheckRefusesAStatedCitationOfAParagraphThatDoesNotNameTheFact()
    {
        var (report, reason) = SharedReport.Find();
        Skip.If(report is null, reason);
        // He Lifeng is named in ¶2 only; ¶8's "he" is Xi. Stated at ¶8 the check fails; inferred it passes.
        var he = SharedReport.Seed.Entities.Single(e => e.Key == "he-lifeng");
        GraphDocument With(SourceReference citation) =>
            new([.. SharedReport.Seed.Entities.Select(e => e == he ? e with { Sources = [.. e.Sources, citation] } : e)], SharedReport.Seed.Relationships);

        var stated = new CitationCheck(With(new SourceReference(SharedReport.SourceKey, "¶8")), SharedReport.SourceKey, report.Paragraphs).Problems();
        var inferred = new CitationCheck(With(new SourceReference(SharedReport.SourceKey, "¶8", true, "A test.")), SharedReport.SourceKey, report.Paragraphs).Problems();
        var missing = new CitationCheck(With(new SourceReference(SharedReport.SourceKey, "¶15", true, "A test.")), SharedReport.SourceKey, report.Paragraphs).Problems();

        Assert.Equal(["he-lifeng: stated, but ¶8 does not name 'he-lifeng'"], stated);
        Assert.Empty(inferred);
        Assert.Equal(["he-lifeng cites '¶15', which is no paragraph of report-2025-10-23-us-china-kl-talks (¶0–¶14)"], missing);
    }

    [Fact]
    public void TheSeedMarksWhatItInfersAndExplainsEachInference()
    {
        var citations = SharedReport.Seed.Entities.SelectMany(e => e.Sources).Concat(SharedReport.Seed.Relationships.SelectMany(r => r.Sources)).ToList();

        Assert.Contains(citations, c => !c.Inferred);
        Assert.All(citations.Where(c => c.Inferred), c => Assert.False(string.IsNullOrWhiteSpace(c.Note)));
        // Issue 14: Kuala Lumpur lies in Malaysia by inference from ¶2 (¶1 does not name the city).
        var located = SharedReport.Seed.Relationships.Single(r => r is { Type: "LOCATED_IN", From: "kuala-lumpur", To: "malaysia" });
        Assert.Equal([("¶2", true)], located.Sources.Select(s => (s.Locator, s.Inferred)));
    }
}
