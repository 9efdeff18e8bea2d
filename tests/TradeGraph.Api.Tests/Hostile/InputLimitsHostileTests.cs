using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using TradeGraph.Api.Tests.Hosting;
using TradeGraph.Core.Storage;

namespace TradeGraph.Api.Tests.Hostile;

/// <summary>
/// The request shapes of the security review (H4, H5, H6, M6) that kept a store busy for seconds to minutes are refused
/// with a coded error before any store round trip, whether the oversized part comes as a literal or in a variable, and
/// the same documents within the limits still answer.
/// </summary>
public sealed partial class InputLimitsHostileTests(InputLimitsHostileTests.CountingApplication application)
    : IClassFixture<InputLimitsHostileTests.CountingApplication>
{
    private const string FilterQuery = "query($w: OfficialFilterInput) { officials(where: $w, first: 50) { totalCount nodes { key } } }";
    private const string OrderQuery = "query($o: [OfficialSortInput!], $a: String) { officials(order: $o, after: $a, first: 5) { nodes { key } pageInfo { endCursor } } }";
    private const string SearchQuery = "query($t: String!, $f: Boolean) { searchEntities(text: $t, fuzzy: $f, first: 1) { nodes { score } } }";
    private const string LegacySearchQuery = "query($t: String!) { search(text: $t, first: 1) { key } }";

    public static TheoryData<string, string, string> FilterShapes => new()
    {
        // H4's repro: 200 terms of 8 hops (52 KB; 10.9 s before, 2.5 minutes and more at 16 hops).
        { "200 or-terms x 8 hops", "FILTER_LIST_TOO_LONG", Or(200, hops: 8).ToJsonString() },
        // More than about 1,000 flat terms was SQLite's "Expression tree is too large".
        { "1,100 flat or-terms", "FILTER_LIST_TOO_LONG", Or(1_100, hops: 0).ToJsonString() },
        { "one term 8 hops deep", "FILTER_TOO_DEEP", Hops(8, Contains("zz")).ToJsonString() },
        // Nested groups slip under a list limit; the field budget still counts them.
        { "30 or-groups of 30 terms", "FILTER_TOO_COMPLEX", new JsonObject { ["or"] = new JsonArray([.. Enumerable.Range(0, 30).Select(_ => (JsonNode)Or(30, hops: 0))]) }.ToJsonString() },
        { "a 5,000-character operand", "ARGUMENT_TOO_LONG", Contains(new string('x', 5_000)).ToJsonString() },
        { "an in-list of 2,000 keys", "FILTER_LIST_TOO_LONG", new JsonObject { ["key"] = new JsonObject { ["in"] = new JsonArray([.. Enumerable.Range(0, 2_000).Select(i => (JsonNode)$"k{i}")]) } }.ToJsonString() },
        // M6: on Neo4j an ignoreCase in-list is one accent-folding regex of all its values, run against every row.
        { "500 values of 40 characters", "ARGUMENT_TOO_LONG", new JsonObject { ["key"] = new JsonObject { ["in"] = new JsonArray([.. Enumerable.Range(0, 500).Select(i => (JsonNode)$"{i:D40}")]), ["ignoreCase"] = true } }.ToJsonString() },
        // Each value of a count's in-list is a count condition of its own (500 took 0.8 s on the 7-official seed).
        { "a count in-list of 500 values", "FILTER_LIST_TOO_LONG", new JsonObject { ["meetings"] = new JsonObject { ["count"] = new JsonObject { ["in"] = new JsonArray([.. Enumerable.Range(0, 500).Select(i => (JsonNode)i)]) } } }.ToJsonString() },
    };

    [Theory]
    [MemberData(nameof(FilterShapes))]
    public async Task AnOversizedFilterIsRefusedBeforeTheStore(string shape, string expected, string filter)
    {
        _ = shape; // names the case in the test output
        var where = JsonNode.Parse(filter)!;

        await AssertRefusedAsync(FilterQuery, new JsonObject { ["w"] = where }, expected);
        await AssertRefusedAsync($"{{ officials(where: {Literal(where)}, first: 50) {{ totalCount nodes {{ key }} }} }}", null, expected);
    }

    [Fact]
    public async Task FiltersAtTheLimitsStillAnswer()
    {
        // 50 terms (the and/or limit, 101 input fields), 18 terms of the deepest allowed kind (4 hops, 199 fields), a 1,000-character
        // operand, 500 values in an in-list, 50 in a count's in-list.
        JsonNode[] filters =
        [
            new JsonObject { ["or"] = new JsonArray([.. Enumerable.Range(0, 50).Select(i => (JsonNode)new JsonObject { ["key"] = new JsonObject { ["eq"] = $"k{i}" } })]) },
            Or(18, hops: 4),
            Contains(new string('x', 1_000)),
            new JsonObject { ["key"] = new JsonObject { ["in"] = new JsonArray([.. Enumerable.Range(0, 499).Select(i => (JsonNode)$"k{i}"), "xi-jinping"]) } },
            new JsonObject { ["meetings"] = new JsonObject { ["count"] = new JsonObject { ["in"] = new JsonArray([.. Enumerable.Range(0, 50).Select(i => (JsonNode)i)]) } } },
        ];

        await AnsweredAsync(FilterQuery, new JsonObject { ["w"] = null }); // the server's start and first compilation are not the filter's
        foreach (var where in filters)
        {
            var clock = Stopwatch.StartNew();
            var (data, calls) = await AnsweredAsync(FilterQuery, new JsonObject { ["w"] = where.DeepClone() });
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
            Assert.True(calls > 0, "the store should have been asked");
            Assert.NotNull(data["officials"]!["totalCount"]);
        }
    }

    [Theory]
    [InlineData(300, true)] // H5: more than 2 minutes on the 7-official seed with a forged cursor
    [InlineData(600, true)] // SQLite's "too many references to relationships"
    [InlineData(2_000, false)] // SQLite's "too many columns in result set"
    public async Task TooManySortKeysAreRefusedBeforeTheStore(int keys, bool forgedCursor)
    {
        var order = new JsonArray([.. Enumerable.Repeat(0, keys).Select(_ => (JsonNode)new JsonObject { ["meetingsCount"] = "ASC" })]);
        var cursor = forgedCursor ? ForgedCursor(keys) : null;

        await AssertRefusedAsync(OrderQuery, new JsonObject { ["o"] = order.DeepClone(), ["a"] = cursor }, "TOO_MANY_SORT_KEYS");
        var after = cursor is null ? "" : $", after: \"{cursor}\"";
        await AssertRefusedAsync($"{{ officials(order: {Literal(order)}{after}, first: 5) {{ nodes {{ key }} }} }}", null, "TOO_MANY_SORT_KEYS");
    }

    [Fact]
    public async Task ARepeatedSortKeyIsRefused()
    {
        var order = JsonNode.Parse("""[{ "name": "ASC" }, { "country": { "name": "ASC" } }, { "name": "DESC" }]""")!;

        await AssertRefusedAsync(OrderQuery, new JsonObject { ["o"] = order.DeepClone() }, "DUPLICATE_SORT_KEY");
        await AssertRefusedAsync($"{{ officials(order: {Literal(order)}) {{ nodes {{ key }} }} }}", null, "DUPLICATE_SORT_KEY");
    }

    [Fact]
    public async Task FiveSortKeysWithARealCursorStillAnswer()
    {
        var order = JsonNode.Parse("""
            [{ "meetingsCount": "DESC" }, { "country": { "name": "ASC" } }, { "name": "ASC" }, { "title": "ASC" }, { "pageRank": "DESC" }]
            """)!;

        var (first, _) = await AnsweredAsync(OrderQuery, new JsonObject { ["o"] = order.DeepClone() });
        var cursor = first["officials"]!["pageInfo"]!["endCursor"]!.GetValue<string>();
        var (second, calls) = await AnsweredAsync(OrderQuery, new JsonObject { ["o"] = order.DeepClone(), ["a"] = cursor });

        Assert.Equal(5, first["officials"]!["nodes"]!.AsArray().Count);
        Assert.NotEmpty(second["officials"]!["nodes"]!.AsArray());
        Assert.True(calls > 0);
    }

    [Theory]
    [InlineData("4,000 repeated words", "ARGUMENT_TOO_LONG", false)] // H6: 2.9 s before (20,000: 70.6 s)
    [InlineData("17 distinct words", "SEARCH_TEXT_TOO_LONG", false)]
    [InlineData("a 65-letter word", "SEARCH_TEXT_TOO_LONG", false)]
    [InlineData("6 words, fuzzy", "SEARCH_TEXT_TOO_LONG", true)]
    public async Task AnOversizedSearchIsRefusedBeforeTheStore(string shape, string code, bool fuzzy)
    {
        var text = SearchText(shape);

        await AssertRefusedAsync(SearchQuery, new JsonObject { ["t"] = text, ["f"] = fuzzy }, code);
        await AssertRefusedAsync($"{{ searchEntities(text: {JsonSerializer.Serialize(text)}, fuzzy: {(fuzzy ? "true" : "false")}, first: 1) {{ nodes {{ score }} }} }}", null, code);
    }

    [Fact]
    public async Task TheLegacySearchTextIsBoundedToo()
    {
        // M6: on Neo4j the whole text becomes four accent-folding regexes run against every name and alias.
        var text = new string('a', 5_000);

        await AssertRefusedAsync(LegacySearchQuery, new JsonObject { ["t"] = text }, "ARGUMENT_TOO_LONG");
        await AssertRefusedAsync($"{{ search(text: \"{text}\", first: 1) {{ key }} }}", null, "ARGUMENT_TOO_LONG");
    }

    [Fact]
    public async Task SearchesWithinTheLimitsStillAnswer()
    {
        string[] texts =
        [
            string.Join(' ', Enumerable.Repeat("xi", 300)), // 899 characters, one distinct word
            string.Join(' ', Enumerable.Range(0, 16).Select(i => $"w{i}")),
            "xi " + new string('j', 61),
        ];

        foreach (var text in texts)
        {
            var (data, calls) = await AnsweredAsync(SearchQuery, new JsonObject { ["t"] = text, ["f"] = false });
            Assert.NotNull(data["searchEntities"]);
            Assert.True(calls > 0);
        }

        var (fuzzy, _) = await AnsweredAsync(SearchQuery, new JsonObject { ["t"] = "Bessant trade talks Kuala Lumpur", ["f"] = true });
        Assert.NotNull(fuzzy["searchEntities"]);
    }

    [Fact]
    public async Task NestedConnectionsAreBoundedLikeRootOnes()
    {
        const string Nested = "query($w: OfficialFilterInput, $o: [OfficialSortInput!]) { meetings(first: 2) { nodes { participants(where: $w, order: $o) { totalCount } } } }";

        await AssertRefusedAsync(Nested, new JsonObject { ["w"] = Or(200, hops: 8) }, "FILTER_LIST_TOO_LONG");
        await AssertRefusedAsync(Nested, new JsonObject { ["o"] = JsonNode.Parse("""[{ "name": "ASC" }, { "name": "ASC" }]""") }, "DUPLICATE_SORT_KEY");
        var (data, _) = await AnsweredAsync(Nested, new JsonObject { ["w"] = Or(5, hops: 2), ["o"] = JsonNode.Parse("""[{ "name": "ASC" }]""") });
        Assert.Equal(2, data["meetings"]!["nodes"]!.AsArray().Count);
    }

    [Fact]
    public async Task ACachedDocumentIsCheckedAgainWithNewVariables()
    {
        // The first request validates the document and caches it; the second only brings bigger variables.
        await AnsweredAsync(FilterQuery, new JsonObject { ["w"] = Or(3, hops: 2) });

        await AssertRefusedAsync(FilterQuery, new JsonObject { ["w"] = Or(200, hops: 8) }, "FILTER_LIST_TOO_LONG");
    }

    [Fact]
    public async Task TheErrorNamesTheArgumentAndTheLimit()
    {
        var response = await PostAsync(FilterQuery, new JsonObject { ["w"] = Or(51, hops: 0) });

        var error = response["errors"]!.AsArray().Single()!;
        Assert.Equal("FILTER_LIST_TOO_LONG", error["extensions"]!["code"]!.GetValue<string>());
        Assert.Equal("`officials.where.or` has 51 conditions, over the limit of 50.", error["message"]!.GetValue<string>());
    }

    private static string SearchText(string shape) => shape switch
    {
        "4,000 repeated words" => string.Join(' ', Enumerable.Repeat("a", 4_000)),
        "17 distinct words" => string.Join(' ', Enumerable.Range(0, 17).Select(i => $"w{i}")),
        "a 65-letter word" => "xi " + new string('j', 65),
        _ => "one two three four five six",
    };

    /// <summary>Refused with the code, no data, and not one call reached the store.</summary>
    private async Task AssertRefusedAsync(string query, JsonObject? variables, string code)
    {
        var before = application.Store.Calls;
        var clock = Stopwatch.StartNew();
        var response = await PostAsync(query, variables);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"refusing took {clock.Elapsed}");
        Assert.Null(response["data"]);
        Assert.Contains(code, response["errors"]!.AsArray().Select(e => e!["extensions"]!["code"]!.GetValue<string>()));
        Assert.Equal(before, application.Store.Calls);
    }

    private async Task<(JsonObject Data, long StoreCalls)> AnsweredAsync(string query, JsonObject variables)
    {
        var before = application.Store.Calls;
        var response = await PostAsync(query, variables);
        Assert.False(response.ContainsKey("errors"), "Unexpected errors: " + response["errors"]?.ToJsonString());
        return (response["data"]!.AsObject(), application.Store.Calls - before);
    }

    private async Task<JsonObject> PostAsync(string query, JsonObject? variables)
    {
        using var client = application.CreateClient();
        using var response = await client.PostAsJsonAsync("/graphql", new { query, variables });
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    private static JsonObject Or(int terms, int hops) =>
        new() { ["or"] = new JsonArray([.. Enumerable.Range(0, terms).Select(i => (JsonNode)Hops(hops, Contains($"zz{i}")))]) };

    /// <summary>The review's term: a name condition reached through <paramref name="hops"/> relationships, officials and meetings in turn.</summary>
    private static JsonObject Hops(int hops, JsonObject condition)
    {
        for (var h = 0; h < hops; h++)
        {
            condition = new JsonObject { [h % 2 == 0 ? "participants" : "meetings"] = new JsonObject { ["some"] = condition } };
        }

        return condition;
    }

    private static JsonObject Contains(string text) => new() { ["name"] = new JsonObject { ["contains"] = text, ["ignoreCase"] = true } };

    /// <summary>The review's forged keyset cursor for <paramref name="keys"/> meetingsCount keys.</summary>
    private static string ForgedCursor(int keys)
    {
        var json = JsonSerializer.Serialize(new object[] { string.Join(',', Enumerable.Repeat("#PARTICIPATES_IN/Outgoing:a", keys)), new int[keys], "a" });
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>The same value as a GraphQL literal: names unquoted, ASC / DESC as enum values.</summary>
    private static string Literal(JsonNode? node) => node switch
    {
        JsonObject o => "{ " + string.Join(", ", o.Select(p => $"{p.Key}: {Literal(p.Value)}")) + " }",
        JsonArray a => "[" + string.Join(", ", a.Select(Literal)) + "]",
        JsonValue v when v.TryGetValue<string>(out var s) && EnumValue().IsMatch(s) => s,
        _ => node?.ToJsonString() ?? "null",
    };

    [GeneratedRegex("^(ASC|DESC)$")]
    private static partial Regex EnumValue();

    /// <summary>
    /// The store, counting every call made while serving a request. Start-up work the server does in the background
    /// (after the first requests: analytics, embeddings) calls the store too, at times no test controls; those calls are
    /// not a refused request's, so they are not counted (a background task sees no request, even one started from it).
    /// </summary>
    public sealed class CountingStore(IGraphStore inner) : DelegatingGraphStore(inner)
    {
        // The accessor's current request lives in a static AsyncLocal: any instance reads it.
        private readonly HttpContextAccessor _request = new();
        private long _calls;

        public long Calls => Interlocked.Read(ref _calls);

        protected override void BeforeCall()
        {
            if (_request.HttpContext is not null)
            {
                Interlocked.Increment(ref _calls);
            }
        }
    }

    /// <summary>The service with its store wrapped in a <see cref="CountingStore"/>.</summary>
    public sealed class CountingApplication : TradeGraphApplication
    {
        public CountingStore Store => Services.GetRequiredService<CountingStore>();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddHttpContextAccessor().WrapGraphStore(inner => new CountingStore(inner)));
        }
    }
}
