using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TradeGraph.Storage.Neo4j;
using TradeGraph.Storage.Neo4j.QueryApi;

namespace TradeGraph.Storage.Tests.Neo4j.QueryApi;

/// <summary>
/// The client as the application gets it (AddNeo4jQueryApi over configuration), aimed at a test address, with tiny
/// retry delays, generous timeouts and a circuit that does not open unless a test asks for it. Counts the HTTP requests
/// the client sends (a handler in its HttpClient), which a server cannot always see (refused, cancelled early).
/// </summary>
internal sealed class TestClient : IAsyncDisposable
{
    public static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    private readonly ServiceProvider _provider;
    private readonly SendCounter _counter = new();

    private TestClient(Uri uri, IDictionary<string, string?>? settings, TimeProvider? time)
    {
        var values = new Dictionary<string, string?>
        {
            ["Storage:Neo4j:Uri"] = uri.ToString(),
            ["Storage:Neo4j:Username"] = "neo4j",
            ["Storage:Neo4j:Password"] = "verysecret",
            ["Storage:Neo4j:AttemptTimeout"] = "00:00:30",
            ["Storage:Neo4j:TotalTimeout"] = "00:01:00",
            ["Storage:Neo4j:MaxRetries"] = "3",
            ["Storage:Neo4j:RetryDelay"] = "00:00:00.001",
            ["Storage:Neo4j:BreakMinimumThroughput"] = "1000",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        services.AddNeo4jQueryApi();
        services.AddHttpClient(Neo4jQueryApiClient.HttpClientName).AddHttpMessageHandler(() => new CountingHandler(_counter));
        _provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public static TestClient Create(Uri uri, IDictionary<string, string?>? settings = null, TimeProvider? time = null) => new(uri, settings, time);

    public INeo4jQueryRunner Runner => _provider.GetRequiredService<INeo4jQueryRunner>();

    public Neo4jQueryApiClient Client => _provider.GetRequiredService<Neo4jQueryApiClient>();

    public IServiceProvider Services => _provider;

    /// <summary>HTTP requests the client started (each attempt, each statement, each rollback).</summary>
    public int Sends => _counter.Count;

    /// <summary>A token for a test call: generous, so a hang fails the test instead of stalling the run.</summary>
    public static CancellationToken Token() => new CancellationTokenSource(Generous).Token;

    public ValueTask DisposeAsync() => _provider.DisposeAsync();

    private sealed class SendCounter
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public void Add() => Interlocked.Increment(ref _count);
    }

    private sealed class CountingHandler(SendCounter counter) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            counter.Add();
            return base.SendAsync(request, cancellationToken);
        }
    }
}
