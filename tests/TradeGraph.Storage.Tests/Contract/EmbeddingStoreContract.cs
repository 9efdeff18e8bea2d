using TradeGraph.Core.Querying;
using TradeGraph.Core.Semantic;
using TradeGraph.Core.Storage;
using TradeGraph.Core.Writing;
using TradeGraph.Storage.Tests.Neo4j;

namespace TradeGraph.Storage.Tests.Contract;

/// <summary>
/// The semantic search contract every vector-keeping store meets, over the tiny document: the refresh embeds what is
/// stale through the store's primitives, a write to the embedded text makes the vector stale in its own transaction (any
/// other write keeps it), a vector of text changed since it was listed is not stored, and search finds an entity by its
/// vector but never by a vector of its old text. A backend says how to make an empty store and where nearest vectors come
/// from (the in-memory index, or the store's own).
/// </summary>
public abstract class EmbeddingStoreContract(IVectorContractBackend backend) : VectorStoreContract(backend)
{
    protected override IVectorSearch StoreVectors(IGraphStore store, ITextEmbedder embedder) =>
        new StoreVectorSearch((IVectorIndexStore)store, embedder.ModelId);


    private static readonly string[] EntityKinds = [.. Model.Kinds.Where(k => k.IsEntity).Select(k => k.Name)];


    private IEmbeddingStore Embeddings => (IEmbeddingStore)Store;


    [SkippableFact]
    public async Task ARefreshEmbedsEveryStaleEntityOnceAndAnotherModelFindsThemAllStale()
    {
        SkipUnlessAvailable();
        var staleAtStart = await Embeddings.CountStaleEntitiesAsync(Embedder.ModelId, CancellationToken.None);

        var stored = await RefreshAsync();
        var again = await RefreshAsync();

        Assert.True(staleAtStart >= Neo4jFixtures.Tiny.Entities.Count(e => EntityKinds.Contains(e.Kind)), $"{staleAtStart} stale at start");
        Assert.Equal((staleAtStart, 0L), (stored, again));
        Assert.Equal(0, await Embeddings.CountStaleEntitiesAsync(Embedder.ModelId, CancellationToken.None));
        Assert.Equal(staleAtStart, await Embeddings.CountStaleEntitiesAsync("another-model", CancellationToken.None));
    }

    [SkippableFact]
    public async Task AWriteToTheEmbeddedTextMakesTheVectorStaleAndAnyOtherWriteKeepsIt()
    {
        SkipUnlessAvailable();
        await RefreshAsync();

        await ApplyAsync(Update("Official", "ada-envoy", description: "Chief negotiator of Atlantis."));
        await ApplyAsync(Update("Meeting", "atlantis-talks", properties: new() { ["round"] = 2L }));
        await ApplyAsync(Update("Country", "atlantis", aliases: ["Atlantica", "Ἀτλαντίς"]));

        var stale = await Embeddings.ListStaleEntitiesAsync(Embedder.ModelId, null, 10, CancellationToken.None);
        var target = Assert.Single(stale);
        Assert.Equal("ada-envoy", target.Entity.Key);
        Assert.Contains("Chief negotiator of Atlantis.", target.Text, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task AVectorOfTextChangedSinceItWasListedIsNotStored()
    {
        SkipUnlessAvailable();
        var listed = await Embeddings.ListStaleEntitiesAsync(Embedder.ModelId, null, 2, CancellationToken.None);
        await ApplyAsync(Update(listed[0].Entity.Kind, listed[0].Entity.Key, name: "Renamed meanwhile"));
        var vectors = await Embedder.EmbedAsync([.. listed.Select(t => t.Text)], CancellationToken.None);

        var stored = await Embeddings.SaveEntityEmbeddingsAsync(Embedder.ModelId,
            [.. listed.Select((t, i) => (t, QuantizedVector.From(vectors[i])))], CancellationToken.None);

        Assert.Equal([listed[1].Entity.Key], stored.Select(s => s.Key));
        Assert.Equal(EmbeddedText.Fingerprint(listed[1].Text), stored[0].Fingerprint);
        Assert.Equal(listed[0].Entity.Key, (await Embeddings.ListStaleEntitiesAsync(Embedder.ModelId, null, 1, CancellationToken.None))[0].Entity.Key);
    }

    [SkippableFact]
    public async Task SearchFindsAnEntityByItsVectorButNeverByAVectorOfItsOldText()
    {
        SkipUnlessAvailable();
        await RefreshAsync();
        var search = new EntitySearch(Store, Embedder, Vectors, EntityKinds, candidates: 10);
        const string OldText = "Ada Envoy (official). Also: Ada. Trade envoy of Atlantis.";

        var before = await SemanticKeysAsync(search, OldText, []);
        var onlyMeetings = await SemanticKeysAsync(search, OldText, ["Meeting"]);
        var similar = await search.SimilarAsync("bo-minister", 5, CancellationToken.None);
        await ApplyAsync(Update("Official", "ada-envoy", name: "Ada Ambassador", description: "Ambassador of Atlantis to the moon."));
        var afterWrite = await SemanticKeysAsync(search, OldText, []);
        await RefreshAsync();
        var byNewText = await SemanticKeysAsync(search, "Ada Ambassador (official). Also: Ada. Ambassador of Atlantis to the moon.", []);

        Assert.Equal("ada-envoy", before[0]);
        Assert.Equal(["atlantis-talks"], onlyMeetings);
        Assert.Equal("ada-envoy", Assert.Single(similar).Key);
        Assert.DoesNotContain("ada-envoy", afterWrite);
        Assert.Equal("ada-envoy", byNewText[0]);
    }

    private async Task<List<string>> SemanticKeysAsync(EntitySearch search, string text, IReadOnlyList<string> kinds)
    {
        var results = await search.SearchAsync(new SearchQuery(text, new PageRequest(First: 10), kinds), SearchMode.Semantic, CancellationToken.None);
        return [.. results.Page.Items.Select(i => i.Value.Entity.Key)];
    }

    private Task<long> RefreshAsync() =>
        new EmbeddingRefresher(Embeddings, Embedder, batchSize: 2).RefreshAsync(Vectors as VectorIndex, null, CancellationToken.None);

    private Task<WriteResult> ApplyAsync(GraphWrite write) => Store.ApplyAsync(new WriteBatch([write], "embedding-contract"), CancellationToken.None);

    private static UpdateEntity Update(string kind, string key, string? name = null, IReadOnlyList<string>? aliases = null, string? description = null,
        Dictionary<string, object?>? properties = null) =>
        new(kind, key, name, aliases, SetDescription: description is not null, description, properties ?? new(), []);
}
