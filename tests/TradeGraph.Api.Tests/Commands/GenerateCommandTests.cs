using Microsoft.Data.Sqlite;
using TradeGraph.Api.Commands;
using TradeGraph.Core.Exchange;
using TradeGraph.Core.Model;
using TradeGraph.Core.Seeding;
using TradeGraph.Core.Synthetic;
using TradeGraph.Storage.Sqlite;

namespace TradeGraph.Api.Tests.Commands;

/// <summary>The generate command, run in process against SQLite files in a temporary folder.</summary>
public sealed class GenerateCommandTests : IDisposable
{
    private static readonly GraphModel Model = TradeModel.Define();

    private static string NewLine => Environment.NewLine;

    private readonly string _folder = Directory.CreateTempSubdirectory("tradegraph-generate-").FullName;

    [Fact]
    public async Task GeneratedFilesImportIntoAStoreAndMatchWhatGenerateImportsDirectly()
    {
        var folder = Path.Combine(_folder, "graph");
        var expected = ScaleGenerator.Generate(5_000, seed: 9);
        var entities = expected.Entities.Count;

        var generate = await RunAsync("generate", "--relationships", "5000", "--seed=9", "--out", folder);
        var import = await RunAsync("import", folder, Store("from-files.db"));
        var direct = await RunAsync("generate", "--relationships=5000", "--seed", "9", "--import", Store("direct.db"));

        Assert.Equal(GraphCommands.Succeeded, generate.Code);
        Assert.Equal("", generate.Stdout);
        Assert.Equal($"Generated {entities} entities and 5000 relationships (seed 9) into {folder} (1 file(s)){NewLine}", generate.Stderr);
        Assert.Equal($"Imported {entities} entities and 5000 relationships: {entities + 5000} inserted, 0 updated, 0 unchanged{NewLine}", import.Stdout);
        Assert.Equal($"Generated {entities} entities and 5000 relationships (seed 9); imported: {entities + 5000} inserted, 0 updated, 0 unchanged{NewLine}", direct.Stdout);
        var statistics = await Open("from-files.db").GetStatisticsAsync(CancellationToken.None);
        Assert.Equal(entities, statistics.EntityCount);
        Assert.Equal(5000, statistics.RelationshipsByType.Values.Sum());
        Assert.Equal(await ExportedAsync("from-files.db"), await ExportedAsync("direct.db"));
    }

    [Fact]
    public async Task WithoutOutTheGraphGoesToStandardOutputAndImportingItAgainChangesNothing()
    {
        var result = await RunAsync("generate", "--relationships", "1000");
        var file = Path.Combine(_folder, "graph.json");
        await File.WriteAllTextAsync(file, result.Stdout);
        var first = await RunAsync("import", file, Store("graph.db"));
        var again = await RunAsync("generate", "--relationships", "1000", "--import", Store("graph.db"));

        Assert.Equal(GraphCommands.Succeeded, result.Code);
        Assert.Equal(await new SeedWriter(Model).WriteToStringAsync(ScaleGenerator.Generate(1_000), CancellationToken.None), result.Stdout);
        var document = new SeedReader(Model).Read([("stdout", result.Stdout)]);
        Assert.Equal(1_000, document.Relationships.Count);
        Assert.Equal(GraphCommands.Succeeded, first.Code);
        Assert.EndsWith($"0 inserted, 0 updated, {document.Entities.Count + 1_000} unchanged{NewLine}", again.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFolderHoldingJsonFilesIsRefused()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_folder, "used")).FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "part-0001.json"), "{}");

        var result = await RunAsync("generate", "--relationships", "1000", "--out", folder);

        Assert.Equal(GraphCommands.Failed, result.Code);
        Assert.Contains("already holds .json files", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(["part-0001.json"], Directory.GetFiles(folder).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("generate")]
    [InlineData("generate", "--relationships", "999")]
    [InlineData("generate", "--relationships", "lots")]
    [InlineData("generate", "--relationships", "1000", "--seed", "x")]
    [InlineData("generate", "--relationships", "1000", "--out", "somewhere", "--import")]
    [InlineData("generate", "--relationships", "1000", "--format", "cypher")]
    public async Task AWrongCommandLineIsAUsageError(params string[] args)
    {
        var result = await RunAsync(args);

        Assert.Equal(GraphCommands.UsageError, result.Code);
        Assert.Contains("--relationships <N>", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("Usage:", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PartsSplitTheDocumentInOrderAndReadBackWhole()
    {
        var document = ScaleGenerator.Generate(1_000);

        var parts = GraphCommands.Parts(document, 300);

        Assert.All(parts, p => Assert.InRange(p.Entities.Count + p.Relationships.Count, 1, 300));
        Assert.Equal(document.Entities, parts.SelectMany(p => p.Entities));
        Assert.Equal(document.Relationships, parts.SelectMany(p => p.Relationships));
        var writer = new SeedWriter(Model);
        var files = new List<(string, string)>();
        foreach (var (part, index) in parts.Select((p, i) => (p, i)))
        {
            files.Add(($"part-{index}.json", await writer.WriteToStringAsync(part, CancellationToken.None)));
        }

        Assert.Equal(document.Relationships.Count, new SeedReader(Model).Read(files).Relationships.Count);
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

    private string Store(string name) => $"--Storage:Sqlite:Path={Path.Combine(_folder, name)}";

    private SqliteGraphStore Open(string name) => new(new SqliteStoreOptions { Path = Path.Combine(_folder, name) }, Model);

    private async Task<string> ExportedAsync(string name) =>
        await new SeedWriter(Model).WriteToStringAsync(await Open(name).ExportAsync(CancellationToken.None), CancellationToken.None);

    private static async Task<(int Code, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        await using var stdout = new StringWriter();
        await using var stderr = new StringWriter();
        // Embedding after a load has its own tests (ImportEmbeddingTests); these are about the load. Right after the
        // command's name, so an option left without its value at the end stays without it.
        string[] run = args is ["import" or "generate", .. var rest] ? [args[0], "--Semantic:EmbedOnImport=false", .. rest] : args;
        var code = await GraphCommands.RunAsync(run, stdout, stderr, CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
