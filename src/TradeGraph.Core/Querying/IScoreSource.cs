using TradeGraph.Core.Analytics;

namespace TradeGraph.Core.Querying;

/// <summary>Computes the scores of a measure (the analytics service), before a query that names it reaches the store.</summary>
public interface IScoreSource
{
    Task<ScoreTable> ScoresAsync(ScoreMeasure measure, CancellationToken cancellationToken);
}
