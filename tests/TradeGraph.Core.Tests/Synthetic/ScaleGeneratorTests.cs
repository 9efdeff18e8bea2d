using System.Text.RegularExpressions;
using TradeGraph.Core.Exchange;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;
using TradeGraph.Core.Seeding;
using TradeGraph.Core.Synthetic;
using TradeGraph.Core.Writing;

namespace TradeGraph.Core.Tests.Synthetic;

public sealed partial class ScaleGeneratorTests
{
    private static readonly GraphModel Model = TradeModel.Define();

    // One 20,000-relationship graph shared by the shape checks (generated once, well under a second).
    private static readonly Lazy<GraphDocument> Large = new(() => ScaleGenerator.Generate(20_000, seed: 42));

    private static readonly string[] Prefixes =
        ["source", "country", "official", "organization", "place", "commodity", "topic", "meeting", "trade-measure", "trip"];

    [Fact]
    public async Task TheSameSeedGivesTheSameBytesAndAnotherSeedOtherBytes()
    {
        var first = await SeedJsonAsync(ScaleGenerator.Generate(3_000, seed: 7));
        var again = await SeedJsonAsync(ScaleGenerator.Generate(3_000, seed: 7));
        var other = await SeedJsonAsync(ScaleGenerator.Generate(3_000, seed: 8));

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Theory]
    [InlineData(1_000)]
    [InlineData(1_001)]
    [InlineData(4_321)]
    [InlineData(20_000)]
    public void TheGraphHasExactlyTheRelationshipsAskedFor(int relationships)
    {
        var document = relationships == 20_000 ? Large.Value : ScaleGenerator.Generate(relationships, seed: relationships);

        Assert.Equal(relationships, document.Relationships.Count);
    }

    [Theory]
    [InlineData(999)]
    [InlineData(10_000_001)]
    public void SizesOutsideTheRangeAreRefused(int relationships) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ScaleGenerator.Generate(relationships));

    [Theory]
    [InlineData(1_000, 3)]
    [InlineData(20_000, 42)]
    public async Task TheSeedReaderAcceptsTheWholeGraphWithEverySourceCited(int relationships, long seed)
    {
        var document = relationships == 20_000 ? Large.Value : ScaleGenerator.Generate(relationships, seed);

        // requireSources: true, as for the curated seed: every entity and relationship must cite a source.
        var read = new SeedReader(Model).Read([("generated.json", await SeedJsonAsync(document))]);

        Assert.Equal(document.Entities.Count, read.Entities.Count);
        Assert.Equal(document.Relationships.Count, read.Relationships.Count);
        Assert.All(document.Entities.SelectMany(e => e.Sources).Concat(document.Relationships.SelectMany(r => r.Sources)),
            s => Assert.Matches(Locator(), s.Locator!));
    }

    [Fact]
    public void TheWriteValidatorAcceptsEveryFactAsAWrite()
    {
        var document = Large.Value;
        var writes = new List<GraphWrite>();
        writes.AddRange(document.Entities.Select(e => new CreateEntity(e, Upsert: false, new HashSet<string>())));
        writes.AddRange(document.Relationships.Select(r => new Connect(r, new HashSet<string>())));

        Assert.Empty(WriteValidator.Validate(Model, new WriteBatch(writes, "test")));
    }

    [Fact]
    public void KeysAreKindAndRankFromOneAndRankOneIsTheMostConnected()
    {
        var document = Large.Value;
        foreach (var group in document.Entities.GroupBy(e => e.Kind))
        {
            var prefix = Prefixes.Single(p => Regex.Replace(group.Key, "(?<=[a-z])([A-Z])", "-$1").Equals(p, StringComparison.OrdinalIgnoreCase));
            // Listed in rank order: official-1, official-2, … with no gap and no padding.
            Assert.Equal(Enumerable.Range(1, group.Count()).Select(n => $"{prefix}-{n}"), group.Select(e => e.Key));
        }

        var meetingsOf = Count(document.Relationships.Where(r => r.Type == "PARTICIPATES_IN").Select(r => r.From));
        var busiest = meetingsOf.Values.Max();
        Assert.Equal(busiest, meetingsOf["official-1"]);
        Assert.True(meetingsOf["official-1"] >= meetingsOf["official-2"]);

        var degree = Count(document.Relationships.SelectMany(r => new[] { r.From, r.To }));
        foreach (var kind in new[] { "Country", "Meeting", "Commodity", "TradeMeasure" })
        {
            var keys = document.Entities.Where(e => e.Kind == kind).Select(e => e.Key).ToList();
            Assert.Equal(keys.Max(k => degree.GetValueOrDefault(k)), degree[keys[0]]);
        }
    }

    [Fact]
    public void ParticipationIsHeavyTailedAndEveryMeetingHasSeveralParticipantsAHostAndAPlace()
    {
        var document = Large.Value;
        var meetingsOf = Count(document.Relationships.Where(r => r.Type == "PARTICIPATES_IN").Select(r => r.From));
        var perOfficial = document.Entities.Where(e => e.Kind == "Official").Select(e => meetingsOf.GetValueOrDefault(e.Key)).Order().ToArray();
        var median = perOfficial[perOfficial.Length / 2];

        Assert.InRange(median, 1, 5);
        Assert.True(perOfficial[^1] >= 10 * median, $"max {perOfficial[^1]} against median {median}");

        var meetings = document.Entities.Where(e => e.Kind == "Meeting").Select(e => e.Key).ToList();
        var participants = Count(document.Relationships.Where(r => r.Type == "PARTICIPATES_IN").Select(r => r.To));
        Assert.All(meetings, m => Assert.True(participants.GetValueOrDefault(m) >= 2, m));
        foreach (var type in new[] { "TAKES_PLACE_IN", "HELD_IN" })
        {
            Assert.Equal(meetings.Order(StringComparer.Ordinal), document.Relationships.Where(r => r.Type == type).Select(r => r.From).Order(StringComparer.Ordinal));
        }

        Assert.True(document.Relationships.Count(r => r.Type == "HAS_PARTY") >= 2 * meetings.Count);
    }

    [Fact]
    public void EveryRelationshipTypeOfTheModelButMentionsOccurs()
    {
        var types = Large.Value.Relationships.Select(r => r.Type).ToHashSet();

        Assert.Equal(Model.RelationshipTypes.Select(t => t.Name).Where(t => t != "MENTIONS").Order(), types.Order());
    }

    [Fact]
    public void NamesFormatsAndDatesLookLikeTheSeed()
    {
        var document = Large.Value;
        var entities = document.Entities;

        Assert.Contains(entities, e => e.Kind == "Commodity" && e.Name == "Soybeans");
        Assert.InRange(entities.Count(e => e.Kind == "Country"), 12, 200);
        Assert.Equal(entities.Count(e => e.Kind == "Country"), entities.Where(e => e.Kind == "Country").Select(e => e.Property("isoCode")).Distinct().Count());
        // A common name part finds several officials, as a search would.
        Assert.True(entities.Count(e => e.Kind == "Official" && TextFolding.Words(e.Name).Contains("chen")) >= 5);
        Assert.True(entities.Where(e => e.Kind == "Official").Select(e => e.Name).Distinct().Count() > entities.Count(e => e.Kind == "Official") * 0.8);

        var meetings = entities.Where(e => e.Kind == "Meeting").ToList();
        var formats = meetings.GroupBy(m => (string)m.Property("format")!).OrderByDescending(g => g.Count()).Select(g => g.Key).ToList();
        Assert.Equal("TRADE_TALKS", formats[0]);
        Assert.Equal(Model.Enum("MeetingFormat").Values.Order(), formats.Order());
        var years = meetings.Select(m => ((DateOnly)m.Property("startsOn")!).Year).ToHashSet();
        Assert.Equal(Enumerable.Range(2015, 11), years.Order());
        Assert.All(meetings, m => Assert.True((DateOnly)m.Property("endsOn")! >= (DateOnly)m.Property("startsOn")!));
    }

    private static Dictionary<string, int> Count(IEnumerable<string> keys)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        return counts;
    }

    private static Task<string> SeedJsonAsync(GraphDocument document) => new SeedWriter(Model).WriteToStringAsync(document, CancellationToken.None);

    [GeneratedRegex("^¶[0-9]+$")]
    private static partial Regex Locator();
}
