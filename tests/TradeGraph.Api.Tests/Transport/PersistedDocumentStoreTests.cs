using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using TradeGraph.Api.GraphQLHttp.Persisted;

namespace TradeGraph.Api.Tests.Transport;

/// <summary>The automatic store's bounds (count and characters, least recently used out) and the trusted documents' loading.</summary>
public sealed class PersistedDocumentStoreTests
{
    private static AutomaticPersistedQueries Store(int maxDocuments, long maxCharacters) =>
        new(Options.Create(new PersistedOperationOptions { MaxDocuments = maxDocuments, MaxTotalCharacters = maxCharacters }));

    [Fact]
    public void TheAutomaticStoreKeepsAtMostMaxDocumentsDroppingTheLeastRecentlyUsed()
    {
        var store = Store(maxDocuments: 3, maxCharacters: 1_000_000);
        store.Keep("a", "{ a }");
        store.Keep("b", "{ b }");
        store.Keep("c", "{ c }");
        Assert.NotNull(store.Find("a"));

        store.Keep("d", "{ d }");

        Assert.Equal(3, store.Count);
        Assert.Null(store.Find("b"));
        Assert.Equal("{ a }", store.Find("a"));
        Assert.NotNull(store.Find("c"));
        Assert.NotNull(store.Find("d"));
    }

    [Fact]
    public void TheAutomaticStoreKeepsAtMostMaxTotalCharacters()
    {
        var store = Store(maxDocuments: 100, maxCharacters: 1_000);
        var big = new string('x', 400);
        store.Keep("1", big);
        store.Keep("2", big);
        store.Keep("3", big);
        store.Keep("too-big", new string('y', 1_001));

        Assert.Equal(2, store.Count);
        Assert.Equal(800, store.Characters);
        Assert.Null(store.Find("1"));
        Assert.Null(store.Find("too-big"));
    }

    [Fact]
    public void TrustedDocumentsLoadFromAFolderOrAFileAndABadSourceStopsTheStart()
    {
        var folder = Directory.CreateTempSubdirectory("tradegraph-trusted-unit-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "abc.graphql"), "{ __typename }");
            File.WriteAllText(Path.Combine(folder, "relay.json"), """{ "r1": "{ countries { totalCount } }" }""");
            var fromFolder = Load(folder);
            var fromFile = Load(Path.Combine(folder, "relay.json"));

            Assert.Equal(2, fromFolder.Count);
            Assert.Equal("{ __typename }", fromFolder.FindById("abc"));
            Assert.Equal("{ countries { totalCount } }", fromFolder.FindById("r1"));
            Assert.Equal("{ __typename }", fromFolder.FindByHash(DocumentHash.Of("{ __typename }")));
            Assert.Equal(1, fromFile.Count);
            Assert.Null(fromFile.FindById("abc"));

            Assert.Throws<InvalidOperationException>(() => Load(Path.Combine(folder, "missing")));
            File.WriteAllText(Path.Combine(folder, "bad.json"), "[1, 2]");
            Assert.Throws<InvalidOperationException>(() => Load(folder));
            File.WriteAllText(Path.Combine(folder, "bad.json"), """{ "abc": "{ other }" }""");
            Assert.Throws<InvalidOperationException>(() => Load(folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static TrustedDocuments Load(string path) =>
        new(Options.Create(new PersistedOperationOptions { TrustedDocuments = path }), new Environment());

    private sealed class Environment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Testing";

        public string ApplicationName { get; set; } = "TradeGraph.Api.Tests";

        public string ContentRootPath { get; set; } = Path.GetTempPath();

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
