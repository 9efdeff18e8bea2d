using TradeGraph.Core.Graph;
using TradeGraph.Core.Tests.Analytics;

namespace TradeGraph.MicroBenchmarks;

/// <summary>The analytics benchmark's synthetic trade graph, made servable: every country gets the isoCode the schema requires.</summary>
internal static class SyntheticData
{
    public static GraphDocument Generate(int relationships)
    {
        var graph = SyntheticTradeGraph.Generate(relationships);
        var country = 0;
        var entities = graph.Entities.Select(e => e.Kind == "Country"
            ? e with { Properties = new Dictionary<string, object?>(e.Properties) { ["isoCode"] = IsoCode(country++) } }
            : e).ToList();
        return graph with { Entities = entities };
    }

    // Two capital letters, distinct for the first 676 countries.
    private static string IsoCode(int index) => string.Concat((char)('A' + (index / 26 % 26)), (char)('A' + (index % 26)));
}
