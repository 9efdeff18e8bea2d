using System.Text.Json;
using TradeGraph.Core.Exchange;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;
using TradeGraph.Core.Seeding;
using TradeGraph.Core.Tests.Seeding;

namespace TradeGraph.Core.Tests.Exchange;

public sealed class SeedWriterTests
{
    private static readonly GraphModel Model = TradeModel.Define();

    [Fact]
    public async Task TheCuratedSeedRoundTripsThroughSeedReader()
    {
        var writer = new SeedWriter(Model);

        var text = await writer.WriteToStringAsync(ExchangeFixtures.Seed, CancellationToken.None);
        var read = new SeedReader(Model).Read([("export.json", text)]);

        ExchangeFixtures.AssertSameDocument(ExchangeFixtures.Seed, read);
        Assert.Equal(text, await writer.WriteToStringAsync(read, CancellationToken.None));
    }

    [Fact]
    public async Task WritesEachSeedFileExactlyAsItIsLaidOut()
    {
        var writer = new SeedWriter(Model);
        var files = Directory.GetFiles(SeedReaderTests.SeedFolder, "*.json").Order(StringComparer.Ordinal).ToList();
        int entities = 0, relationships = 0;

        foreach (var file in files)
        {
            // The reader keeps file order, so each file is a run of the whole seed's entities and relationships.
            var original = await File.ReadAllTextAsync(file);
            using var json = JsonDocument.Parse(original);
            var entityCount = json.RootElement.GetProperty("entities").GetArrayLength();
            var relationshipCount = json.RootElement.GetProperty("relationships").GetArrayLength();
            var slice = new GraphDocument(
                [.. ExchangeFixtures.Seed.Entities.Skip(entities).Take(entityCount)],
                [.. ExchangeFixtures.Seed.Relationships.Skip(relationships).Take(relationshipCount)]);
            entities += entityCount;
            relationships += relationshipCount;

            Assert.Equal(original, await writer.WriteToStringAsync(slice, CancellationToken.None));
        }

        Assert.Equal(5, files.Count);
        Assert.Equal(ExchangeFixtures.Seed.Entities.Count, entities);
    }

    [Fact]
    public async Task KeepsAwkwardStringsAndEveryPropertyTypeAcrossARoundTrip()
    {
        var writer = new SeedWriter(ExchangeFixtures.TinyModel);

        var text = await writer.WriteToStringAsync(ExchangeFixtures.Tiny, CancellationToken.None);
        var read = new SeedReader(ExchangeFixtures.TinyModel).Read([("tiny.json", text)]);

        ExchangeFixtures.AssertSameDocument(ExchangeFixtures.Tiny, read);
        Assert.Contains("\"name\": \"Memo – \\\"draft\\\"\"", text, StringComparison.Ordinal);
        Assert.Contains("<b>&amp;</b> ¶3", text, StringComparison.Ordinal);
        Assert.Contains("\"description\": \"Line one\\nline two\\r\\n\\ttabbed", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u00B6", text, StringComparison.OrdinalIgnoreCase);
        // Properties in declaration order, whatever order the map had; a null value is left out.
        Assert.Contains("""
                  "properties": {
                    "nickname": "Patty's",
                    "age": 42,
                    "height": 1.8,
                    "active": true,
                    "born": "1983-02-01",
                    "mood": "CROSS"
                  },
            """, text, StringComparison.Ordinal);
        Assert.Contains("\"properties\": {\n        \"height\": 2,\n        \"active\": false\n      }", text, StringComparison.Ordinal);
        // No description and no locator are left out rather than written as null.
        Assert.DoesNotContain("null", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StreamsALargeGraphInPieces()
    {
        var source = new SourceReference("memo", "¶1");
        var people = Enumerable.Range(0, 5000).Select(i => new Entity("Person", $"person-{i}", $"Person {i}", [$"P{i}"], "Somebody.",
            new Dictionary<string, object?> { ["age"] = (long)i }, [source]));
        var document = new GraphDocument([ExchangeFixtures.Tiny.Entities[0], .. people], []);
        var counting = new CountingWriter();

        await new SeedWriter(ExchangeFixtures.TinyModel).WriteAsync(document, counting, CancellationToken.None);

        Assert.True(counting.Writes > 10, $"{counting.Writes} writes");
        Assert.True(counting.Largest < 128 * 1024, $"a write of {counting.Largest} characters");
        Assert.Equal(5001, new SeedReader(ExchangeFixtures.TinyModel).Read([("big.json", counting.ToString())]).Entities.Count);
    }

    [Fact]
    public async Task RefusesWhatTheModelDoesNotDeclare()
    {
        var writer = new SeedWriter(Model);
        var cite = new[] { new SourceReference("memo", "¶1") };

        var kind = await Assert.ThrowsAsync<InvalidOperationException>(() => writer.WriteToStringAsync(
            new GraphDocument([new Entity("Spy", "x", "X", [], null, PropertyValues.EmptyProperties, cite)], []), CancellationToken.None));
        var property = await Assert.ThrowsAsync<InvalidOperationException>(() => writer.WriteToStringAsync(
            new GraphDocument([new Entity("Official", "x", "X", [], null, new Dictionary<string, object?> { ["shoeSize"] = 9L }, cite)], []), CancellationToken.None));

        Assert.Contains("'Spy'", kind.Message, StringComparison.Ordinal);
        Assert.Contains("'shoeSize'", property.Message, StringComparison.Ordinal);
    }
}

/// <summary>A string writer that counts the pieces it is handed.</summary>
internal sealed class CountingWriter() : StringWriter(System.Globalization.CultureInfo.InvariantCulture)
{
    public int Writes { get; private set; }

    public int Largest { get; private set; }

    public override Task WriteAsync(ReadOnlyMemory<char> buffer, CancellationToken cancellationToken = default)
    {
        Writes++;
        Largest = Math.Max(Largest, buffer.Length);
        return base.WriteAsync(buffer, cancellationToken);
    }
}
