using TradeGraph.Storage.Neo4j.Cypher;

namespace TradeGraph.Storage.Tests.Neo4j;

/// <summary>
/// O1: where a value is missing, the Neo4j store orders as SQLite orders NULL — first ascending, last descending — in the
/// two reads whose ORDER BY once left it to Cypher (nulls last ascending, first descending): history's sequence within a
/// revision (records from before sequences were kept have none) and the substring search's name (a node written by other
/// means may lack one). The fake executes each statement's ORDER BY as written; the goldens pin the text.
/// </summary>
public sealed class Neo4jNullOrderTests
{
    [Fact]
    public async Task AHistoryRecordWithoutSequenceComesLastInItsRevisionAsSqliteOrdersNullDescending()
    {
        var (fake, store) = await Neo4jFixtures.LoadedAsync(Neo4jFixtures.Tiny);
        foreach (var seq in new long?[] { 0, null, 1 })
        {
            var record = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["fact"] = "ada-envoy", ["revision"] = 7L, ["at"] = "2025-10-27T09:30:00.0000000+00:00", ["actor"] = $"seq {seq?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}",
                ["change"] = "Updated", ["changes"] = "[]", ["sourceKeys"] = Array.Empty<string>(), ["sourceLocators"] = Array.Empty<string>(),
                ["sourceNotes"] = Array.Empty<string>(), ["editorial"] = true,
            };
            if (seq is not null)
            {
                record["seq"] = seq;
            }

            fake.History.Add(record);
        }

        var history = await store.GetHistoryAsync(["ada-envoy"], CancellationToken.None);

        Assert.Equal(["seq 1", "seq 0", "seq none"], history["ada-envoy"].Where(r => r.Number == 7).Select(r => r.Actor));
    }

    [Fact]
    public async Task ANodeWithoutNameComesFirstAmongEqualScoresAsSqliteOrdersNullAscending()
    {
        var (fake, store) = await Neo4jFixtures.LoadedAsync(Neo4jFixtures.Tiny);
        fake.AllNodes.Add(new FakeNode(10_000, ["Official", CypherNames.EntityLabel], new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["key"] = "zz-nameless", ["aliases"] = new[] { "Ada" },
        }));

        var hits = await store.SearchAsync("ada", 5, CancellationToken.None);

        // Both have the alias "Ada" (score 4): the missing name first, then "Ada Envoy".
        Assert.Equal(["zz-nameless", "ada-envoy"], hits.Select(h => h.Entity.Key));
    }
}
