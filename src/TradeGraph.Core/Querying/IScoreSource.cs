namespace TradeGraph.Core.Querying;

/// <summary>Computes the scores a <see cref="ScoreTable"/> names (the analytics service), before a query reaches the store.</summary>
public interface IScoreSource
{
    /// <summary>The measures it knows, by the name a <see cref="ScoreTable"/> carries.</summary>
    IReadOnlyCollection<string> Measures { get; }

    Task LoadAsync(ScoreTable table, CancellationToken cancellationToken);
}
