using System.Globalization;
using System.Xml.Linq;
using TradeGraph.Core.Exchange;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;

namespace TradeGraph.Core.Tests.Exchange;

public sealed class GraphMLWriterTests
{
    private static readonly XNamespace G = GraphMLWriter.Namespace;

    [Fact]
    public async Task TheSeedBecomesADirectedGraphWithANodePerEntityAndAnEdgePerRelationship()
    {
        var seed = ExchangeFixtures.Seed;

        var xml = XDocument.Parse(await new GraphMLWriter(TradeModel.Define()).WriteToStringAsync(seed, CancellationToken.None));

        var graph = xml.Root!.Element(G + "graph")!;
        Assert.Equal("directed", (string?)graph.Attribute("edgedefault"));
        Assert.Equal(seed.Entities.Select(e => e.Key), graph.Elements(G + "node").Select(n => (string?)n.Attribute("id")));
        Assert.Equal(seed.Relationships.Select(r => (r.From, r.To)),
            graph.Elements(G + "edge").Select(e => ((string)e.Attribute("source")!, (string)e.Attribute("target")!)));
        Assert.Equal(Enumerable.Range(0, seed.Relationships.Count).Select(i => $"e{i}"), graph.Elements(G + "edge").Select(e => (string?)e.Attribute("id")));
    }

    [Fact]
    public async Task DeclaresKeysWithTheirTypesAndWritesTheValues()
    {
        var seed = ExchangeFixtures.Seed;

        var xml = XDocument.Parse(await new GraphMLWriter(TradeModel.Define()).WriteToStringAsync(seed, CancellationToken.None));

        var keys = Keys(xml);
        Assert.All(keys.Values, k => Assert.Contains(k.Type, new[] { "string", "long", "double", "boolean" }));
        Assert.Equal(keys.Count, keys.Values.Select(k => (k.For, k.Name)).Distinct().Count());
        Assert.Equal("long", keys.Values.Single(k => k is { For: "node", Name: "round" }).Type);
        Assert.Equal("double", keys.Values.Single(k => k is { For: "node", Name: "ratePercent" }).Type);
        Assert.Equal("string", keys.Values.Single(k => k is { For: "node", Name: "startsOn" }).Type);
        Assert.Equal("long", keys.Values.Single(k => k is { For: "edge", Name: "order" }).Type);
        // The node's kind and TradeMeasure's own "kind" property cannot share a name.
        Assert.Single(keys.Values, k => k is { For: "node", Name: "kind" });
        Assert.Single(keys.Values, k => k is { For: "node", Name: "TradeMeasure.kind" });

        var china = Data(xml, keys, "node", "china");
        Assert.Equal("Country", china["kind"]);
        Assert.Equal("CN", china["isoCode"]);
        Assert.Equal(string.Join("; ", seed.Entities.Single(e => e.Key == "china").Aliases), china["aliases"]);
        Assert.StartsWith("report-2025-10-23-us-china-kl-talks ¶", china["sources"], StringComparison.Ordinal);
        var tariff = Data(xml, keys, "node", "us-additional-100-percent-tariff-on-china");
        Assert.Equal(100d, double.Parse(tariff["ratePercent"], CultureInfo.InvariantCulture));
        Assert.Equal("TARIFF", tariff["TradeMeasure.kind"]);
        Assert.Equal("TradeMeasure", tariff["kind"]);
        var talks = Data(xml, keys, "node", "kuala-lumpur-trade-talks");
        Assert.Equal("2025-10-25", talks["startsOn"]);
        Assert.Equal("5", talks["round"]);
        var lead = xml.Descendants(G + "edge").Single(e => (string?)e.Attribute("source") == "he-lifeng" && (string?)e.Attribute("target") == "kuala-lumpur-trade-talks");
        var edge = DataOf(lead, keys);
        Assert.Equal("PARTICIPATES_IN", edge["type"]);
        Assert.Equal("PARTICIPATES_IN", edge["label"]);
        Assert.Equal("DELEGATION_LEAD", edge["role"]);
    }

    [Fact]
    public async Task EscapesMarkupAndKeepsAwkwardTextAndEveryPropertyType()
    {
        var tiny = ExchangeFixtures.Tiny;

        var text = await new GraphMLWriter(ExchangeFixtures.TinyModel).WriteToStringAsync(tiny, CancellationToken.None);
        var xml = XDocument.Parse(text);

        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>", text, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;&amp;amp;&lt;/b&gt;", text, StringComparison.Ordinal);
        var keys = Keys(xml);
        var patrick = Data(xml, keys, "node", "o-brien");
        Assert.Equal(tiny.Entities[1].Description, patrick["description"]);
        Assert.Equal("Pat; P. \"the Back\\slash\" O'B", patrick["aliases"]);
        Assert.Equal("Memo – \"draft\"", Data(xml, keys, "node", "memo")["name"]);
        Assert.Equal("true", patrick["active"]);
        Assert.Equal("1983-02-01", patrick["born"]);
        Assert.Equal("CROSS", patrick["mood"]);
        Assert.Equal("memo ¶1; memo ¶12", patrick["sources"]);
        Assert.Equal("memo", Data(xml, keys, "node", "summit")["sources"]);
        Assert.Equal("boolean", keys.Values.Single(k => k is { For: "node", Name: "active" }).Type);
        Assert.Equal("boolean", keys.Values.Single(k => k is { For: "edge", Name: "owner" }).Type);
        Assert.Equal("string", keys.Values.Single(k => k is { For: "node", Name: "mood" }).Type);
        // Person.height is a float and Place.height an int: two attributes, each named after its kind.
        Assert.DoesNotContain(keys.Values, k => k is { For: "node", Name: "height" });
        Assert.Equal("double", keys.Values.Single(k => k.Name == "Person.height").Type);
        Assert.Equal("long", keys.Values.Single(k => k.Name == "Place.height").Type);
        Assert.Equal(1.8, double.Parse(patrick["Person.height"], CultureInfo.InvariantCulture));
        Assert.Equal("8849", Data(xml, keys, "node", "summit")["Place.height"]);
        Assert.False(Data(xml, keys, "node", "memo").ContainsKey("description"));
        var knows = DataOf(xml.Descendants(G + "edge").First(e => (string?)e.Attribute("target") == "ada"), keys);
        Assert.Equal("0.25", knows["trust"]);
        // Decision 0018: the inferred citation is also listed, with its note; a fact cited only by statements has none.
        Assert.Equal("memo ¶5; memo ¶6", knows["sources"]);
        Assert.Equal("memo ¶6: \"Old friends\"; 'calm' is our reading", knows["inferences"]);
        Assert.False(patrick.ContainsKey("inferences"));
    }

    [Fact]
    public async Task ReplacesCharactersXmlCannotCarry()
    {
        var memo = ExchangeFixtures.Tiny.Entities[0];
        var document = new GraphDocument([memo with { Name = "bell\u0007 and lone \ud800 but 😀 stays" }], []);

        var xml = XDocument.Parse(await new GraphMLWriter(ExchangeFixtures.TinyModel).WriteToStringAsync(document, CancellationToken.None));

        Assert.Equal("bell\uFFFD and lone \uFFFD but 😀 stays", Data(xml, Keys(xml), "node", "memo")["name"]);
    }

    private static Dictionary<string, (string For, string Name, string Type)> Keys(XDocument xml) =>
        xml.Root!.Elements(G + "key").ToDictionary(
            k => (string)k.Attribute("id")!,
            k => ((string)k.Attribute("for")!, (string)k.Attribute("attr.name")!, (string)k.Attribute("attr.type")!));

    private static Dictionary<string, string> Data(XDocument xml, Dictionary<string, (string For, string Name, string Type)> keys, string element, string id) =>
        DataOf(xml.Descendants(G + element).Single(n => (string?)n.Attribute("id") == id), keys);

    private static Dictionary<string, string> DataOf(XElement element, Dictionary<string, (string For, string Name, string Type)> keys) =>
        element.Elements(G + "data").ToDictionary(d => keys[(string)d.Attribute("key")!].Name, d => d.Value);
}
