using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;
using TradeGraph.Core.Seeding;
using TradeGraph.Storage.Neo4j;

namespace TradeGraph.Storage.Tests.Neo4j;

/// <summary>The model, the curated seed, a tiny document with every value type, and a Neo4j store on the fake at a fixed time.</summary>
internal static class Neo4jFixtures
{
    public const string Report = "report-2025-10-23-us-china-kl-talks";

    public static GraphModel Model { get; } = TradeModel.Define();

    private static readonly Lazy<GraphDocument> LazySeed = new(() => new SeedReader(Model).ReadDirectory(
        Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "seed"))));

    /// <summary>When every write of these tests happens, so transcripts are the same on every run.</summary>
    public static DateTimeOffset At { get; } = new(2025, 10, 27, 9, 30, 0, TimeSpan.Zero);

    public static GraphDocument Seed => LazySeed.Value;

    public static Neo4jGraphStore Store(FakeNeo4j fake) => new(fake, Model) { Clock = new FixedClock(At) };

    /// <summary>
    /// A self-citing source, entities with every declared value type (a whole-number float among them), a citation
    /// without locator, non-ASCII aliases; a single-ended type, a type with properties, and MENTIONS to any entity.
    /// </summary>
    public static GraphDocument Tiny { get; } = new(
        [
            Entity("Source", "memo", "Memo", [], null, new() { ["publishedOn"] = new DateOnly(2025, 10, 23) }, ("memo", "¶0")),
            Entity("Country", "atlantis", "Atlantis", ["Atlantica", "Ἀτλαντίς"], "A sunken island.", new() { ["isoCode"] = "AT" }, ("memo", "¶1")),
            Entity("Official", "ada-envoy", "Ada Envoy", ["Ada"], "Trade envoy of Atlantis.", new() { ["title"] = "Trade envoy" },
                ("memo", "¶1"), ("memo", "¶2")),
            Entity("Official", "bo-minister", "Bo Minister", [], null, new(), ("memo", null)),
            Entity("Meeting", "atlantis-talks", "Atlantis talks", [], null,
                new() { ["format"] = "TRADE_TALKS", ["startsOn"] = new DateOnly(2025, 10, 25), ["round"] = 1L }, ("memo", "¶3")),
            Entity("TradeMeasure", "atlantis-tariff", "Atlantis tariff", [], null,
                new() { ["kind"] = "TARIFF", ["status"] = "THREATENED", ["ratePercent"] = 100.0 }, ("memo", "¶4")),
        ],
        [
            Relationship("REPRESENTS", "ada-envoy", "atlantis", new(), ("memo", "¶1")),
            Relationship("PARTICIPATES_IN", "ada-envoy", "atlantis-talks", new() { ["role"] = "DELEGATION_LEAD" }, ("memo", "¶3")),
            Relationship("PARTICIPATES_IN", "bo-minister", "atlantis-talks", new(), ("memo", "¶3")),
            Relationship("MENTIONS", "memo", "ada-envoy", new() { ["occurrences"] = 2L }, ("memo", "¶1:0-9")),
        ]);

    public static Entity Entity(string kind, string key, string name, string[] aliases, string? description, Dictionary<string, object?> properties,
        params (string Source, string? Locator)[] sources) =>
        new(kind, key, name, aliases, description, properties, [.. sources.Select(s => new SourceReference(s.Source, s.Locator))]);

    public static Relationship Relationship(string type, string from, string to, Dictionary<string, object?> properties,
        params (string Source, string? Locator)[] sources) =>
        new(type, from, to, properties, [.. sources.Select(s => new SourceReference(s.Source, s.Locator))]);

    /// <summary>An initialized store on a new, empty fake.</summary>
    public static async Task<Neo4jGraphStore> EmptyStoreAsync()
    {
        var store = Store(new FakeNeo4j(Model));
        await store.InitializeAsync(CancellationToken.None);
        return store;
    }

    /// <summary>A fake, with a store on it that has imported <paramref name="document"/>; the requests of the import are forgotten.</summary>
    public static async Task<(FakeNeo4j Fake, Neo4jGraphStore Store)> LoadedAsync(GraphDocument document)
    {
        var fake = new FakeNeo4j(Model);
        var store = Store(fake);
        await store.InitializeAsync(CancellationToken.None);
        await store.ImportAsync(document, CancellationToken.None);
        fake.ClearRequests();
        return (fake, store);
    }

    /// <summary>A fact as comparable text: every field, each value with its CLR type, citations in order.</summary>
    public static string Describe(Entity? entity) => entity is null ? "(none)"
        : $"{entity.Kind} {entity.Key} name={entity.Name} aliases=[{string.Join("|", entity.Aliases)}] description={entity.Description ?? "(null)"} "
            + $"{DescribeProperties(entity.Properties)} sources=[{string.Join(" ", entity.Sources.Select(s => $"{s.Source}@{s.Locator ?? "(null)"}"))}]";

    public static string Describe(Relationship? relationship) => relationship is null ? "(none)"
        : $"{relationship.Type}({relationship.From},{relationship.To}) {DescribeProperties(relationship.Properties)} "
            + $"sources=[{string.Join(" ", relationship.Sources.Select(s => $"{s.Source}@{s.Locator ?? "(null)"}"))}]";

    private static string DescribeProperties(IReadOnlyDictionary<string, object?> properties) =>
        "{" + string.Join(", ", properties.Where(p => p.Value is not null).OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => $"{p.Key}: {p.Value} ({p.Value!.GetType().Name})")) + "}";

    internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
