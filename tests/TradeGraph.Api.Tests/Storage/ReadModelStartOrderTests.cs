using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using TradeGraph.Api.Analytics;
using TradeGraph.Api.Storage;
using TradeGraph.Api.Tests.Hosting;
using TradeGraph.Core.Analytics;
using TradeGraph.Core.Storage;

namespace TradeGraph.Api.Tests.Storage;

/// <summary>
/// At start the analytics topology is read first (what the first analytics answer needs) and the read model's build
/// streams the store only once that read is done: on a 2-core box the two whole-graph reads would share the CPU.
/// </summary>
public sealed class ReadModelStartOrderTests
{
    [Fact]
    public async Task TheTopologyIsReadBeforeTheReadModelStreamsTheStore()
    {
        using var application = new StartOrderApplication();
        var readModel = Assert.IsType<ReadModelGraphStore>(application.Services.GetRequiredService<IGraphStore>());
        var recorded = Assert.IsType<StartOrderStore>(application.Services.GetRequiredService<StoreOfRecord>().Store);

        await readModel.Ready;

        Assert.True(readModel.IsReady, readModel.LoadFailure?.ToString());
        Assert.NotNull(application.Services.GetRequiredService<AnalyticsService>().Snapshot);
        Assert.Equal(["topology read started", "topology read done", "graph stream started"], recorded.Events);
    }

    private sealed class StartOrderApplication : TradeGraphApplication
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            // Not seeded: an import rebuilds the model at once, which is not the start-up order under test.
            builder.UseSetting("Seed:LoadWhenEmpty", "false");
            builder.ConfigureTestServices(services =>
            {
                var original = services.Last(d => d.ServiceType == typeof(StoreOfRecord));
                services.Remove(original);
                services.AddSingleton(sp => new StoreOfRecord(new StartOrderStore(((StoreOfRecord)original.ImplementationFactory!(sp)).Store)));
            });
        }
    }

    /// <summary>The store of record, recording when the whole graph is read for analytics and for the read model.</summary>
    private sealed class StartOrderStore(IGraphStore inner) : DelegatingGraphStore(inner), IGraphStore
    {
        private readonly IGraphStore _inner = inner;
        private readonly ConcurrentQueue<string> _events = new();

        public IReadOnlyList<string> Events => [.. _events];

        protected override void BeforeCall()
        {
        }

        async Task<GraphTopology> IGraphStore.ReadTopologyAsync(CancellationToken cancellationToken)
        {
            _events.Enqueue("topology read started");
            var topology = await _inner.ReadTopologyAsync(cancellationToken);
            _events.Enqueue("topology read done");
            return topology;
        }

        async IAsyncEnumerable<GraphElement> IGraphStore.StreamGraphAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            _events.Enqueue("graph stream started");
            await foreach (var fact in _inner.StreamGraphAsync(cancellationToken).WithCancellation(cancellationToken))
            {
                yield return fact;
            }
        }
    }
}
