using System.Diagnostics;
using System.Text.Json;
using TradeGraph.Api.Tests.Hosting;

namespace TradeGraph.Api.Tests.GraphQLHttp;

/// <summary>The graphql-http audit suite (every MUST, SHOULD and MAY audit) against the real server on a loopback port.</summary>
public sealed class GraphQLHttpAuditTests
{
    private static string AuditFolder =>
        Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "GraphQLHttp", "audit"));

    [Fact]
    public async Task EveryGraphQLHttpAuditPasses()
    {
        using var application = new TradeGraphApplication();
        var baseAddress = application.StartKestrel();

        var results = await RunAuditsAsync(new Uri(baseAddress, "/graphql"));

        Assert.Equal(61, results.Count);
        var failures = results.Where(r => r.Status != "ok").Select(r => $"{r.Id} [{r.Status}] {r.Name}: {r.Reason}").ToList();
        Assert.True(failures.Count == 0, "Audits not passed:\n" + string.Join("\n", failures));
    }

    private static async Task<List<AuditResult>> RunAuditsAsync(Uri url)
    {
        var start = new ProcessStartInfo("node", ["run-audits.mjs", url.ToString()])
        {
            WorkingDirectory = AuditFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"node run-audits.mjs exited {process.ExitCode}: {await error}");
        return JsonSerializer.Deserialize<List<AuditResult>>(await output, JsonSerializerOptions.Web)!;
    }

    private sealed record AuditResult(string Id, string Name, string Status, string? Reason);
}
