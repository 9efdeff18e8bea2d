namespace TradeGraph.Core.Querying;

/// <summary>Computes the scores a <see cref="ScoreTable"/> names (the analytics service), before a query reaches the store.</summary>
public interface IScoreSource
{
    Task LoadAsync(ScoreTable table, CancellationToken cancellationToken);
}
