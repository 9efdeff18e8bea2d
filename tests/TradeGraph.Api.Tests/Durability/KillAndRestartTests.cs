using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using TradeGraph.Api.Tests.Hosting;
using Xunit.Abstractions;

namespace TradeGraph.Api.Tests.Durability;

/// <summary>
/// The real server in its own process, killed with SIGKILL while parallel writers are mid-flight, then restarted on the
/// same file: every write it acknowledged must be there, and the file must pass SQLite's integrity check.
/// </summary>
public sealed class KillAndRestartTests(ITestOutputHelper output) : IDisposable
{
    private const int Writers = 6;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(180);

    private readonly string _folder = Directory.CreateTempSubdirectory("tradegraph-durability-").FullName;

    private string DatabasePath => Path.Combine(_folder, "graph.db");

    [Fact]
    public async Task EveryAcknowledgedWriteSurvivesKillMinus9()
    {
        using var patience = new CancellationTokenSource(Patience);
        var acknowledged = new ConcurrentBag<string>();
        var attempted = 0;

        for (var round = 0; round < 3; round++)
        {
            using var server = await ServerProcess.StartAsync(DatabasePath, patience.Token);
            var before = acknowledged.Count;
            using var stopWriters = CancellationTokenSource.CreateLinkedTokenSource(patience.Token);
            var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
            {
                using var client = new HttpClient { BaseAddress = server.Address };
                client.DefaultRequestHeaders.Add("X-Api-Key", TestKeys.Writer);
                for (var i = 0; !stopWriters.IsCancellationRequested; i++)
                {
                    var key = $"durable-{round}-{w}-{i}";
                    Interlocked.Increment(ref attempted);
                    if (await TryWriteAsync(client, key, stopWriters.Token))
                    {
                        acknowledged.Add(key);
                    }
                }
            })).ToList();

            // Kill while the writers are going: wait for some acknowledgements first, so every round writes something.
            while (acknowledged.Count < before + 150)
            {
                await Task.Delay(10, patience.Token);
            }

            server.Kill();
            await stopWriters.CancelAsync();
            await Task.WhenAll(writers);
        }

        using (var server = await ServerProcess.StartAsync(DatabasePath, patience.Token))
        {
            using var client = new HttpClient { BaseAddress = server.Address };
            var keys = acknowledged.ToList();
            var found = 0;
            foreach (var chunk in keys.Chunk(500))
            {
                var response = await client.PostAsJsonAsync("/graphql", new
                {
                    query = "query($keys: [String]) { officials(where: { key: { in: $keys } }) { totalCount } }",
                    variables = new { keys = chunk },
                }, patience.Token);
                var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(patience.Token))!;
                found += body["data"]!["officials"]!["totalCount"]!.GetValue<int>();
            }

            output.WriteLine($"{Writers} writers, 3 kill -9 rounds: {attempted} writes attempted, {keys.Count} acknowledged, {found} found after restart.");
            Assert.Equal(keys.Count, found);
        }

        SqliteConnection.ClearAllPools();
        await using var connection = new SqliteConnection($"Data Source={DatabasePath}");
        await connection.OpenAsync(patience.Token);
        await using var check = connection.CreateCommand();
        check.CommandText = "PRAGMA integrity_check";
        Assert.Equal("ok", await check.ExecuteScalarAsync(patience.Token));
    }

    /// <summary>True only when the server answered that the write committed; a broken connection is no acknowledgement.</summary>
    private static async Task<bool> TryWriteAsync(HttpClient client, string key, CancellationToken cancellationToken)
    {
        try
        {
            var response = await client.PostAsJsonAsync("/graphql", new
            {
                query = "mutation($input: UpsertOfficialInput!) { upsertOfficial(input: $input) { outcome } }",
                variables = new { input = new { key, name = $"Durable {key}", editorial = true } },
            }, cancellationToken);
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            return body?["data"]?["upsertOfficial"]?["outcome"]?.GetValue<string>() == "CREATED";
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException or System.Text.Json.JsonException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
