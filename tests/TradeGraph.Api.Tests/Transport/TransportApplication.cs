using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using TradeGraph.Api.Tests.Hosting;
using TradeGraph.Core.Storage;

namespace TradeGraph.Api.Tests.Transport;

/// <summary>
/// The service with every store call counted (<see cref="Calls"/>) and the response cache off, so a request that executes
/// is seen in the count; trusted documents from a folder (<see cref="TrustedDocumentsFolder"/>: Hot Chocolate's
/// <c>&lt;id&gt;.graphql</c> files and a Relay persisted-queries.json), a small batch limit and CORS for one origin.
/// </summary>
public class TransportApplication : TradeGraphApplication
{
    public const string AllowedOrigin = "https://app.example.test";
    public const int MaxBatchSize = 5;

    /// <summary>Trusted document ids and texts the folder holds.</summary>
    public const string OfficialById = "official-by-key";
    public const string OfficialByIdDocument = "query OfficialByKey($key: String!) { officials(where: { key: { eq: $key } }) { nodes { key name } } }";
    public const string RelayId = "5f1c0c2a";
    public const string RelayDocument = "query CountriesCount { countries { totalCount } }";

    private readonly string _trusted = Directory.CreateTempSubdirectory("tradegraph-trusted-").FullName;

    public string TrustedDocumentsFolder => _trusted;

    /// <summary>Store calls so far (reads and writes).</summary>
    public int Calls => Services.GetRequiredService<CountingStore>().Calls;

    /// <summary>
    /// Waits until answers may be tagged and kept: not while the analytics snapshot is behind the graph (after a write, it
    /// catches up in the background).
    /// </summary>
    public async Task SettledAsync()
    {
        var cache = Services.GetRequiredService<TradeGraph.Api.GraphQLHttp.ResponseCache>();
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (cache.Version < 0)
        {
            await Task.Delay(20, patience.Token);
        }
    }

    protected virtual void Configure(IWebHostBuilder builder)
    {
    }

    protected sealed override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        File.WriteAllText(Path.Combine(_trusted, OfficialById + ".graphql"), OfficialByIdDocument);
        File.WriteAllText(Path.Combine(_trusted, "persisted-queries.json"), $$"""{ "{{RelayId}}": "{{RelayDocument}}" }""");
        builder.UseSetting("GraphQL:ResponseCache:Enabled", "false");
        builder.UseSetting("GraphQL:PersistedOperations:TrustedDocuments", _trusted);
        builder.UseSetting("GraphQL:Batching:MaxBatchSize", MaxBatchSize.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Cors:AllowedOrigins:0", AllowedOrigin);
        builder.ConfigureTestServices(services => services.WrapGraphStore(inner => new CountingStore(inner)));
        Configure(builder);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (Directory.Exists(_trusted))
        {
            Directory.Delete(_trusted, recursive: true);
        }
    }

    public sealed class CountingStore(IGraphStore inner) : DelegatingGraphStore(inner)
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        protected override void BeforeCall() => Interlocked.Increment(ref _calls);
    }
}

/// <summary><see cref="TransportApplication"/> that runs only trusted documents for callers without the admin scope.</summary>
public sealed class TrustedOnlyApplication : TransportApplication
{
    protected override void Configure(IWebHostBuilder builder) => builder.UseSetting("GraphQL:PersistedOperations:TrustedOnly", "true");
}
