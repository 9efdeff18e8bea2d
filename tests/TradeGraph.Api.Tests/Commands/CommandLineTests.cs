using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using TradeGraph.Api.Commands;

namespace TradeGraph.Api.Tests.Commands;

/// <summary>The command line's grammar (System.CommandLine): help on every command, usage errors, and progress on standard error only.</summary>
public sealed class CommandLineTests : IDisposable
{
    private static readonly string SeedFolder = Path.Combine(AppContext.BaseDirectory, "seed");

    private readonly string _folder = Directory.CreateTempSubdirectory("tradegraph-cli-").FullName;

    [Theory]
    [InlineData("export", "--format", "--out")]
    [InlineData("import", "file-or-folder")]
    [InlineData("generate", "--relationships <N>", "--seed", "--out", "--import")]
    [InlineData("new-key", "name", "scope")]
    public async Task EveryCommandHasHelpThatNamesItsOptionsAndExitsZero(string command, params string[] named)
    {
        var result = await RunAsync(command, "--help");

        Assert.Equal(GraphCommands.Succeeded, result.Code);
        Assert.Equal("", result.Stderr);
        Assert.Contains("Usage:", result.Stdout, StringComparison.Ordinal);
        Assert.All(named, name => Assert.Contains(name, result.Stdout, StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheRootHelpListsTheCommands()
    {
        var result = await RunAsync("--help");

        Assert.Equal(GraphCommands.Succeeded, result.Code);
        Assert.All(new[] { "export", "import", "generate", "new-key" }, name => Assert.Contains(name, result.Stdout, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("new-key needs a name", "new-key")]
    [InlineData("Unknown scope 'root'", "new-key", "ci", "root")]
    [InlineData("Unexpected argument 'x' for new-key", "new-key", "ci", "read", "x")]
    public async Task NewKeyUsageErrorsSayWhatIsWrong(string error, params string[] args)
    {
        var result = await RunAsync(args);

        Assert.Equal(GraphCommands.UsageError, result.Code);
        Assert.StartsWith(error, result.Stderr, StringComparison.Ordinal);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public async Task ANewKeyIsPrintedWithItsSettings()
    {
        var result = await RunAsync("new-key", "ci", "read");

        Assert.Equal(GraphCommands.Succeeded, result.Code);
        Assert.Contains("Security__ApiKeys__N__Scopes__0=read", result.Stdout, StringComparison.Ordinal);
        Assert.Matches("tg_[A-Za-z0-9_-]{43}", result.Stdout);
    }

    [Fact]
    public async Task ImportReportsItsProgressUpToEveryFactWhileStandardOutputHoldsOnlyTheResult()
    {
        var progress = new RecordingProgress();
        await using var stdout = new StringWriter();
        await using var stderr = new StringWriter();

        // The hashing embedder: the embedding after the load runs (and reports) without loading the model; asked for, as it is off by default.
        var code = await GraphCommands.RunAsync(
            ["import", SeedFolder, $"--Storage:Sqlite:Path={Path.Combine(_folder, "graph.db")}", "--Semantic:Embedder=Hashing", "--Semantic:EmbedOnImport=true"],
            stdout, stderr, CancellationToken.None, progress);

        Assert.Equal(GraphCommands.Succeeded, code);
        var import = progress.Steps.Single(s => s.Description == "import");
        Assert.True(import.Total > 100);
        Assert.Equal(import.Total, import.Reports[^1]);
        Assert.Equal(import.Reports.Order(), import.Reports);
        Assert.Contains(progress.Steps, s => s.Description == "import: reading files");
        var embed = progress.Steps.Single(s => s.Description == "embed for semantic search");
        Assert.True(embed.Total > 0);
        Assert.Equal(embed.Total, embed.Reports[^1]);
        var lines = stdout.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("Imported ", lines[0], StringComparison.Ordinal);
        Assert.StartsWith($"Embedded {embed.Total} entities", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task RedirectedProgressIsPlainPeriodicLinesWithRateAndTimeLeft()
    {
        await using var lines = new StringWriter();
        var progress = new LineProgress(TextWriter.Synchronized(lines), TimeSpan.FromMilliseconds(20));

        var result = await progress.RunAsync("import", 1_000, async done =>
        {
            for (var i = 1; i <= 10; i++)
            {
                done.Report(i * 100);
                await Task.Delay(30);
            }

            return 42;
        });

        Assert.Equal(42, result);
        var written = lines.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(written);
        Assert.All(written, line => Assert.Matches(@"^import: [\d,]+ of 1,000 \(\d+ %\), [\d,]+/s", line));
        Assert.Equal("import: 250 of 1,000 (25 %), 50/s, about 15 s left", LineProgress.Line("import", 250, 1_000, TimeSpan.FromSeconds(5)));
        Assert.Equal("export: reading the graph: still running after 12 s", LineProgress.Line("export: reading the graph", 0, null, TimeSpan.FromSeconds(12)));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open is left to the OS's temp cleaning.
        }
    }

    private static async Task<(int Code, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        await using var stdout = new StringWriter();
        await using var stderr = new StringWriter();
        var code = await GraphCommands.RunAsync(args, stdout, stderr, CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Keeps every step and every value reported to it.</summary>
    private sealed class RecordingProgress : ICommandProgress
    {
        public ConcurrentQueue<(string Description, long? Total, List<long> Reports)> Steps { get; } = new();

        public Task<T> RunAsync<T>(string description, long? total, Func<IProgress<long>, Task<T>> work)
        {
            var reports = new List<long>();
            Steps.Enqueue((description, total, reports));
            return work(new Reporter<long>(value =>
            {
                lock (reports)
                {
                    reports.Add(value);
                }
            }));
        }
    }
}
