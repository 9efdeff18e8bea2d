using GraphQL.Types;
using TradeGraph.Core.Analytics;

namespace TradeGraph.Api.GraphQL.Schema.Analytics;

/// <summary><c>CentralityAlgorithm</c>: one value per score measure, read from <see cref="ScoreMeasures"/>.</summary>
internal sealed class CentralityAlgorithmGraphType : EnumerationGraphType
{
    public CentralityAlgorithmGraphType()
    {
        Name = "CentralityAlgorithm";
        foreach (var measure in ScoreMeasures.All)
        {
            Add(measure.AlgorithmValue, measure, measure.AlgorithmDescription);
        }
    }
}
