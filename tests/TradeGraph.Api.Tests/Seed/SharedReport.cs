using TradeGraph.Api.Tests.Performance;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Ingestion;
using TradeGraph.Core.Model;
using TradeGraph.Core.Seeding;

namespace TradeGraph.Api.Tests.Seed;

/// <summary>
/// The report the seed cites, read from the shared sources folder beside the repository (<c>../shared/sources/</c>, as
/// CI lays it out), or from the folder TRADEGRAPH_SOURCES names. Where neither holds it, <see cref="Find"/> says why and
/// the tests that need it are skipped.
/// </summary>
internal sealed record SharedReport(string Title, string Text, IReadOnlyList<Paragraph> Paragraphs)
{
    public const string SourceKey = "report-2025-10-23-us-china-kl-talks";

    private const string FileName = "000_6548fce07a42c002.txt";

    /// <summary>The curated seed, as the test host loads it.</summary>
    public static GraphDocument Seed { get; } = new SeedReader(TradeModel.Define()).ReadDirectory(Path.Combine(AppContext.BaseDirectory, "seed"));

    /// <summary>The report, or null with the reason it is not here.</summary>
    public static (SharedReport? Report, string Reason) Find()
    {
        var folder = Environment.GetEnvironmentVariable("TRADEGRAPH_SOURCES") is { Length: > 0 } configured
            ? configured
            : Path.GetFullPath(Path.Combine(Workloads.RepositoryRoot(), "..", "shared", "sources"));
        var file = Path.Combine(folder, FileName);
        if (!File.Exists(file))
        {
            return (null, $"the report the seed cites is not at {file} (the shared sources folder beside the repository, or TRADEGRAPH_SOURCES)");
        }

        // The report's first line is its headline; the text follows.
        var lines = File.ReadAllText(file).Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n', 2);
        var text = ArticleText.Normalize(lines.Length > 1 ? lines[1] : "");
        return (new SharedReport(lines[0].Trim(), text, ArticleText.ArticleParagraphs(lines[0], text)), "");
    }
}
