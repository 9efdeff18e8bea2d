using TradeGraph.Core.Graph;

namespace TradeGraph.Core.Tests.Graph;

/// <summary>The whole-graph rule: every relationship's ends and every cited source are entities of the document.</summary>
public sealed class DocumentReferencesTests
{
    private static readonly IReadOnlyDictionary<string, object?> None = new Dictionary<string, object?>();

    private static Entity Entity(string kind, string key, params string[] sources) =>
        new(kind, key, key, [], null, None, [.. sources.Select(s => new SourceReference(s, null))]);

    private static Relationship Relationship(string type, string from, string to, params string[] sources) =>
        new(type, from, to, None, [.. sources.Select(s => new SourceReference(s, "¶1"))]);

    [Fact]
    public void AClosedDocumentHasNothingDangling()
    {
        var document = new GraphDocument([Entity("Source", "s", "s"), Entity("Official", "xi", "s"), Entity("Country", "china")],
            [Relationship("REPRESENTS", "xi", "china", "s")]);

        Assert.Empty(DocumentReferences.Dangling(document));
    }

    [Fact]
    public void MissingEndsAndSourcesAreNamedWithTheFactThatNamesThem()
    {
        var document = new GraphDocument([Entity("Official", "xi", "gone-report")],
            [Relationship("REPRESENTS", "xi", "china", "memo"), Relationship("MEETS", "ghost", "xi")]);

        Assert.Equal(["entity 'xi': source 'gone-report'", "REPRESENTS(xi, china): to 'china'", "REPRESENTS(xi, china): source 'memo'",
            "MEETS(ghost, xi): from 'ghost'"], DocumentReferences.Dangling(document));
    }

    [Fact]
    public void TheListStopsAtTheLimit()
    {
        var document = new GraphDocument([], [.. Enumerable.Range(0, 1000).Select(i => Relationship("MEETS", $"a{i}", $"b{i}"))]);

        Assert.Equal(["MEETS(a0, b0): from 'a0'", "MEETS(a0, b0): to 'b0'", "MEETS(a1, b1): from 'a1'"], DocumentReferences.Dangling(document, limit: 3));
    }
}
