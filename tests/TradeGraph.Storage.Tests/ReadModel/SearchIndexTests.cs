using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;
using TradeGraph.Core.Storage;
using TradeGraph.Core.Storage.InMemory;
using TradeGraph.Core.Synthetic;

namespace TradeGraph.Storage.Tests.ReadModel;

public sealed class SearchIndexTests
{
    private static readonly GraphModel Model = TradeModel.Define();

    [Fact]
    public void OnlyAFewScratchesAreKeptAfterABurstOfSearches()
    {
        // Each array holds a weight per indexed entity (megabytes on a large graph): a burst of concurrent searches
        // must not leave one held per request.
        var index = SearchIndex.Of([]);
        var rented = Enumerable.Range(0, 64).Select(_ => index.Rent()).ToList();

        foreach (var scratch in rented)
        {
            index.Return(scratch);
        }

        Assert.Equal(Environment.ProcessorCount * 2, index.KeptScratch);
        var reused = index.Rent();
        Assert.Contains(rented, scratch => ReferenceEquals(scratch, reused));
    }

    [Fact]
    public void AHugeHitListIsNotKeptButItsArrayIs()
    {
        // A list grown past 65,536 hits (256 KB) would stay held for as long as the index lives; the weight array is
        // wanted again (a new one is megabytes on a large graph), the list is not.
        var index = SearchIndex.Of([]);
        var scratch = index.Rent();
        scratch.Documents.AddRange(Enumerable.Repeat(0, 70_000));
        scratch.Values[0] = 7;
        index.Return(scratch);

        var again = index.Rent();
        Assert.Same(scratch.Values, again.Values);
        Assert.Equal(0, again.Values[0]);
        Assert.Empty(again.Documents);
        Assert.True(again.Documents.Capacity <= 1 << 16, $"a list of capacity {again.Documents.Capacity} kept");
    }

    [Fact]
    public async Task AScratchComesBackCleared()
    {
        var graph = await ReadModelGraph.BuildAsync(GraphElement.All(ScaleGenerator.Generate(1_000, seed: 5)).ToAsyncEnumerable(), Model, CancellationToken.None);
        var index = graph.Search;
        var kept = new List<SearchScratch>();
        foreach (var prefix in new[] { "a", "e", "m", "s", "t" })
        {
            var found = index.Rent();
            index.Match(prefix, found);
            index.MarkLineStarts(prefix, exact: false, found.Values);
            Assert.NotEmpty(found.Documents);
            Assert.Contains(found.Documents, n => found.Values[n] < 0);
            index.Return(found);
            kept.Add(found);
        }

        // Whatever is rented again is all zero with no documents listed, though the searches above wrote into it.
        for (var i = 0; i < kept.Count; i++)
        {
            var scratch = index.Rent();
            Assert.Empty(scratch.Documents);
            Assert.All(scratch.Values, v => Assert.Equal(0, v));
        }
    }

    [Theory]
    [InlineData("Trade", "trade:L")]
    [InlineData("Border\nPost", "border:L post:L")]
    [InlineData("Côte d'Ivoire", "cote:L d ivoire")]
    [InlineData(" lead\n(x) y\nZ", "lead x y z:L")]
    [InlineData("Ivory Coast\nCôte-d’Ivoire", "ivory:L coast cote:L d ivoire")]
    [InlineData("习近平 ²squared", "习近平:L ²squared")]
    [InlineData("𠀀abc def", "𠀀abc:L def")]
    public void LineTokensAreTheTokensWithTheWordsThatStartALine(string text, string expected)
    {
        var tokens = SearchIndex.LineTokens(text);
        Assert.Equal(expected, string.Join(' ', tokens.Select(t => t.StartsALine ? t.Token + ":L" : t.Token)));
        Assert.Equal(SearchIndex.Tokens(text), tokens.Select(t => t.Token));
    }

    [Theory]
    [InlineData("trade", "trade", false)]
    [InlineData("trade board", "trade", true)]
    [InlineData("cote d'ivoire", "cote", true)]
    [InlineData("2024-05", "2024", true)]
    [InlineData("'trade", null, false)]
    [InlineData(" trade", null, false)]
    public void TheLeadingWordOfASearchText(string folded, string? word, bool exact)
    {
        var leading = SearchIndex.LeadingWord(folded);
        Assert.Equal(word, leading?.Word);
        Assert.Equal(exact, leading?.Exact ?? false);
    }

    [Fact]
    public void ALoneSurrogateAfterTheLeadingWordLeavesItAPrefix()
    {
        // Built here, not in an attribute: a lone surrogate does not survive an attribute's metadata. In a name the
        // surrogate may pair with the next character into a letter, continuing the word there.
        Assert.Equal(("ab", false), SearchIndex.LeadingWord("ab" + '\uD840'));
        Assert.Null(SearchIndex.LeadingWord('\uD840' + "ab"));
    }

    [Fact]
    public async Task EveryEntityWhoseSearchLineStartsWithTheTextIsMarked()
    {
        // The ranking reads the name bonus only for the marked documents: one missed would lose its +1 or +2. The
        // oracle is the bonus's own definition (a search line of the folded name and aliases starting with the text),
        // over many texts cut from the names and aliases at every length, tricky ones among them.
        Entity Country(string key, string name, string[] aliases) =>
            new("Country", key, name, aliases, null, new Dictionary<string, object?> { ["isoCode"] = key[^2..].ToUpperInvariant() }, []);
        var document = ScaleGenerator.Generate(1_000, seed: 11);
        document = document with
        {
            Entities =
            [
                .. document.Entities,
                Country("zz-ca", "Côte d'Ivoire", ["Ivory Coast", "Côte-d’Ivoire"]),
                Country("zz-cb", "Border\nPost", ["BORDER", "  spaced alias"]),
                Country("zz-cc", "ab𠀀cd Land", ["习近平", "Ⅻ twelve"]),
                Country("zz-cd", "Trade", ["Trade–Land", "trade, again"]),
            ],
        };
        var graph = await ReadModelGraph.BuildAsync(GraphElement.All(document).ToAsyncEnumerable(), Model, CancellationToken.None);
        var index = graph.Search;
        var documents = Enumerable.Range(0, index.Capacity).Select(n => (Number: n, index.Document(n).Lines)).ToList();

        var texts = new HashSet<string>(StringComparer.Ordinal) { "ab" + '\uD840', "ab𠀀", "trade–", "trade, a", "border", "ivory c", "cote-d", "(x)" };
        foreach (var line in documents.SelectMany(d => d.Lines.Split('\n', StringSplitOptions.RemoveEmptyEntries)))
        {
            for (var length = 1; length <= line.Length; length += 1 + (line.Length / 12))
            {
                texts.Add(line[..length].Trim());
            }

            texts.Add(line.Trim());
        }

        var checkedTexts = 0;
        foreach (var text in texts.Where(t => t.Length > 0 && !t.Contains('\n', StringComparison.Ordinal)))
        {
            if (SearchIndex.LeadingWord(text) is not { } leading)
            {
                continue;
            }

            // Every document a hit here: the marks are a property of the text's first word, whatever else it must match.
            var hits = Enumerable.Repeat(1, index.Capacity).ToArray();
            index.MarkLineStarts(leading.Word, leading.Exact, hits);
            var starting = documents.Where(d => d.Lines.Contains("\n" + text, StringComparison.Ordinal)).Select(d => d.Number).ToList();
            checkedTexts += starting.Count > 0 ? 1 : 0;
            Assert.All(starting, n => Assert.True(hits[n] < 0, $"\"{text}\": {documents[n].Lines.Replace('\n', '|')} not marked"));
            Assert.All(hits, v => Assert.True(v is 1 or int.MinValue + 1, "a mark kept the count in the other bits"));
        }

        Assert.True(checkedTexts > 1_000, $"only {checkedTexts} texts checked");
    }
}
