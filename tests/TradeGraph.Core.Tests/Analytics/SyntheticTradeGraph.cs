using TradeGraph.Core.Graph;

namespace TradeGraph.Core.Tests.Analytics;

/// <summary>
/// A deterministic trade-shaped graph of exactly the number of relationships asked for, for scale tests and the
/// analytics benchmark (bench/TradeGraph.AnalyticsBenchmark): 200 countries, 400 commodities, one official per 8
/// relationships (each representing a country), one dated meeting per 16 (two countries as sides, one to three
/// commodities), and officials taking part in meetings, mostly meetings their own country is a side in, so the graph
/// has communities; a few officials influence others. Relationships carry an integer "weight" of 1 to 5.
/// </summary>
public static class SyntheticTradeGraph
{
    public static GraphDocument Generate(int relationships, int seed = 20251025)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(relationships, 100);
        var random = new Random(seed);
        var countries = Keys("country", 200);
        var commodities = Keys("commodity", 400);
        var officials = Keys("official", relationships / 8);
        var meetings = Keys("meeting", relationships / 16);
        var entities = new List<Entity>();
        entities.AddRange(countries.Select(k => Entity("Country", k)));
        entities.AddRange(commodities.Select(k => Entity("Commodity", k)));
        entities.AddRange(officials.Select(k => Entity("Official", k)));
        var first = new DateOnly(2020, 1, 1);
        entities.AddRange(meetings.Select(k =>
        {
            var starts = first.AddDays(random.Next(6 * 365));
            return Entity("Meeting", k, new Dictionary<string, object?> { ["startsOn"] = starts, ["endsOn"] = starts.AddDays(random.Next(3)) });
        }));

        var added = new HashSet<(string, string, string)>();
        var result = new List<Relationship>(relationships);
        void Add(string type, string from, string to)
        {
            if (result.Count < relationships && added.Add((type, from, to)))
            {
                result.Add(new Relationship(type, from, to, new Dictionary<string, object?> { ["weight"] = (long)(1 + random.Next(5)) }, []));
            }
        }

        var countryOf = officials.ToDictionary(o => o, _ => random.Next(countries.Length));
        var byCountry = officials.GroupBy(o => countryOf[o]).ToDictionary(g => g.Key, g => g.ToArray());
        foreach (var official in officials)
        {
            Add("REPRESENTS", official, countries[countryOf[official]]);
        }

        var sides = new int[meetings.Length][];
        for (var m = 0; m < meetings.Length; m++)
        {
            sides[m] = [random.Next(countries.Length), random.Next(countries.Length)];
            Add("HAS_PARTY", meetings[m], countries[sides[m][0]]);
            Add("HAS_PARTY", meetings[m], countries[sides[m][1]]);
            for (var c = random.Next(1, 4); c > 0; c--)
            {
                Add("DISCUSSES", meetings[m], commodities[random.Next(commodities.Length)]);
            }
        }

        for (var i = 0; i < officials.Length / 50; i++)
        {
            Add("HAS_INFLUENCE_ON", officials[random.Next(officials.Length)], officials[random.Next(officials.Length)]);
        }

        while (result.Count < relationships)
        {
            var m = random.Next(meetings.Length);
            var side = sides[m][random.Next(2)];
            var official = random.Next(10) < 8 && byCountry.TryGetValue(side, out var delegates)
                ? delegates[random.Next(delegates.Length)]
                : officials[random.Next(officials.Length)];
            Add("PARTICIPATES_IN", official, meetings[m]);
        }

        return new GraphDocument(entities, result);
    }

    private static string[] Keys(string prefix, int count) => [.. Enumerable.Range(0, count).Select(i => $"{prefix}-{i:D6}")];

    private static Entity Entity(string kind, string key, IReadOnlyDictionary<string, object?>? properties = null) =>
        new(kind, key, key, [], null, properties ?? PropertyValues.EmptyProperties, []);
}
