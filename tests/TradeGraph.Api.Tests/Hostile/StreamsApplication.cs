using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using TradeGraph.Api.Tests.Hosting;
using TradeGraph.Core.Storage;

namespace TradeGraph.Api.Tests.Hostile;

/// <summary>
/// The test application with small stream caps, a short send timeout, a small change buffer, a key that a test may
/// revoke while sockets use it, and a store that counts its calls (each event of the tests' subscriptions costs one).
/// </summary>
public sealed class StreamsApplication : TradeGraphApplication
{
    public const int MaxOperationsPerSocket = 64;
    public const int MaxSocketsPerCaller = 2;
    public const int MaxSockets = 3;
    public const int MaxEventStreamsPerCaller = 2;
    public const int MaxEventStreams = 3;
    public const int BufferSize = 16;
    public const int MaxResultsInFlight = 4;
    public static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(3);

    /// <summary>A write key that only this application knows, and that <see cref="RevocableKey.Revoke"/> removes.</summary>
    public const string RevocableKeyValue = "tg-test-revocable-0b9e";

    public RevocableKey Revocable { get; } = new();

    public CountingStore Store => Services.GetRequiredService<CountingStore>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("GraphQL:Subscriptions:MaxOperationsPerSocket", $"{MaxOperationsPerSocket}");
        builder.UseSetting("GraphQL:Subscriptions:MaxSocketsPerCaller", $"{MaxSocketsPerCaller}");
        builder.UseSetting("GraphQL:Subscriptions:MaxSockets", $"{MaxSockets}");
        builder.UseSetting("GraphQL:Subscriptions:MaxEventStreamsPerCaller", $"{MaxEventStreamsPerCaller}");
        builder.UseSetting("GraphQL:Subscriptions:MaxEventStreams", $"{MaxEventStreams}");
        builder.UseSetting("GraphQL:Subscriptions:BufferSize", $"{BufferSize}");
        builder.UseSetting("GraphQL:Subscriptions:MaxResultsInFlight", $"{MaxResultsInFlight}");
        builder.UseSetting("GraphQL:Subscriptions:SendTimeout", SendTimeout.ToString());
        builder.ConfigureAppConfiguration(configuration => configuration.Add(Revocable));
        builder.ConfigureTestServices(services => services.WrapGraphStore(inner => new CountingStore(inner)));
    }

    /// <summary>Counts the calls that reach the store.</summary>
    public sealed class CountingStore(IGraphStore inner) : DelegatingGraphStore(inner)
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        protected override void BeforeCall() => Interlocked.Increment(ref _calls);
    }

    /// <summary>A configuration source holding one API key (the fifth) until <see cref="Revoke"/> takes it out and reloads.</summary>
    public sealed class RevocableKey : IConfigurationSource
    {
        private readonly Provider _provider = new();

        public IConfigurationProvider Build(IConfigurationBuilder builder) => _provider;

        public void Revoke() => _provider.Revoke();

        private sealed class Provider : ConfigurationProvider
        {
            public Provider()
            {
                Data["Security:ApiKeys:4:Name"] = "test-revocable";
                Data["Security:ApiKeys:4:Hash"] = TestKeys.Hash(RevocableKeyValue);
                Data["Security:ApiKeys:4:Scopes:0"] = "write";
            }

            public void Revoke()
            {
                Data.Clear();
                OnReload();
            }
        }
    }
}
