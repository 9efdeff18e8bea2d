using System.Text;
using Microsoft.Data.Sqlite;
using TradeGraph.Core.Analytics;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;
using TradeGraph.Core.Synthetic;
using TradeGraph.Core.Writing;
using TradeGraph.Storage.Sqlite;

namespace TradeGraph.Storage.Tests.Sqlite;

/// <summary>
/// The analytics topology kept next to the store: read back while the store's stamp matches, never when the graph has
/// changed since (a write, an import) or the file is damaged — then the tables answer and the file is replaced.
/// </summary>
public sealed class TopologySnapshotFileTests : IAsyncLifetime
{
    private static readonly GraphModel Model = TradeModel.Define();
    private readonly string _folder = Directory.CreateTempSubdirectory("tradegraph-topology-").FullName;
    private readonly List<SqliteGraphStore> _opened = [];

    private string DatabasePath => Path.Combine(_folder, "graph.db");

    private string SnapshotPath => DatabasePath + ".topology";

    public async Task InitializeAsync()
    {
        var store = Open();
        await store.InitializeAsync(default);
        await store.ImportAsync(ScaleGenerator.Generate(1_000, seed: 5), default);
    }

    public Task DisposeAsync()
    {
        _opened.ForEach(store => store.Dispose());
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task TheFileWrittenByOneReadAnswersTheNextExactlyAsTheTablesDo()
    {
        var first = await Open().ReadTopologyAsync(default);
        Assert.True(File.Exists(SnapshotPath));

        var fromFile = await Open().ReadTopologyAsync(default);
        var fromTables = await Open(snapshot: false).ReadTopologyAsync(default);

        Assert.Equal(Describe(fromTables), Describe(first));
        Assert.Equal(Describe(fromTables), Describe(fromFile));
        Assert.Contains(Describe(fromFile), line => line.Contains("order=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WhileTheStampMatchesTheFileIsWhatIsRead()
    {
        await Open().ReadTopologyAsync(default);

        // Another topology under the very stamp the store wrote: a read must take it, proving the tables were not read.
        var other = GraphTopology.From([new Entity("Country", "only-one", "Only", [], null, PropertyValues.EmptyProperties, [])], []);
        Rewrite(other, StampOf(SnapshotPath));

        var read = await Open().ReadTopologyAsync(default);

        Assert.Equal(["only-one"], read.EntityKeys);
    }

    [Fact]
    public async Task AWriteOrAnImportChangesTheStampSoTheTablesAreReadAgain()
    {
        var store = Open();
        var before = await store.ReadTopologyAsync(default);
        var stampBefore = StampOf(SnapshotPath);

        await store.ApplyAsync(new WriteBatch(
        [
            new CreateEntity(new Entity("Country", "zz-land", "Zedland", [], null, new Dictionary<string, object?> { ["isoCode"] = "ZZ" }, []), Upsert: false, new HashSet<string>(), Editorial: true),
            new CreateEntity(new Entity("Official", "zz-envoy", "Zed Envoy", [], null, PropertyValues.EmptyProperties, []), Upsert: false, new HashSet<string>(), Editorial: true),
            new Connect(new Relationship("REPRESENTS", "zz-envoy", "zz-land", PropertyValues.EmptyProperties, []), new HashSet<string>(), Editorial: true),
        ], "topology-file-test"), default);
        var afterWrite = await Open().ReadTopologyAsync(default);

        Assert.Equal(before.NodeCount + 2, afterWrite.NodeCount);
        Assert.Equal(before.RelationshipCount + 1, afterWrite.RelationshipCount);
        Assert.NotEqual(stampBefore, StampOf(SnapshotPath));

        // An import upserting an entity that exists already changes no count and takes no revision: imports are counted.
        var stampAfterWrite = StampOf(SnapshotPath);
        var renamed = new Entity("Country", "zz-land", "Zedland Renamed", [], null, new Dictionary<string, object?> { ["isoCode"] = "ZZ" }, []);
        await store.ImportAsync(new GraphDocument([renamed], []), default);
        var other = GraphTopology.From([new Entity("Country", "stale", "Stale", [], null, PropertyValues.EmptyProperties, [])], []);
        Rewrite(other, stampAfterWrite);

        var afterImport = await Open().ReadTopologyAsync(default);

        Assert.Equal(Describe(afterWrite), Describe(afterImport));
        Assert.NotEqual(stampAfterWrite, StampOf(SnapshotPath));
    }

    [Fact]
    public async Task ADamagedFileIsNeverUsedAndIsReplaced()
    {
        var expected = Describe(await Open().ReadTopologyAsync(default));
        var whole = new FileInfo(SnapshotPath).Length;
        using (var file = new FileStream(SnapshotPath, FileMode.Open))
        {
            file.SetLength(whole / 2);
        }

        Assert.Equal(expected, Describe(await Open().ReadTopologyAsync(default)));
        Assert.Equal(whole, new FileInfo(SnapshotPath).Length);

        // An end out of range (the last relationship's "to", just before the dates) is refused as well.
        var bytes = await File.ReadAllBytesAsync(SnapshotPath);
        var topology = await Open(snapshot: false).ReadTopologyAsync(default);
        var toOfLast = bytes.Length - DatesAndValuesLength(topology) - 4;
        BitConverter.GetBytes(int.MaxValue).CopyTo(bytes, toOfLast);
        await File.WriteAllBytesAsync(SnapshotPath, bytes);

        Assert.Equal(expected, Describe(await Open().ReadTopologyAsync(default)));
    }

    [Fact]
    public async Task WithTheSettingOffNoFileIsKept()
    {
        await Open(snapshot: false).ReadTopologyAsync(default);

        Assert.False(File.Exists(SnapshotPath));
    }

    private SqliteGraphStore Open(bool snapshot = true)
    {
        var store = new SqliteGraphStore(new SqliteStoreOptions { Path = DatabasePath, TopologySnapshot = snapshot }, Model);
        _opened.Add(store);
        return store;
    }

    private static string StampOf(string path)
    {
        using var reader = new BinaryReader(File.OpenRead(path), Encoding.UTF8);
        reader.ReadString();
        reader.ReadInt32();
        return reader.ReadString();
    }

    private void Rewrite(GraphTopology topology, string stamp)
    {
        using var output = new FileStream(SnapshotPath, FileMode.Create);
        Assert.True(TopologySnapshotFormat.TryWrite(topology, stamp, output));
    }

    /// <summary>The bytes after the relationship ends: dates (a count, then three ints each) and values (a count, per property its entries).</summary>
    private static int DatesAndValuesLength(GraphTopology t)
    {
        var values = t.RelationshipValues.Sum(p => Encoding.UTF8.GetByteCount(p.Key) + 1 + 4 + (p.Value.Count * (4 + 1 + 8)));
        return 4 + (t.DatedRelationships.Count * 12) + 4 + values;
    }

    private static List<string> Describe(GraphTopology t) =>
    [
        .. Enumerable.Range(0, t.NodeCount).Select(v => $"{t.KindNames[t.NodeKind[v]]} {t.Keys[v]} {t.NodeEarliest[v]}..{t.NodeLatest[v]}"),
        .. Enumerable.Range(0, t.RelationshipCount).Select(r =>
        {
            var type = Model.Relationship(t.TypeNames[t.RelationshipTypeIds[r]]);
            var numbers = type.Properties.Where(p => p.Type is PropertyType.Int or PropertyType.Float).Select(p => $"{p.Name}={t.RelationshipValue(r, p.Name)}");
            return $"{type.Name} {t.Keys[t.RelationshipFrom[r]]} {t.Keys[t.RelationshipTo[r]]} {t.RelationshipDates(r)} {string.Join(",", numbers)}";
        }).Order(StringComparer.Ordinal),
    ];
}
