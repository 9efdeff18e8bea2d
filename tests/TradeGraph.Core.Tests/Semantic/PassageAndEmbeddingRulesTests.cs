using TradeGraph.Core.Graph;
using TradeGraph.Core.Passages;
using TradeGraph.Core.Semantic;

namespace TradeGraph.Core.Tests.Semantic;

/// <summary>
/// Core's passage and entity-vector rules over recording primitives (no store): the guards that ask the store nothing,
/// the source key stamped on each passage, grouping by source, and the saved vectors' bookkeeping (only what the store
/// kept is reported, with the fingerprint of the text and the kind) — what each store used to do itself.
/// </summary>
public sealed class PassageAndEmbeddingRulesTests
{
    private static readonly QuantizedVector Vector = QuantizedVector.From([0.6f, 0.8f]);

    private static readonly Entity Ada = new("Official", "ada", "Ada", ["A. Lovelace"], "Envoy", PropertyValues.EmptyProperties, []);

    private static readonly Entity Bo = new("Country", "bo", "Bo", [], null, PropertyValues.EmptyProperties, []);

    [Fact]
    public async Task SavedPassagesCarryTheSourceKeyAndNothingToSaveAsksNothing()
    {
        var store = new RecordingStore();

        await PassageRules.SaveAsync(store, "memo", [new Passage("other", 1, "One."), new Passage("", 2, "Two.")], CancellationToken.None);
        await PassageRules.SaveAsync(store, "memo", [], CancellationToken.None);

        Assert.Equal(["keep memo¶1 memo¶2"], store.Calls);
        await Assert.ThrowsAsync<ArgumentNullException>(() => PassageRules.SaveAsync(store, "memo", null!, CancellationToken.None));
    }

    [Fact]
    public async Task PassagesAreGroupedBySourceInTheOrderReadAndNoKeyAsksNothing()
    {
        var store = new RecordingStore { Read = [new Passage("a", 1, "x"), new Passage("a", 2, "y"), new Passage("b", 1, "z")] };

        var found = await PassageRules.GetAsync(store, ["a", "b", "c"], CancellationToken.None);
        var none = await PassageRules.GetAsync(store, [], CancellationToken.None);

        Assert.Equal(["read a,b,c"], store.Calls);
        Assert.Equal(["a", "b"], found.Keys);
        Assert.Equal([1, 2], found["a"].Select(p => p.Paragraph));
        Assert.Empty(none);
    }

    [Fact]
    public async Task ASearchWithoutWordsOrRoomAsksNothing()
    {
        var store = new RecordingStore { Read = [new Passage("a", 1, "x")] };

        Assert.Empty(await PassageRules.SearchAsync(store, [], 5, CancellationToken.None));
        Assert.Empty(await PassageRules.SearchAsync(store, ["tariff"], 0, CancellationToken.None));
        Assert.Single(await PassageRules.SearchAsync(store, ["tariff"], 5, CancellationToken.None));

        Assert.Equal(["match tariff 5"], store.Calls);
    }

    [Fact]
    public async Task StalePassagesAndEntitiesBecomeTargets()
    {
        var store = new RecordingStore { Read = [new Passage("a", 1, "x")], Entities = [Ada] };

        var passages = await PassageRules.ListStaleAsync(store, "m", new Passage("a", 0, ""), 10, CancellationToken.None);
        var entities = await EmbeddingRules.ListStaleAsync(store, "m", "aa", 10, CancellationToken.None);

        Assert.Equal(["stale passages m after a¶0 10", "stale entities m after aa 10"], store.Calls);
        Assert.Equal("a¶1", Assert.Single(passages).Passage.Key);
        Assert.Equal(EmbeddedText.Of(Ada), Assert.Single(entities).Text);
    }

    [Fact]
    public async Task OnlyThePassageVectorsTheStoreKeptAreReportedWithTheirTextsFingerprint()
    {
        var store = new RecordingStore { Kept = ["memo¶2"] };
        var one = new PassageTarget(new Passage("memo", 1, "One."));
        var two = new PassageTarget(new Passage("memo", 2, "Two."));

        var stored = await PassageRules.SaveVectorsAsync(store, "m", [(one, Vector), (two, Vector)], CancellationToken.None);

        Assert.Equal(["keep passage vectors m memo¶1 memo¶2"], store.Calls);
        var saved = Assert.Single(stored);
        Assert.Equal(new StoredEmbedding(two.Passage.Key, PassageSearch.IndexKind, EmbeddedText.Fingerprint("Two."), Vector), saved);
    }

    [Fact]
    public async Task OnlyTheEntityVectorsTheStoreKeptAreReportedAndNothingToSaveAsksNothing()
    {
        var store = new RecordingStore { Kept = ["ada"] };
        var ada = new EmbeddingTarget(Ada);

        var stored = await EmbeddingRules.SaveAsync(store, "m", [(ada, Vector), (new EmbeddingTarget(Bo), Vector)], CancellationToken.None);
        var none = await EmbeddingRules.SaveAsync(store, "m", [], CancellationToken.None);

        Assert.Equal(["keep entity vectors m ada bo"], store.Calls);
        Assert.Equal(new StoredEmbedding("ada", "Official", EmbeddedText.Fingerprint(ada.Text), Vector), Assert.Single(stored));
        Assert.Empty(none);
        await Assert.ThrowsAsync<ArgumentNullException>(() => EmbeddingRules.SaveAsync(store, "m", null!, CancellationToken.None));
    }

    private sealed class RecordingStore : IPassagePrimitives, IEmbeddingPrimitives
    {
        public List<string> Calls { get; } = [];

        public IReadOnlyList<Passage> Read { get; init; } = [];

        public IReadOnlyList<Entity> Entities { get; init; } = [];

        public HashSet<string> Kept { get; init; } = [];

        public Task KeepPassagesAsync(IReadOnlyList<Passage> passages, CancellationToken cancellationToken)
        {
            Calls.Add($"keep {string.Join(' ', passages.Select(p => p.Key))}");
            return Task.CompletedTask;
        }

        public Task<IReadOnlyList<Passage>> ReadPassagesAsync(IReadOnlyCollection<string> sourceKeys, CancellationToken cancellationToken) =>
            Answer($"read {string.Join(',', sourceKeys)}", Read);

        public Task<IReadOnlyList<Passage>> MatchPassagesAsync(IReadOnlyList<string> words, int limit, CancellationToken cancellationToken) =>
            Answer($"match {string.Join(',', words)} {limit}", Read);

        public Task<IReadOnlyList<Passage>> ReadStalePassagesAsync(string modelId, Passage? after, int limit, CancellationToken cancellationToken) =>
            Answer($"stale passages {modelId} after {after?.Key} {limit}", Read);

        public Task<IReadOnlySet<string>> KeepPassageVectorsAsync(string modelId, IReadOnlyList<VectorSave<Passage>> saves, CancellationToken cancellationToken) =>
            Answer($"keep passage vectors {modelId} {string.Join(' ', saves.Select(s => s.Key))}", (IReadOnlySet<string>)Kept);

        public Task<IReadOnlyList<Entity>> ReadStaleEntitiesAsync(string modelId, string? afterKey, int limit, CancellationToken cancellationToken) =>
            Answer($"stale entities {modelId} after {afterKey} {limit}", Entities);

        public Task<IReadOnlySet<string>> KeepEntityVectorsAsync(string modelId, IReadOnlyList<VectorSave<Entity>> saves, CancellationToken cancellationToken) =>
            Answer($"keep entity vectors {modelId} {string.Join(' ', saves.Select(s => s.Key))}", (IReadOnlySet<string>)Kept);

        public Task<long> CountStalePassagesAsync(string modelId, CancellationToken cancellationToken) => Answer($"count passages {modelId}", (long)Read.Count);

        public IAsyncEnumerable<StoredEmbedding> StreamPassageEmbeddingsAsync(string modelId, CancellationToken cancellationToken) => Stream($"stream passages {modelId}");

        public Task<long> CountStaleEntitiesAsync(string modelId, CancellationToken cancellationToken) => Answer($"count entities {modelId}", (long)Entities.Count);

        public IAsyncEnumerable<StoredEmbedding> StreamEntityEmbeddingsAsync(string modelId, CancellationToken cancellationToken) => Stream($"stream entities {modelId}");

        private async IAsyncEnumerable<StoredEmbedding> Stream(string call)
        {
            Calls.Add(call);
            await Task.CompletedTask;
            yield break;
        }

        private Task<T> Answer<T>(string call, T value)
        {
            Calls.Add(call);
            return Task.FromResult(value);
        }
    }
}
