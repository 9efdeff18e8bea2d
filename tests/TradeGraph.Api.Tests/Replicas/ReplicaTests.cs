using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using TradeGraph.Api.Commands;
using TradeGraph.Api.Tests.Hosting;
using TradeGraph.Core.Storage;
using TradeGraph.Core.Writing;
using static TradeGraph.Api.Tests.Live.LiveTestSupport;

namespace TradeGraph.Api.Tests.Replicas;

/// <summary>
/// Two servers on one SQLite file. Each is its own <see cref="Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory{T}"/>
/// host with its own DI container — its own read model, response cache, graph version, change feed and revision follower;
/// no singleton is shared (the tests prove it: B's own services see A's writes only through the file). What the two share
/// in this process is the file and Microsoft.Data.Sqlite's connection pool, which holds connections, not graph state.
/// Waits are for a state (the follower's position, a read model built), never for a time.
/// </summary>
public sealed class ReplicaTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tradegraph-replicas-").FullName;
    private readonly Replica _a;
    private readonly Replica _b;
    private readonly CancellationTokenSource _patience = new(TimeSpan.FromSeconds(60));

    public ReplicaTests()
    {
        _a = new Replica(_folder);
        _b = new Replica(_folder);
        // A seeds the empty file; B opens it seeded.
        _ = _a.Services;
        _ = _b.Services;
    }

    private CancellationToken Token => _patience.Token;

    [Fact]
    public void TheServersShareNothingButTheFile()
    {
        Assert.NotSame(_a.Services.GetRequiredService<GraphChangeFeed>(), _b.Services.GetRequiredService<GraphChangeFeed>());
        Assert.NotSame(_a.Services.GetRequiredService<IGraphStore>(), _b.Services.GetRequiredService<IGraphStore>());
        Assert.NotSame(_a.Services.GetRequiredService<GraphVersion>(), _b.Services.GetRequiredService<GraphVersion>());
        Assert.NotSame(_a.Services.GetRequiredService<RevisionFollower>(), _b.Services.GetRequiredService<RevisionFollower>());
        Assert.Equal(_a.DatabasePath, _b.DatabasePath);
    }

    [Fact]
    public async Task AWriteThroughOneServerReachesTheOthersSubscribersReadModelAndCacheOnce()
    {
        using var a = Writer(_a);
        using var b = Writer(_b);
        const string Query = """{ officials(where: { key: { in: ["replica-envoy", "replica-aide"] } }) { nodes { key name } } }""";
        await _b.ReadModelReadyAsync(Token);
        // B answers (and caches) "none" first.
        Assert.Equal("[]", (await b.QueryAsync(Query))["officials"]!["nodes"]!.ToJsonString());
        Assert.Equal("[]", (await b.QueryAsync(Query))["officials"]!["nodes"]!.ToJsonString());
        using var stream = await SubscribeAsync(b, """subscription { graphChanged(kinds: ["Official"]) { revision change key entity { ... on Official { name } } } }""");
        await _b.Services.GetRequiredService<GraphChangeFeed>().WaitForSubscribersAsync(1, Token);

        var first = await UpsertAsync(a, "replica-envoy", "Replica Envoy");
        // B's own write after A's: its subscriber gets each once, in revision order.
        await _b.FollowedAsync(first, Token);
        var second = await UpsertAsync(b, "replica-aide", "Replica Aide");

        Assert.Equal((first, "replica-envoy", "Replica Envoy"), await NextChangeAsync(stream));
        Assert.Equal((second, "replica-aide", "Replica Aide"), await NextChangeAsync(stream));
        // B's read model took A's revision from the log (not a rebuild), and B's cache holds no stale answer.
        var follower = _b.Services.GetRequiredService<RevisionFollower>();
        Assert.Equal(1, follower.ForeignRevisions);
        Assert.Equal(0, follower.Reloads);
        var readModel = (ReadModelGraphStore)_b.Services.GetRequiredService<IGraphStore>();
        Assert.True(readModel.IsReady);
        Assert.Equal("Replica Envoy", (await readModel.GetEntitiesAsync(["replica-envoy"], Token))["replica-envoy"].Name);
        Assert.Equal("""[{"key":"replica-aide","name":"Replica Aide"},{"key":"replica-envoy","name":"Replica Envoy"}]""",
            (await b.QueryAsync(Query.Replace("} }) {", "} }, order: [{ key: ASC }]) {", StringComparison.Ordinal)))["officials"]!["nodes"]!.ToJsonString());
        Assert.Equal(2, (await b.QueryAsync(Query))["officials"]!["nodes"]!.AsArray().Count);
        // And A sees B's write the same way.
        await _a.FollowedAsync(second, Token);
        Assert.Equal(2, (await a.QueryAsync(Query))["officials"]!["nodes"]!.AsArray().Count);
    }

    [Fact]
    public async Task AnImportFromTheCommandLineWhileTheServersRunIsSeenByThem()
    {
        using var b = Writer(_b);
        const string Query = """{ officials(where: { key: { eq: "cli-envoy" } }) { nodes { name } } }""";
        var readModel = (ReadModelGraphStore)_b.Services.GetRequiredService<IGraphStore>();
        await _b.ReadModelReadyAsync(Token);
        var loads = readModel.Loads;
        Assert.Equal("[]", (await b.QueryAsync(Query))["officials"]!["nodes"]!.ToJsonString());
        var file = Path.Combine(_folder, "cli.json");
        await File.WriteAllTextAsync(file, """{ "entities": [{ "kind": "Official", "key": "cli-envoy", "name": "Cli Envoy" }] }""", Token);

        await using var stdout = new StringWriter();
        await using var stderr = new StringWriter();
        Assert.Equal(0, await GraphCommands.RunAsync(["import", file, $"--Storage:Sqlite:Path={_b.DatabasePath}"], stdout, stderr, Token));

        // The follower sees the bulk load and rebuilds the read model from the file.
        var follower = _b.Services.GetRequiredService<RevisionFollower>();
        while (follower.Reloads == 0 || readModel.Loads == loads || !readModel.IsReady)
        {
            await Task.Delay(20, Token);
        }

        Assert.Equal("""[{"name":"Cli Envoy"}]""", (await b.QueryAsync(Query))["officials"]!["nodes"]!.ToJsonString());
        Assert.Equal("Cli Envoy", (await readModel.GetEntitiesAsync(["cli-envoy"], Token))["cli-envoy"].Name);
    }

    [Fact]
    public async Task ASubscriberResumesAfterARevisionWithoutGapsOrRepeats()
    {
        using var a = Writer(_a);
        using var b = Writer(_b);
        var first = await UpsertAsync(a, "resume-one", "Resume One");
        var second = await UpsertAsync(a, "resume-two", "Resume Two");
        var third = await UpsertAsync(b, "resume-three", "Resume Three");
        await _b.FollowedAsync(third, Token);

        using var stream = await SubscribeAsync(b,
            $$"""subscription { graphChanged(afterRevision: {{first}}, kinds: ["Official"]) { revision change key entity { ... on Official { name } } } }""");
        Assert.Equal((second, "resume-two", "Resume Two"), await NextChangeAsync(stream));
        Assert.Equal((third, "resume-three", "Resume Three"), await NextChangeAsync(stream));
        await _b.Services.GetRequiredService<GraphChangeFeed>().WaitForSubscribersAsync(1, Token);
        var fourth = await UpsertAsync(a, "resume-four", "Resume Four");

        Assert.Equal((fourth, "resume-four", "Resume Four"), await NextChangeAsync(stream));
    }

    [Fact]
    public async Task ResumingFromBeforeWhatTheLogCanReplayIsACodedError()
    {
        using var b = Writer(_b);
        await UpsertAsync(b, "old-one", "Old One");
        await using (var connection = new SqliteConnection($"Data Source={_b.DatabasePath}"))
        {
            // As a file migrated from before the log: revisions up to 1 carry no kinds.
            await connection.OpenAsync(Token);
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE meta SET value = '1' WHERE key = 'revision_log_after'";
            await command.ExecuteNonQueryAsync(Token);
        }

        using var stream = await SubscribeAsync(b, """subscription { graphChanged(afterRevision: 0) { revision } }""");

        var (name, data) = await stream.ReadEventAsync(Token);
        Assert.Equal("next", name);
        Assert.Contains("REVISION_TOO_OLD", data, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _patience.Dispose();
        _a.Dispose();
        _b.Dispose();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open is left to the OS's temp cleaning.
        }
    }

    private static HttpClient Writer(Replica replica)
    {
        var client = replica.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", TestKeys.Writer);
        return client;
    }

    private static async Task<long> UpsertAsync(HttpClient client, string key, string name)
    {
        var data = await client.QueryAsync($$"""
            mutation { applyChanges(input: { changes: [{ upsertOfficial: { key: "{{key}}", name: "{{name}}", editorial: true } }] }) { revision errors { __typename } } }
            """);
        Assert.Equal("[]", data["applyChanges"]!["errors"]?.ToJsonString() ?? "[]");
        return data["applyChanges"]!["revision"]!.GetValue<long>();
    }

    private async Task<EventStream> SubscribeAsync(HttpClient client, string query)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent.Create(new { query }) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Token);
        return new EventStream(request, response, new StreamReader(await response.Content.ReadAsStreamAsync(Token)));
    }

    private async Task<(long Revision, string Key, string Name)> NextChangeAsync(EventStream stream)
    {
        var (name, data) = await stream.ReadEventAsync(Token);
        Assert.Equal("next", name);
        var change = JsonNode.Parse(data)!["data"]!["graphChanged"]!;
        return (change["revision"]!.GetValue<long>(), change["key"]!.GetValue<string>(), change["entity"]!["name"]!.GetValue<string>());
    }

    /// <summary>A server on the shared file, polling the log often (the tests wait for states, so this only shortens them).</summary>
    private sealed class Replica(string folder) : TradeGraphApplication(folder, ownsFolder: false)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Storage:RevisionLog:PollInterval", "00:00:00.020");
            builder.UseSetting("Storage:ReadModel:WaitForAnalyticsSeconds", "0");
        }

        public async Task ReadModelReadyAsync(CancellationToken cancellationToken)
        {
            var readModel = (ReadModelGraphStore)Services.GetRequiredService<IGraphStore>();
            await readModel.Ready.WaitAsync(cancellationToken);
            Assert.True(readModel.IsReady);
        }

        /// <summary>Waits until this server's follower has published <paramref name="revision"/>.</summary>
        public async Task FollowedAsync(long revision, CancellationToken cancellationToken)
        {
            var follower = Services.GetRequiredService<RevisionFollower>();
            while (follower.Position < revision)
            {
                await Task.Delay(10, cancellationToken);
            }
        }
    }

    private sealed class EventStream(HttpRequestMessage request, HttpResponseMessage response, StreamReader events) : IDisposable
    {
        /// <summary>The next event (keep-alive comments skipped): its name and data.</summary>
        public async Task<(string Event, string Data)> ReadEventAsync(CancellationToken cancellationToken)
        {
            string? name = null;
            var data = new StringBuilder();
            while (true)
            {
                var line = await events.ReadLineAsync(cancellationToken) ?? throw new EndOfStreamException("The event stream ended.");
                if (line.Length == 0 && name is not null)
                {
                    return (name, data.ToString());
                }

                if (line.StartsWith("event:", StringComparison.Ordinal))
                {
                    name = line["event:".Length..].Trim();
                }
                else if (line.StartsWith("data:", StringComparison.Ordinal))
                {
                    data.Append(line["data:".Length..].TrimStart());
                }
            }
        }

        public void Dispose()
        {
            events.Dispose();
            response.Dispose();
            request.Dispose();
        }
    }
}
