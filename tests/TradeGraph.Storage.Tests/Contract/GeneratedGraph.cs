using TradeGraph.Core.Graph;

namespace TradeGraph.Storage.Tests.Contract;

/// <summary>A deterministic synthetic graph for property tests: meetings with many ties and nulls to sort on.</summary>
internal static class GeneratedGraph
{
    public static GraphDocument Meetings(int count, int seed, string source)
    {
        var random = new Random(seed);
        var cite = new[] { new SourceReference(source, "¶1") };
        var entities = new List<Entity>();
        var relationships = new List<Relationship>();
        var countries = Enumerable.Range(0, 5).Select(i => $"gen-country-{i}").ToList();
        var officials = Enumerable.Range(0, 20).Select(i => $"gen-official-{i:D2}").ToList();
        entities.AddRange(countries.Select((key, i) => new Entity("Country", key, $"Land {(char)('E' - i)}", [], null,
            new Dictionary<string, object?> { ["isoCode"] = $"Z{i}" }, cite)));
        entities.AddRange(officials.Select(key => new Entity("Official", key, "Official " + key[^2..], [], null, new Dictionary<string, object?>(), cite)));

        for (var i = 0; i < count; i++)
        {
            var key = $"gen-meeting-{i:D4}";
            var properties = new Dictionary<string, object?>();
            if (random.Next(4) > 0)
            {
                properties["startsOn"] = new DateOnly(2025, 1, 1).AddDays(random.Next(30));
            }

            if (random.Next(3) > 0)
            {
                properties["round"] = (long)random.Next(1, 4);
            }

            entities.Add(new Entity("Meeting", key, $"Meeting {random.Next(10)}", [], null, properties, cite));
            if (random.Next(5) > 0)
            {
                relationships.Add(new Relationship("TAKES_PLACE_IN", key, countries[random.Next(countries.Count)], new Dictionary<string, object?>(), cite));
            }

            foreach (var official in officials.OrderBy(_ => random.Next()).Take(random.Next(4)))
            {
                relationships.Add(new Relationship("PARTICIPATES_IN", official, key, new Dictionary<string, object?>(), cite));
            }
        }

        return new GraphDocument(entities, relationships);
    }
}
