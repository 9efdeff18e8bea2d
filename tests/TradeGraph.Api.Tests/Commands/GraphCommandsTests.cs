using Microsoft.Data.Sqlite;
using TradeGraph.Api.Commands;
using TradeGraph.Core.Exchange;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;
using TradeGraph.Core.Seeding;
using TradeGraph.Core.Storage;
using TradeGraph.Storage.Sqlite;

namespace TradeGraph.Api.Tests.Commands;

/// <summary>The export and import commands, run in process against SQLite files in a temporary folder.</summary>
public sealed class GraphCommandsTests : IDisposable
{
    private static readonly GraphModel Model = TradeModel.Define();

    // The build copies seed/ beside the app, and so beside these tests.
    private static readonly string SeedFolder = Path.Combine(AppContext.BaseDirectory, "seed");

    private static readonly Lazy<GraphDocument> Seed = new(() => new SeedReader(Model).ReadDirectory(SeedFolder));

    private static int Entities => Seed.Value.Entities.Count;

    private static int Relationships => Seed.Value.Relationships.Count;

    private static string NewLine => Environment.NewLine;

    private readonly string _folder = Directory.CreateTempSubdirectory("tradegraph-commands-").FullName;

    [Theory]
    [InlineData("seed")]
    [InlineData("cypher")]
    [InlineData("graphml")]
    public async Task AnExportImportedIntoAnEmptyStoreExportsTheSameBytes(string format)
    {
        await SeededAsync("first.db");
        var seedFile = Path.Combine(_folder, "first.json");
        var first = Path.Combine(_folder, "first." + format);
        var second = Path.Combine(_folder, "second." + format);

        var exportSeed = await RunAsync("export", "--format", "seed", "--out", seedFile, Store("first.db"));
        var exportFirst = await RunAsync("export", $"--format={format}", $"--out={first}", Store("first.db"));
        var import = await RunAsync("import", seedFile, Store("second.db"));
        var exportSecond = await RunAsync("export", "--format", format, "--out", second, Store("second.db"));

        Assert.All([exportSeed, exportFirst, import, exportSecond], r => Assert.Equal(GraphCommands.Succeeded, r.Code));
        Assert.Equal("", exportFirst.Stdout);
        Assert.Equal($"Exported {Entities} entities and {Relationships} relationships to {first}{NewLine}", exportFirst.Stderr);
        Assert.Equal($"Imported {Entities} entities and {Relationships} relationships: {Entities + Relationships} inserted, 0 updated, 0 unchanged{NewLine}", import.Stdout);
        Assert.Equal(await File.ReadAllBytesAsync(first), await File.ReadAllBytesAsync(second));
        Assert.Equal(await ExportedAsync("first.db"), await ExportedAsync("second.db"));
        Assert.False(File.Exists(second + ".partial"));
    }

    [Fact]
    public async Task ExportWithoutOutWritesOnlyTheGraphToStandardOutput()
    {
        await SeededAsync("graph.db");

        var result = await RunAsync("export", Store("graph.db"));

        Assert.Equal(GraphCommands.Succeeded, result.Code);
        Assert.Equal("", result.Stderr);
        var document = new SeedReader(Model).Read([("stdout", result.Stdout)]);
        Assert.Equal(Entities, document.Entities.Count);
        Assert.Equal(document.Entities.Select(e => e.Key).Order(StringComparer.Ordinal), document.Entities.Select(e => e.Key));
        Assert.Equal(await new SeedWriter(Model).WriteToStringAsync(document, CancellationToken.None), result.Stdout);
    }

    [Fact]
    public async Task ImportingTheSameFilesAgainChangesNothingAndSaysSo()
    {
        await SeededAsync("graph.db");

        var again = await RunAsync("import", SeedFolder, Store("graph.db"));

        Assert.Equal(GraphCommands.Succeeded, again.Code);
        Assert.Equal($"Imported {Entities} entities and {Relationships} relationships: 0 inserted, 0 updated, {Entities + Relationships} unchanged{NewLine}", again.Stdout);
        Assert.Equal("", again.Stderr);
    }

    [Fact]
    public async Task AFileWithAnUnknownKindIsRefusedWholeNamingFileItemAndReason()
    {
        await SeededAsync("graph.db");
        var before = await StatisticsAsync("graph.db");
        var bad = Path.Combine(_folder, "bad.json");
        await File.WriteAllTextAsync(bad, """
            { "entities": [
              { "kind": "Country", "key": "atlantis", "name": "Atlantis", "properties": { "isoCode": "AT" },
                "sources": [{ "source": "report-2025-10-23-us-china-kl-talks", "locator": "¶1" }] },
              { "kind": "Spy", "key": "mata-hari", "name": "Mata Hari", "sources": [{ "source": "report-2025-10-23-us-china-kl-talks" }] }
            ] }
            """);

        // The reader wants cited sources in the files read, so the source's own file comes along.
        var result = await RunAsync("import", Path.Combine(SeedFolder, "sources.json"), bad, Store("graph.db"));

        Assert.Equal(GraphCommands.Failed, result.Code);
        Assert.Equal("", result.Stdout);
        Assert.Contains($"{bad}: entities[1] 'mata-hari': unknown kind 'Spy'", result.Stderr, StringComparison.Ordinal);
        Assert.EndsWith($"Nothing was imported (1 problem(s)).{NewLine}", result.Stderr, StringComparison.Ordinal);
        await AssertUnchangedAsync("graph.db", before);
    }

    [Fact]
    public async Task AFileThatIsNotJsonIsRefusedNamingFileLineAndReason()
    {
        await SeededAsync("graph.db");
        var before = await StatisticsAsync("graph.db");
        var folder = Directory.CreateDirectory(Path.Combine(_folder, "batch")).FullName;
        File.Copy(Path.Combine(SeedFolder, "sources.json"), Path.Combine(folder, "a-sources.json"));
        await File.WriteAllTextAsync(Path.Combine(folder, "b-broken.json"), "{\n  \"entities\": [\n    { oops }\n  ]\n}\n");

        var result = await RunAsync("import", folder, Store("graph.db"));

        Assert.Equal(GraphCommands.Failed, result.Code);
        Assert.Contains($"{Path.Combine(folder, "b-broken.json")}: line 3: not valid JSON", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("a-sources.json", result.Stderr, StringComparison.Ordinal);
        await AssertUnchangedAsync("graph.db", before);
    }

    [Fact]
    public async Task AnImportTheStoreRefusesChangesNothing()
    {
        await SeededAsync("graph.db");
        var before = await StatisticsAsync("graph.db");
        var seed = Seed.Value;
        var source = seed.Entities.Single(e => e.Kind == GraphModel.SourceKind);
        // Valid on its own, but Xi already represents China in the store and REPRESENTS is single-valued at his end.
        var document = new GraphDocument(
            [source, seed.Entities.Single(e => e.Key == "xi-jinping"), seed.Entities.Single(e => e.Key == "japan"),
             new Entity("Topic", "new-topic", "New topic", [], null, PropertyValues.EmptyProperties, [new SourceReference(source.Key, "¶1")])],
            [new Relationship("REPRESENTS", "xi-jinping", "japan", PropertyValues.EmptyProperties, [new SourceReference(source.Key, "¶1")])]);
        var file = Path.Combine(_folder, "conflict.json");
        await File.WriteAllTextAsync(file, await new SeedWriter(Model).WriteToStringAsync(document, CancellationToken.None));

        var result = await RunAsync("import", file, Store("graph.db"));

        Assert.Equal(GraphCommands.Failed, result.Code);
        Assert.Contains("Nothing was imported: 'xi-jinping' would have more than one REPRESENTS", result.Stderr, StringComparison.Ordinal);
        await AssertUnchangedAsync("graph.db", before);
    }

    [Fact]
    public async Task AMissingFileIsNamedAndNothingIsImported()
    {
        var missing = Path.Combine(_folder, "nowhere.json");

        var result = await RunAsync("import", SeedFolder, missing, Store("graph.db"));

        Assert.Equal(GraphCommands.Failed, result.Code);
        Assert.Contains($"{missing}: no such file or folder", result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_folder, "graph.db")), "the store was opened for an import that could not be read");
    }

    [Fact]
    public async Task AnExportThatCannotBeWrittenFailsAndLeavesNoFile()
    {
        await SeededAsync("graph.db");
        var target = Path.Combine(_folder, "no-such-folder", "graph.json");

        var result = await RunAsync("export", "--out", target, Store("graph.db"));

        Assert.Equal(GraphCommands.Failed, result.Code);
        Assert.StartsWith("Export failed: ", result.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.GetDirectoryName(target)));
    }

    [Fact]
    public async Task ACancelledImportChangesNothing()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await using var stdout = new StringWriter();
        await using var stderr = new StringWriter();

        var code = await GraphCommands.RunAsync(["import", SeedFolder, Store("graph.db")], stdout, stderr, cancelled.Token);

        Assert.Equal(GraphCommands.Failed, code);
        Assert.Contains("import cancelled; nothing was changed.", stderr.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_folder, "graph.db")) && (await StatisticsAsync("graph.db")).EntityCount > 0);
    }

    [Fact]
    public async Task TheStoreIsChosenAsTheServerChoosesIt()
    {
        var unknown = await RunAsync("export", "--Storage:Provider=Oracle", Store("graph.db"));
        var neo4jWithoutAddress = await RunAsync("export", "--Storage:Provider=Neo4j", "--Storage:Neo4j:Uri=bolt://localhost:7688");

        Assert.Equal((GraphCommands.Failed, ""), (unknown.Code, unknown.Stdout));
        Assert.Contains("Storage:Provider must be one of Sqlite, Neo4j", unknown.Stderr, StringComparison.Ordinal);
        Assert.Equal((GraphCommands.Failed, ""), (neo4jWithoutAddress.Code, neo4jWithoutAddress.Stdout));
        Assert.Contains("the Query API's HTTP port cannot be derived", neo4jWithoutAddress.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Unknown command 'frobnicate'", "frobnicate")]
    [InlineData("Unknown format 'xml'", "export", "--format", "xml")]
    [InlineData("--out needs a value", "export", "--out")]
    [InlineData("Unknown option '--verbose'", "export", "--verbose")]
    [InlineData("Unexpected argument 'graph.json'", "export", "graph.json")]
    [InlineData("import needs at least one file or folder", "import", "--Storage:Sqlite:Path=x.db")]
    public async Task AWrongCommandLineGetsTheUsageAndExitCodeTwo(string error, params string[] args)
    {
        var result = await RunAsync(args);

        Assert.Equal(GraphCommands.UsageError, result.Code);
        Assert.Equal("", result.Stdout);
        Assert.StartsWith(error, result.Stderr, StringComparison.Ordinal);
        Assert.Contains("Usage:", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, "export")]
    [InlineData(true, "import", "seed")]
    [InlineData(true, "exprot")]
    [InlineData(true, "--help")]
    [InlineData(false)]
    [InlineData(false, "--urls=http://localhost:5001")]
    [InlineData(false, "Storage:Sqlite:Path=x.db")]
    [InlineData(false, "--environment", "Testing")]
    public void OnlyACommandWordKeepsTheServerFromStarting(bool expected, params string[] args) =>
        Assert.Equal(expected, GraphCommands.IsCommand(args));

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

    private async Task SeededAsync(string name)
    {
        var result = await RunAsync("import", SeedFolder, Store(name));
        Assert.True(result.Code == GraphCommands.Succeeded, result.Stderr);
    }

    private SqliteGraphStore Open(string name) => new(new SqliteStoreOptions { Path = Path.Combine(_folder, name) }, Model);

    private async Task<string> ExportedAsync(string name) =>
        await new SeedWriter(Model).WriteToStringAsync(await Open(name).ExportAsync(CancellationToken.None), CancellationToken.None);

    private Task<GraphStatistics> StatisticsAsync(string name) => Open(name).GetStatisticsAsync(CancellationToken.None);

    private async Task AssertUnchangedAsync(string name, GraphStatistics before)
    {
        var after = await StatisticsAsync(name);
        Assert.Equal(before.EntitiesByKind.OrderBy(p => p.Key), after.EntitiesByKind.OrderBy(p => p.Key));
        Assert.Equal(before.RelationshipsByType.OrderBy(p => p.Key), after.RelationshipsByType.OrderBy(p => p.Key));
    }

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
