using TradeGraph.Api.Commands;
using TradeGraph.Core.Model;
using TradeGraph.Storage.Sqlite;

namespace TradeGraph.Api.Tests.Semantic;

/// <summary>
/// import and generate --import embed what they loaded with Semantic:EmbedOnImport; by default they leave it to the server's
/// background backfill and say how many are left.
/// </summary>
public sealed class ImportEmbeddingTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tradegraph-import-embedding-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task GenerateWithImportLeavesNoEntityWithoutAVector()
    {
        var (code, stdout) = await RunAsync("generate", "--relationships", "1000", "--import", Store("embedded.db"), "--Semantic:Embedder=Hashing", "--Semantic:EmbedOnImport=true");

        Assert.Equal(0, code);
        using var store = Open("embedded.db");
        var statistics = await store.GetStatisticsAsync(default);
        Assert.Contains($"Embedded {statistics.EntityCount} entities for semantic search (hashing-384", stdout, StringComparison.Ordinal);
        Assert.Equal(0, await store.CountStaleEntitiesAsync("hashing-384", default));
    }

    [Fact]
    public async Task ByDefaultTheImportLeavesTheEmbeddingToTheServerAndSaysHowManyAreLeft()
    {
        var (code, stdout) = await RunAsync("generate", "--relationships", "1000", "--import", Store("plain.db"), "--Semantic:Embedder=Hashing");

        Assert.Equal(0, code);
        Assert.DoesNotContain("Embedded", stdout, StringComparison.Ordinal);
        using var store = Open("plain.db");
        var entities = (await store.GetStatisticsAsync(default)).EntityCount;
        Assert.Equal(entities, await store.CountStaleEntitiesAsync("hashing-384", default));
        Assert.Contains($"{entities} entities left to embed: the server embeds them in the background", stdout, StringComparison.Ordinal);
    }

    private string Store(string name) => $"--Storage:Sqlite:Path={Path.Combine(_folder, name)}";

    private SqliteGraphStore Open(string name) => new(new SqliteStoreOptions { Path = Path.Combine(_folder, name) }, TradeModel.Define());

    private static async Task<(int Code, string Stdout)> RunAsync(params string[] args)
    {
        await using var stdout = new StringWriter();
        await using var stderr = new StringWriter();
        var code = await GraphCommands.RunAsync(args, stdout, stderr, CancellationToken.None);
        return (code, stdout + stderr.ToString());
    }
}
