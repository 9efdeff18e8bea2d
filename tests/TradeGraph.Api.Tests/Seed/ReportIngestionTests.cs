using TradeGraph.Api.Tests.Hosting;
using TradeGraph.Core.Ingestion;
using TradeGraph.Core.Model;
using TradeGraph.Core.Seeding;

namespace TradeGraph.Api.Tests.Seed;

/// <summary>Ingesting the report the seed cites numbers its paragraphs as the seed does: the headline ¶0, the dateline paragraph ¶1.</summary>
public sealed class ReportIngestionTests(TradeGraphApplication application) : IClassFixture<TradeGraphApplication>
{
    [SkippableFact]
    public async Task MentionLocatorsUseTheSeedsParagraphNumbers()
    {
        var (report, reason) = SharedReport.Find();
        Skip.If(report is null, reason);

        var data = await application.CreateClient().WithKey(TestKeys.Writer).QueryAsync("""
            mutation($input: IngestArticleInput!) {
              ingestArticle(input: $input) { paragraphs errors { __typename } mentions { node { key } paragraph locator } }
            }
            """, new { input = new { title = report.Title, text = report.Text, publishedOn = "2025-10-23" } });
        var payload = data["ingestArticle"]!;
        var ingested = payload["mentions"]!.AsArray()
            .Select(m => (Key: m!["node"]!["key"]!.GetValue<string>(), Paragraph: m["paragraph"]!.GetValue<int>())).ToHashSet();

        // Where a stated citation's paragraph names the entity (as ingestion matches names), ingestion finds it at that ¶.
        var finder = new MentionFinder(SharedReport.Seed.Entities.Where(e => e.Kind != GraphModel.SourceKind).Select(MentionTarget.From));
        var named = finder.Find(report.Paragraphs).Mentions.Select(m => (m.Key, m.Paragraph)).ToHashSet();
        var expected = SharedReport.Seed.Entities
            .SelectMany(e => e.Sources.Where(s => s.Source == SharedReport.SourceKey && !s.Inferred)
                .Select(s => (e.Key, Paragraph: CitationCheck.Paragraph(s.Locator)!.Value)))
            .Where(named.Contains).Distinct().ToList();

        Assert.Equal(15, payload["paragraphs"]!.GetValue<int>());
        Assert.True(expected.Count >= 20, $"only {expected.Count} cited paragraphs name their entity");
        Assert.All(expected, e => Assert.Contains(e, ingested));
        Assert.Contains(("united-states", 0), ingested);            // the headline's "U.S."
        Assert.Contains(("scott-bessent", 1), ingested);            // the dateline paragraph
        Assert.Contains(("marco-rubio", 14), ingested);
    }
}
