using TradeGraph.Core.Exchange;
using TradeGraph.Core.Passages;
using TradeGraph.Core.Seeding;
using TradeGraph.Core.Semantic;
using TradeGraph.Core.Storage;
using TradeGraph.Core.Writing;

namespace TradeGraph.Storage.Tests.Contract;

/// <summary>
/// The passage contract every passage-keeping store meets, over the tiny document (source "memo"): a source's passages are
/// kept in paragraph order, a changed text replaced and its vector dropped, an unknown source keeps none; word search finds
/// any word as a prefix; the refresh embeds what is stale and never stores a vector of text changed since it was listed;
/// Core's <see cref="PassageSearch"/> finds a passage by meaning (never by a vector of its old text) with the facts its
/// paragraph supports; deleting the source takes its passages. A backend says how to make a store and where nearest
/// passage vectors come from.
/// </summary>
public abstract class PassageStoreContract(IVectorContractBackend backend) : VectorStoreContract(backend)
{
    protected override IVectorSearch StoreVectors(IGraphStore store, ITextEmbedder embedder) =>
        new StorePassageVectorSearch((IPassageVectorIndexStore)store, embedder.ModelId);


    private const string Memo = "memo";

    private static readonly Passage[] MemoPassages =
    [
        new(Memo, 1, "Ada Envoy represents Atlantis at the harbour."),
        new(Memo, 3, "The Atlantis talks opened with soybean purchases on the table."),
        new(Memo, 2, "Envoys argued about the tariff on coral."),
    ];


    protected override Task SeedAsync() => Passages.SavePassagesAsync(Memo, MemoPassages, CancellationToken.None);

    private IPassageStore Passages => (IPassageStore)Store;


    [SkippableFact]
    public async Task PassagesAreKeptInParagraphOrderAndAnUnknownSourceKeepsNone()
    {
        SkipUnlessAvailable();
        await Passages.SavePassagesAsync("no-such-source", [new("no-such-source", 0, "Lost words.")], CancellationToken.None);
        await Passages.SavePassagesAsync(Memo, [new(Memo, 0, "The memo's headline.")], CancellationToken.None);

        var kept = await Passages.GetPassagesAsync([Memo, "no-such-source", "atlantis"], CancellationToken.None);

        Assert.Equal([Memo], kept.Keys);
        Assert.Equal([0, 1, 2, 3], kept[Memo].Select(p => p.Paragraph));
        Assert.Equal(MemoPassages.OrderBy(p => p.Paragraph).Select(p => p.Text), kept[Memo].Skip(1).Select(p => p.Text));
    }

    [SkippableFact]
    public async Task AChangedTextIsReplacedAndOnlyItsVectorDropped()
    {
        SkipUnlessAvailable();
        await RefreshAsync();

        await Passages.SavePassagesAsync(Memo, [new(Memo, 1, "Ada Envoy left the harbour."), MemoPassages[1]], CancellationToken.None);

        var stale = await Passages.ListStalePassagesAsync(Embedder.ModelId, null, 10, CancellationToken.None);
        Assert.Equal(["Ada Envoy left the harbour."], stale.Select(s => s.Passage.Text));
        Assert.Equal(1, await Passages.CountStalePassagesAsync(Embedder.ModelId, CancellationToken.None));
        Assert.Equal(3, await Passages.CountStalePassagesAsync("another-model", CancellationToken.None));
    }

    [SkippableFact]
    public async Task WordSearchFindsAnyWordAsAPrefix()
    {
        SkipUnlessAvailable();

        var found = await Passages.SearchPassagesAsync(["soy", "nothing"], 10, CancellationToken.None);
        var limited = await Passages.SearchPassagesAsync(["atlantis", "envoy"], 1, CancellationToken.None);

        Assert.Equal([3], found.Select(p => p.Paragraph));
        Assert.Single(limited);
        Assert.Empty(await Passages.SearchPassagesAsync([], 10, CancellationToken.None));
    }

    [SkippableFact]
    public async Task AVectorOfTextChangedSinceItWasListedIsNotStored()
    {
        SkipUnlessAvailable();
        var listed = await Passages.ListStalePassagesAsync(Embedder.ModelId, null, 2, CancellationToken.None);
        await Passages.SavePassagesAsync(Memo, [listed[0].Passage with { Text = "Rewritten meanwhile." }], CancellationToken.None);
        var vectors = await Embedder.EmbedAsync([.. listed.Select(t => t.Passage.Text)], CancellationToken.None);

        var stored = await Passages.SavePassageEmbeddingsAsync(Embedder.ModelId, [.. listed.Select((t, i) => (t, QuantizedVector.From(vectors[i])))],
            CancellationToken.None);

        Assert.Equal([listed[1].Passage.Key], stored.Select(s => s.Key));
        Assert.Equal(EmbeddedText.Fingerprint(listed[1].Passage.Text), stored[0].Fingerprint);
        Assert.Equal(2, await Passages.CountStalePassagesAsync(Embedder.ModelId, CancellationToken.None));
    }

    [SkippableFact]
    public async Task SearchFindsAPassageByMeaningWithItsSupportedFactsButNeverByAVectorOfItsOldText()
    {
        SkipUnlessAvailable();
        Assert.Equal(3, await RefreshAsync());
        var search = new PassageSearch(Store, Passages, Embedder, Vectors, candidates: 10);

        var before = await search.SearchAsync("Ada Envoy represents Atlantis at the harbour.", 3, SearchMode.Semantic, CancellationToken.None);
        await Passages.SavePassagesAsync(Memo, [new(Memo, 1, "A storm closed the harbour.")], CancellationToken.None);
        var afterChange = await search.SearchAsync("Ada Envoy represents Atlantis at the harbour.", 3, SearchMode.Semantic, CancellationToken.None);
        var hybrid = await search.SearchAsync("soybean purchases", 3, SearchMode.Hybrid, CancellationToken.None);

        Assert.Equal(Passage.KeyOf(Memo, 1), before[0].Passage.Key);
        Assert.Contains(before[0].Supports, f => f.Locator == "¶1");
        Assert.DoesNotContain(afterChange, h => h.Passage.Paragraph == 1);
        Assert.Equal((3, 1, 1), (hybrid[0].Passage.Paragraph, hybrid[0].Signals.TextRank, hybrid[0].Signals.SemanticRank));
    }

    [SkippableFact]
    public async Task DeletingTheSourceTakesItsPassages()
    {
        SkipUnlessAvailable();

        var result = await Store.ApplyAsync(new WriteBatch([new DeleteEntity("Source", Memo, Detach: true)], "passage-contract"), CancellationToken.None);

        Assert.Equal(WriteOutcome.Deleted, Assert.Single(result.Writes).Outcome);
        Assert.Empty(await Passages.GetPassagesAsync([Memo], CancellationToken.None));
        Assert.Empty(await Passages.SearchPassagesAsync(["atlantis"], 10, CancellationToken.None));
        Assert.Equal(0, await Passages.CountStalePassagesAsync(Embedder.ModelId, CancellationToken.None));
    }

    [SkippableFact]
    public async Task AnExportCarriesThePassagesThroughTheSeedFormatAndAnImportRestoresThemWithoutVectors()
    {
        SkipUnlessAvailable();
        await RefreshAsync();

        var exported = await Store.ExportAsync(CancellationToken.None);
        var text = new StringWriter();
        await new SeedWriter(Model).WriteAsync(exported, text, CancellationToken.None);
        var read = new SeedReader(Model).Read([("export.json", text.ToString())]);
        Store = await CreateStoreAsync();
        await Store.ImportAsync(read, CancellationToken.None);
        var restored = await Passages.GetPassagesAsync([Memo], CancellationToken.None);

        var expected = MemoPassages.OrderBy(p => p.Paragraph).ToList();
        Assert.Equal(expected, exported.PassagesOrNone);
        Assert.Contains("\"passages\": [", text.ToString(), StringComparison.Ordinal);
        Assert.Equal(expected, restored[Memo]);
        Assert.Equal(3, await Passages.CountStalePassagesAsync(Embedder.ModelId, CancellationToken.None));
    }

    private Task<long> RefreshAsync() =>
        new EmbeddingRefresher((IEmbeddingStore)Store, Embedder, batchSize: 2).RefreshPassagesAsync(Passages, Vectors as VectorIndex, null, CancellationToken.None);
}
