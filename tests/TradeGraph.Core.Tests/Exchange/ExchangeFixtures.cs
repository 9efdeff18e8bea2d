using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;
using TradeGraph.Core.Seeding;
using TradeGraph.Core.Tests.Seeding;
using static TradeGraph.Core.Model.GraphModelBuilder;

namespace TradeGraph.Core.Tests.Exchange;

/// <summary>Graphs for the writer tests: the curated seed, and a tiny graph with every property type and awkward strings.</summary>
internal static class ExchangeFixtures
{
    private static readonly Lazy<GraphDocument> LazySeed = new(() => new SeedReader(TradeModel.Define()).ReadDirectory(SeedReaderTests.SeedFolder));

    public static GraphDocument Seed => LazySeed.Value;

    /// <summary>The trade model has no boolean property, so the tiny graph has its own model with one of each type.</summary>
    public static GraphModel TinyModel { get; } = new GraphModelBuilder()
        .Enum("Mood", "How someone feels.", "CALM", "CROSS")
        .Entity("Person", "people", "Someone.", p => p
            .String("nickname", "What friends say.")
            .Int("age", "Years.")
            .Float("height", "Metres.")
            .Boolean("active", "Still around.")
            .Date("born", "Birthday.")
            .Enum("mood", "Mood", "Today's mood."))
        .Entity("Place", "places", "Somewhere.", p => p.Int("height", "Metres above the sea."))
        .Entity(GraphModel.SourceKind, "sources", "A document.", p => p.Date("publishedOn", "Day of publication."), nameField: "title", isEntity: false)
        .Relationship("LIVES_IN", "Person", "Place", "Home.", One("home", "Home."), Many("residents", "Residents."), p => p
            .Date("since", "Moved in.")
            .Boolean("owner", "Owns it."))
        .Relationship("KNOWS", "Person", "Person", "Acquaintance.", Many("knows", "Knows."), Many("knownBy", "Known by."), p => p
            .Float("trust", "0 to 1.")
            .Enum("mood", "Mood", "Mood when they meet."))
        .Build();

    /// <summary>Quotes, a backslash, line breaks, a tab, XML specials, non-ASCII and an emoji; every property type; nulls left out.</summary>
    public static GraphDocument Tiny { get; } = new(
        [
            new Entity(GraphModel.SourceKind, "memo", "Memo – \"draft\"", [], null,
                new Dictionary<string, object?> { ["publishedOn"] = new DateOnly(2025, 10, 23) }, [new SourceReference("memo", null)]),
            new Entity("Person", "o-brien", "Pat O'Brien", ["Pat", "P. \"the Back\\slash\" O'B"], "Line one\nline two\r\n\ttabbed <b>&amp;</b> ¶3 😀",
                new Dictionary<string, object?>
                {
                    ["mood"] = "CROSS", ["nickname"] = "Patty's", ["age"] = 42L, ["height"] = 1.8, ["active"] = true, ["born"] = new DateOnly(1983, 2, 1),
                },
                [new SourceReference("memo", "¶1"), new SourceReference("memo", "¶12")]),
            new Entity("Person", "ada", "Ada", [], "", new Dictionary<string, object?> { ["height"] = 2d, ["active"] = false, ["age"] = null },
                [new SourceReference("memo", "¶2")]),
            new Entity("Place", "summit", "Summit `peak`", [], null, new Dictionary<string, object?> { ["height"] = 8849L },
                [new SourceReference("memo", "")]),
        ],
        [
            new Relationship("LIVES_IN", "o-brien", "summit", new Dictionary<string, object?> { ["since"] = new DateOnly(2020, 1, 31), ["owner"] = true },
                [new SourceReference("memo", "¶4")]),
            new Relationship("KNOWS", "o-brien", "ada", new Dictionary<string, object?> { ["trust"] = 0.25, ["mood"] = "CALM" },
                [new SourceReference("memo", "¶5"), new SourceReference("memo", "¶6", Inferred: true, Note: "\"Old friends\"; 'calm' is our reading")]),
            new Relationship("KNOWS", "ada", "o-brien", PropertyValues.EmptyProperties, [new SourceReference("memo", "¶5")]),
        ]);

    /// <summary>Same facts in the same order; property maps compared without their null entries.</summary>
    public static void AssertSameDocument(GraphDocument expected, GraphDocument actual)
    {
        Assert.Equal(expected.Entities.Count, actual.Entities.Count);
        Assert.Equal(expected.Relationships.Count, actual.Relationships.Count);
        foreach (var (e, a) in expected.Entities.Zip(actual.Entities))
        {
            Assert.Equal((e.Kind, e.Key, e.Name, e.Description), (a.Kind, a.Key, a.Name, a.Description));
            Assert.Equal(e.Aliases, a.Aliases);
            Assert.Equal(Present(e.Properties), Present(a.Properties));
            Assert.Equal(e.Sources, a.Sources);
        }

        foreach (var (e, a) in expected.Relationships.Zip(actual.Relationships))
        {
            Assert.Equal((e.Type, e.From, e.To), (a.Type, a.From, a.To));
            Assert.Equal(Present(e.Properties), Present(a.Properties));
            Assert.Equal(e.Sources, a.Sources);
        }
    }

    private static List<KeyValuePair<string, object?>> Present(IReadOnlyDictionary<string, object?> properties) =>
        [.. properties.Where(p => p.Value is not null).OrderBy(p => p.Key, StringComparer.Ordinal)];
}
