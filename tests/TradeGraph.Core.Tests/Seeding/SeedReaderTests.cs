using TradeGraph.Core.Model;
using TradeGraph.Core.Seeding;

namespace TradeGraph.Core.Tests.Seeding;

public sealed class SeedReaderTests
{
    private const string Source = """{ "kind": "Source", "key": "report", "name": "A report", "properties": { "publishedOn": "2025-10-23" }, "sources": [{ "source": "report", "locator": "¶0" }] }""";
    private const string China = """{ "kind": "Country", "key": "china", "name": "China", "properties": { "isoCode": "CN" }, "sources": [{ "source": "report", "locator": "¶1" }] }""";
    private const string Xi = """{ "kind": "Official", "key": "xi-jinping", "name": "Xi Jinping", "sources": [{ "source": "report", "locator": "¶3" }] }""";

    private readonly SeedReader _reader = new(TradeModel.Define());

    public static string SeedFolder => Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "seed"));

    [Fact]
    public void TheCuratedSeedIsValidAndCitesEveryFact()
    {
        var document = _reader.ReadDirectory(SeedFolder);

        Assert.True(document.Entities.Count >= 40, $"only {document.Entities.Count} entities");
        Assert.True(document.Relationships.Count >= 65, $"only {document.Relationships.Count} relationships");
        Assert.All(document.Entities, e => Assert.NotEmpty(e.Sources));
        Assert.All(document.Relationships, r => Assert.NotEmpty(r.Sources));
    }

    [Fact]
    public void TheSeedStatesTheReportsCoreFacts()
    {
        var document = _reader.ReadDirectory(SeedFolder);
        var keys = document.Entities.ToDictionary(e => e.Key);

        Assert.Equal(new DateOnly(2025, 10, 25), keys["kuala-lumpur-trade-talks"].Property("startsOn"));
        Assert.Contains(document.Relationships, r => r is { Type: "PARTICIPATES_IN", From: "he-lifeng", To: "kuala-lumpur-trade-talks" }
            && (string?)r.Property("role") == "DELEGATION_LEAD");
        Assert.Contains(document.Entities, e => e.Kind == "TradeMeasure" && (double?)e.Property("ratePercent") == 100d
            && (string?)e.Property("status") == "THREATENED");
    }

    [Fact]
    public void AcceptsAMinimalValidSeed()
    {
        var document = _reader.Read([("a.json", Entities(Source, China, Xi) + "")]);

        Assert.Equal(3, document.Entities.Count);
    }

    [Theory]
    [InlineData("""{ "kind": "Spy", "key": "x", "name": "X", "sources": [{ "source": "report" }] }""", "unknown kind 'Spy'")]
    [InlineData("""{ "kind": "Official", "key": "x", "name": "X", "properties": { "shoeSize": 9 }, "sources": [{ "source": "report" }] }""", "unknown property 'shoeSize'")]
    [InlineData("""{ "kind": "Meeting", "key": "x", "name": "X", "properties": { "startsOn": "2025-02-30" }, "sources": [{ "source": "report" }] }""", "'2025-02-30' is not a date")]
    [InlineData("""{ "kind": "Meeting", "key": "x", "name": "X", "properties": { "status": "MAYBE" }, "sources": [{ "source": "report" }] }""", "'MAYBE' is not a value of EventStatus")]
    [InlineData("""{ "kind": "Country", "key": "x", "name": "X", "sources": [{ "source": "report" }] }""", "missing required property 'isoCode'")]
    [InlineData("""{ "kind": "Official", "key": "Not A Slug", "name": "X", "sources": [{ "source": "report" }] }""", "must be a lowercase slug")]
    [InlineData("""{ "kind": "Official", "key": "x", "name": "X" }""", "must cite at least one source")]
    [InlineData("""{ "kind": "Official", "key": "x", "name": "X", "sources": [{ "source": "nowhere" }] }""", "cites unknown source 'nowhere'")]
    [InlineData("""{ "kind": "Official", "key": "x", "name": "X", "sources": [{ "source": "china" }] }""", "which is a Country, not a Source")]
    [InlineData("""{ "kind": "Official", "key": "china", "name": "X", "sources": [{ "source": "report" }] }""", "duplicate key 'china'")]
    [InlineData("""{ "kind": "Official", "key": "x", "name": "X", "hobby": "golf", "sources": [{ "source": "report" }] }""", "unknown field 'hobby'")]
    public void RejectsABadEntityNamingTheFileAndItem(string entity, string reason)
    {
        var error = Assert.Throws<SeedValidationException>(() => _reader.Read([("base.json", Entities(Source, China)), ("bad.json", Entities(entity))]));

        var problem = Assert.Single(error.Errors);
        Assert.Equal("bad.json", problem.File);
        Assert.StartsWith("entities[0]", problem.Item, StringComparison.Ordinal);
        Assert.Contains(reason, problem.Reason, StringComparison.Ordinal);
        Assert.Contains("bad.json: entities[0]", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "type": "REPRESENTS", "from": "xi-jinping", "to": "atlantis", "sources": [{ "source": "report" }] }""", "unknown key 'atlantis'")]
    [InlineData("""{ "type": "REPRESENTS", "from": "xi-jinping", "to": "xi-jinping", "sources": [{ "source": "report" }] }""", "'xi-jinping' is a Official, but REPRESENTS needs a Country")]
    [InlineData("""{ "type": "BEFRIENDS", "from": "xi-jinping", "to": "china", "sources": [{ "source": "report" }] }""", "unknown relationship type 'BEFRIENDS'")]
    [InlineData("""{ "type": "REPRESENTS", "from": "xi-jinping", "to": "china", "properties": { "since": "2013-03-14" }, "sources": [{ "source": "report" }] }""", "unknown property 'since'")]
    public void RejectsABadRelationship(string relationship, string reason)
    {
        var error = Assert.Throws<SeedValidationException>(() => _reader.Read([("base.json", Entities(Source, China, Xi)), ("bad.json", $$"""{ "relationships": [{{relationship}}] }""")]));

        var problem = Assert.Single(error.Errors);
        Assert.Equal("bad.json", problem.File);
        Assert.StartsWith("relationships[0]", problem.Item, StringComparison.Ordinal);
        Assert.Contains(reason, problem.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void RejectsASecondValueForASingleValuedEnd()
    {
        const string Us = """{ "kind": "Country", "key": "united-states", "name": "United States", "properties": { "isoCode": "US" }, "sources": [{ "source": "report" }] }""";
        const string Relationships = """
            { "relationships": [
              { "type": "REPRESENTS", "from": "xi-jinping", "to": "china", "sources": [{ "source": "report" }] },
              { "type": "REPRESENTS", "from": "xi-jinping", "to": "united-states", "sources": [{ "source": "report" }] } ] }
            """;

        var error = Assert.Throws<SeedValidationException>(() => _reader.Read([("a.json", Entities(Source, China, Us, Xi)), ("b.json", Relationships)]));

        Assert.Contains("already has a REPRESENTS relationship", Assert.Single(error.Errors).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ReportsInvalidJsonWithItsLine()
    {
        var error = Assert.Throws<SeedValidationException>(() => _reader.Read([("broken.json", "{\n  \"entities\": [\n    { oops }\n  ]\n}")]));

        var problem = Assert.Single(error.Errors);
        Assert.Equal("broken.json", problem.File);
        Assert.Equal("line 3", problem.Item);
    }

    private static string Entities(params string[] entities) => $$"""{ "entities": [{{string.Join(",", entities)}}] }""";
}
