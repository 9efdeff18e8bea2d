using System.Net.Http.Headers;
using GraphQL;
using GraphQL.Transport;
using Microsoft.AspNetCore.Hosting;
using TradeGraph.Api.GraphQLHttp;
using TradeGraph.Api.Security;
using TradeGraph.Api.Tests.Hosting;
using TradeGraph.Api.Tests.Performance;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Storage;

namespace TradeGraph.MicroBenchmarks;

/// <summary>
/// The real service in process (the test suite's host: its own seeded SQLite file in a temporary folder), with the
/// pieces the benchmarks call directly: an HTTP client on the test server, the request runner and the serializer.
/// </summary>
internal sealed class InProcessServer : IDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    private readonly BenchApplication _application;

    /// <param name="graph">The data instead of the seed (e.g. the synthetic trade graph); null serves the seed.</param>
    public InProcessServer(GraphDocument? graph = null)
    {
        _application = new BenchApplication(seed: graph is null);
        Client = _application.CreateClient();
        if (graph is not null)
        {
            _application.Services.GetRequiredService<IGraphStore>().ImportAsync(graph, CancellationToken.None).GetAwaiter().GetResult();
        }

        Runner = _application.Services.GetRequiredService<GraphQLRequestRunner>();
        Serializer = _application.Services.GetRequiredService<IGraphQLTextSerializer>();
    }

    public HttpClient Client { get; }

    public GraphQLRequestRunner Runner { get; }

    public IGraphQLTextSerializer Serializer { get; }

    /// <summary>POSTs a workload's body and returns the response's bytes.</summary>
    public async Task<byte[]> PostAsync(byte[] body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = Json;
        using var response = await Client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>The workload as the HTTP endpoint hands it to the runner (variables parsed by the same serializer).</summary>
    public GraphQLRequest Request(Workload workload, string? query = null) => new()
    {
        Query = query ?? workload.Query,
        Variables = workload.Variables is null ? null : Serializer.Deserialize<Inputs>(Serializer.Serialize(workload.Variables)),
    };

    /// <summary>Runs a request past HTTP, as the endpoint does for an anonymous POST, in a scope of its own.</summary>
    public async Task<ExecutionResult> ExecuteAsync(GraphQLRequest request)
    {
        await using var scope = _application.Services.CreateAsyncScope();
        var userContext = new Dictionary<string, object?> { [Caller.ContextKey] = Caller.Anonymous };
        var result = await Runner.ExecuteAsync(request, GraphQLTransport.HttpPost, scope.ServiceProvider, null, userContext, CancellationToken.None);
        if (result.Errors is { Count: > 0 } errors)
        {
            throw new InvalidOperationException("The workload failed: " + string.Join("; ", errors.Select(e => e.Message)));
        }

        return result;
    }

    public void Dispose()
    {
        Client.Dispose();
        _application.Dispose();
    }

    /// <summary>
    /// Names the content root itself: run by BenchmarkDotNet, the factory does not find it from the build's manifest
    /// and falls back to a folder that does not exist.
    /// </summary>
    private sealed class BenchApplication(bool seed) : TradeGraphApplication
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Seed:LoadWhenEmpty", seed ? "true" : "false");
            builder.UseContentRoot(Path.Combine(Workloads.RepositoryRoot(), "src", "TradeGraph.Api"));
        }
    }
}
