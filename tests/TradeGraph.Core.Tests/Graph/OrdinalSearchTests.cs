using TradeGraph.Core.Graph;

namespace TradeGraph.Core.Tests.Graph;

/// <summary>The direct ordinal search answers as <see cref="Array.BinarySearch{T}(T[], T, IComparer{T})"/> with the ordinal comparer does.</summary>
public sealed class OrdinalSearchTests
{
    [Fact]
    public void FindsEveryHeldKeyAndPlacesEveryOtherAsTheArraySearchDoes()
    {
        var random = new Random(13);
        string[] alphabet = ["a", "b", "official-", "meeting-", "-", "é", "Z", "ü", "1", "10", "\uD83D\uDE00"];
        for (var round = 0; round < 200; round++)
        {
            var keys = Enumerable.Range(0, random.Next(0, 60))
                .Select(_ => string.Concat(Enumerable.Range(0, random.Next(0, 4)).Select(_ => alphabet[random.Next(alphabet.Length)])))
                .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
            foreach (var key in keys)
            {
                Assert.Equal(Array.BinarySearch(keys, key, StringComparer.Ordinal), OrdinalSearch.IndexOf(keys, key));
            }

            for (var probe = 0; probe < 30; probe++)
            {
                var other = string.Concat(Enumerable.Range(0, random.Next(0, 5)).Select(_ => alphabet[random.Next(alphabet.Length)]));
                var expected = Array.BinarySearch(keys, other, StringComparer.Ordinal);
                Assert.Equal(expected, OrdinalSearch.IndexOf(keys, other));
            }
        }
    }

    [Fact]
    public void AnEmptyArrayPlacesEveryKeyFirst() => Assert.Equal(~0, OrdinalSearch.IndexOf([], "official-1"));
}
