using TradeGraph.Core.Querying;

namespace TradeGraph.Core.Tests.Querying;

/// <summary>Every store searches for the same words: folded, split on non-letters, each once.</summary>
public sealed class SearchQueryTests
{
    [Fact]
    public void RepeatedWordsAreSearchedForOnce()
    {
        var query = new SearchQuery("Xí xi XI jinping, Jinping!", new PageRequest(First: 5));

        Assert.Equal(["xi", "jinping"], query.Words);
    }

    [Fact]
    public void FourThousandRepeatsAreOneWord()
    {
        var query = new SearchQuery(string.Join(' ', Enumerable.Repeat("a", 4_000)), new PageRequest(First: 1));

        Assert.Equal(["a"], query.Words);
    }

    [Fact]
    public void EqualityIsThatOfTheParameters()
    {
        Assert.Equal(new SearchQuery("trade talks", new PageRequest(First: 3)), new SearchQuery("trade talks", new PageRequest(First: 3)));
    }
}
