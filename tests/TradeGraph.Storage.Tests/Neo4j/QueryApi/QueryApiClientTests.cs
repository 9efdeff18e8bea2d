using System.Text;
using System.Text.Json;
using TradeGraph.Storage.Neo4j.QueryApi;

namespace TradeGraph.Storage.Tests.Neo4j.QueryApi;

/// <summary>What the client sends and how it reads what comes back, against a real loopback server.</summary>
public sealed class QueryApiClientTests : IAsyncLifetime
{
    private FakeNeo4jServer _server = null!;
    private TestClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeNeo4jServer.StartAsync();
        _client = TestClient.Create(_server.Uri);
    }

    public async Task DisposeAsync()
    {
        await _client.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task AReadIsAPostToTheQueryEndpointInTypedJsonWithBasicAuthAndReadAccessMode()
    {
        _server.Then(Reply.ReturnOneOk);
        var parameters = new Dictionary<string, object?>
        {
            ["f"] = 1.0,
            ["d"] = new DateOnly(2025, 10, 26),
            ["big"] = 9_007_199_254_740_993L,
            ["n"] = null,
            ["l"] = new List<object?> { 1L, "a" },
            ["m"] = new Dictionary<string, object?> { ["k"] = "v" },
        };

        var result = await _client.Runner.RunAsync(new CypherStatement("RETURN 1 AS ok", parameters), AccessMode.Read, TestClient.Token());

        Assert.Equal(1L, result.Value(0, "ok"));
        var request = Assert.Single(_server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/db/neo4j/query/v2", request.Path);
        Assert.Equal("application/vnd.neo4j.query", request.Header("Accept"));
        Assert.Equal("application/vnd.neo4j.query", request.Header("Content-Type"));
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("neo4j:verysecret")), request.Header("Authorization"));
        Assert.Equal(
            """{"statement":"RETURN 1 AS ok","parameters":{"f":{"$type":"Float","_value":"1.0"},"d":{"$type":"Date","_value":"2025-10-26"}""" +
            ""","big":{"$type":"Integer","_value":"9007199254740993"},"n":{"$type":"Null","_value":null}""" +
            ""","l":{"$type":"List","_value":[{"$type":"Integer","_value":"1"},{"$type":"String","_value":"a"}]}""" +
            ""","m":{"$type":"Map","_value":{"k":{"$type":"String","_value":"v"}}}},"accessMode":"Read"}""",
            request.Body);
    }

    [Fact]
    public async Task AWriteLeavesAccessModeOutAndItsBookmarksGoWithTheNextRead()
    {
        _server.Then(
            Reply.Json(202, """{"data":{"fields":[],"values":[]},"bookmarks":["FB:write-1"]}"""),
            Reply.ReturnOneOk,
            Reply.Json(202, """{"data":{"fields":[],"values":[]},"bookmarks":["FB:write-2"]}"""),
            Reply.ReturnOneOk);

        await _client.Runner.RunAsync(new CypherStatement("CREATE (:T)"), AccessMode.Write, TestClient.Token());
        await _client.Runner.RunAsync(new CypherStatement("MATCH (t:T) RETURN count(t) AS ok"), AccessMode.Read, TestClient.Token());
        await _client.Runner.RunAsync(new CypherStatement("CREATE (:T)"), AccessMode.Write, TestClient.Token());
        await _client.Runner.RunAsync(new CypherStatement("MATCH (t:T) RETURN count(t) AS ok"), AccessMode.Read, TestClient.Token());

        var requests = _server.Requests.Select(r => r.Json()).ToList();
        Assert.False(requests[0].TryGetProperty("accessMode", out _));
        Assert.False(requests[0].TryGetProperty("bookmarks", out _));
        Assert.Equal(["FB:write-1"], Bookmarks(requests[1]));
        Assert.Equal(["FB:write-1"], Bookmarks(requests[2]));
        // The second write was sent with the first one's bookmark, so its own replaces it; a read's bookmark never does.
        Assert.Equal(["FB:write-2"], Bookmarks(requests[3]));
    }

    [Fact]
    public async Task TypedResultsDecodeExactly()
    {
        _server.Then(Reply.Json(202, """
            {"data":{"fields":["imax","f","nan","d","s","b","nothing","l","m"],"values":[[
             {"$type":"Integer","_value":"9223372036854775807"},
             {"$type":"Float","_value":"0.1"},
             {"$type":"Float","_value":"NaN"},
             {"$type":"Date","_value":"2025-10-30"},
             {"$type":"String","_value":"Kuala Lumpur"},
             {"$type":"Boolean","_value":false},
             {"$type":"Null","_value":null},
             {"$type":"List","_value":[{"$type":"Integer","_value":"1"},{"$type":"String","_value":"a"},{"$type":"Null","_value":null}]},
             {"$type":"Map","_value":{"a":{"$type":"List","_value":[{"$type":"Integer","_value":"2"}]},"k":{"$type":"Integer","_value":"1"}}}
            ]]},"bookmarks":["FB:kcwQSG4fY8QMT4SLuHKatrwxMskCU5A="],"queryType":"r"}
            """));

        var result = await _client.Runner.RunAsync(new CypherStatement("RETURN …"), AccessMode.Read, TestClient.Token());

        Assert.Equal(["imax", "f", "nan", "d", "s", "b", "nothing", "l", "m"], result.Fields);
        Assert.Equal(long.MaxValue, result.Value(0, "imax"));
        Assert.Equal(0.1, result.Value(0, "f"));
        Assert.True(double.IsNaN(Assert.IsType<double>(result.Value(0, "nan"))));
        Assert.Equal(new DateOnly(2025, 10, 30), result.Value(0, "d"));
        Assert.Equal("Kuala Lumpur", result.Value(0, "s"));
        Assert.Equal(false, result.Value(0, "b"));
        Assert.Null(result.Value(0, "nothing"));
        Assert.Equal(new object?[] { 1L, "a", null }, Assert.IsAssignableFrom<IReadOnlyList<object?>>(result.Value(0, "l")));
        var map = Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(result.Value(0, "m"));
        Assert.Equal(1L, map["k"]);
    }

    [Fact]
    public async Task AStatementWithoutRowsGivesAnEmptyResult()
    {
        _server.Then(Reply.Json(202, """{"data":{"fields":["x"],"values":[]},"bookmarks":["FB:kcwQSG4fY8QMT4SLuHKatrwxMskCUZA="]}"""));

        var result = await _client.Runner.RunAsync(new CypherStatement("UNWIND [] AS x RETURN x"), AccessMode.Read, TestClient.Token());

        Assert.Equal(["x"], result.Fields);
        Assert.Empty(result.Rows);
    }

    [Fact]
    public async Task A202WithAnErrorAfterSomeRowsIsAnErrorAndTheRowsAreDropped()
    {
        _server.Then(Reply.Json(202, """
            {"data":{"fields":["f"],"values":[[{"$type":"Integer","_value":"10"}],[{"$type":"Integer","_value":"5"}]]},
             "errors":[{"code":"Neo.ClientError.Statement.ArithmeticError","message":"/ by zero"}]}
            """));

        var error = await Assert.ThrowsAsync<Neo4jQueryException>(() =>
            _client.Runner.RunAsync(new CypherStatement("UNWIND [1, 2, 0, 4] AS x RETURN 10 / x AS f"), AccessMode.Read, TestClient.Token()));

        Assert.Equal("Neo.ClientError.Statement.ArithmeticError", error.Code);
        Assert.Equal(202, error.HttpStatus);
        Assert.False(error.IsTransient);
        Assert.Equal(1, _server.Hits);
    }

    [Fact]
    public async Task ASyntaxErrorIsAQueryErrorAndIsNotRetried()
    {
        _server.Fallback = Reply.Json(400, Reply.SyntaxError);

        var error = await Assert.ThrowsAsync<Neo4jQueryException>(() =>
            _client.Runner.RunAsync(new CypherStatement("RETURN 1 AS a; RETURN 2 AS b"), AccessMode.Read, TestClient.Token()));

        Assert.Equal("Neo.ClientError.Statement.SyntaxError", error.Code);
        Assert.Equal(400, error.HttpStatus);
        Assert.StartsWith("Neo.ClientError.Statement.SyntaxError: Expected exactly one statement", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, _server.Hits);
    }

    [Fact]
    public async Task BadCredentialsAreAClearErrorAndAreNeverRetried()
    {
        _server.Fallback = Reply.Json(401, Reply.Unauthorized, ("WWW-Authenticate", "Basic realm=\"Neo4j\", Bearer realm=\"Neo4j\""));

        var error = await Assert.ThrowsAsync<Neo4jQueryException>(() =>
            _client.Runner.RunAsync(new CypherStatement("RETURN 1 AS ok"), AccessMode.Read, TestClient.Token()));

        Assert.Equal("Neo.ClientError.Security.Unauthorized", error.Code);
        Assert.Equal(401, error.HttpStatus);
        Assert.Contains("refused the credentials of user 'neo4j'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Invalid username or password.", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, _server.Hits);
    }

    [Fact]
    public async Task AnUnexpectedStatusWithoutAnErrorBodyNamesTheStatusAndIsNotRetried()
    {
        _server.Fallback = Reply.Empty(404);

        var error = await Assert.ThrowsAsync<Neo4jHttpException>(() =>
            _client.Runner.RunAsync(new CypherStatement("RETURN 1 AS ok"), AccessMode.Read, TestClient.Token()));

        Assert.Equal(404, error.StatusCode);
        Assert.Contains("answered 404", error.Message, StringComparison.Ordinal);
        Assert.Contains("POST /db/neo4j/query/v2", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, _server.Hits);
    }

    [Fact]
    public async Task TheDatabaseNameIsPartOfThePathAndABasePathIsKept()
    {
        await using var client = TestClient.Create(new Uri(_server.Uri, "/proxy/neo4j"),
            new Dictionary<string, string?> { ["Storage:Neo4j:Database"] = "trade graph" });
        _server.Then(Reply.ReturnOneOk);

        await client.Runner.RunAsync(new CypherStatement("RETURN 1 AS ok"), AccessMode.Read, TestClient.Token());

        Assert.Equal("/proxy/neo4j/db/trade%20graph/query/v2", Assert.Single(_server.Requests).Path.Replace(" ", "%20", StringComparison.Ordinal));
    }

    private static List<string> Bookmarks(JsonElement body) =>
        body.TryGetProperty("bookmarks", out var bookmarks) ? [.. bookmarks.EnumerateArray().Select(b => b.GetString()!)] : [];
}
