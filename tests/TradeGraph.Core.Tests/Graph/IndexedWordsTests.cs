using TradeGraph.Core.Graph;

namespace TradeGraph.Core.Tests.Graph;

/// <summary>
/// The text a whitespace-splitting full-text index is given (the Neo4j store's search words) is the query's own words,
/// space-joined: splitting it at spaces gives back exactly TextFolding.Words of the texts, stop words and all.
/// </summary>
public sealed class IndexedWordsTests
{
    [Theory]
    [InlineData("Bank of China", "bank of china")]
    [InlineData("Conan O'Brien", "conan o brien")]
    [InlineData("Office of the U.S. Trade Representative", "office of the u s trade representative")]
    [InlineData("People's 1,000 Straße Søren Łódź Xí", "people s 1 000 straße søren łodz xi")]
    [InlineData("  —  ", null)]
    public void AreTheFoldedWordsOneSpaceApart(string text, string? expected) =>
        Assert.Equal(expected, TextFolding.IndexedWords([text]));

    [Fact]
    public void SplitAtSpacesTheyAreTheWordsASearchAsksFor()
    {
        string?[] texts = ["Trump–Xi pull-aside", null, "Ἀτλαντίς", "d'Alembert's U.S.A."];

        var indexed = TextFolding.IndexedWords(texts)!;

        Assert.Equal(texts.OfType<string>().SelectMany(TextFolding.Words), indexed.Split(' '));
    }
}
