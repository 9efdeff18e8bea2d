namespace TradeGraph.Core.Querying;

/// <summary>
/// A number per entity key computed outside the store (a centrality score such as PageRank), which a query can sort
/// (<see cref="ScoreSort"/>) and filter (<see cref="ScoreComparison"/>) by. The query names the measure when it is parsed;
/// the scores are loaded before the query reaches the store, which looks them up by key (SQLite through a function,
/// Neo4j through a map parameter). An entity the table does not have has no score: null, as a missing property.
/// </summary>
public sealed class ScoreTable(string measure)
{
    private IReadOnlyDictionary<string, double>? _scores;

    /// <summary>The measure's name (<c>pagerank</c>, <c>degree</c>, …): what a cursor made with it remembers.</summary>
    public string Measure { get; } = measure;

    public bool IsLoaded => _scores is not null;

    /// <summary>The scores by entity key; <see cref="InvalidOperationException"/> until <see cref="Load"/>ed.</summary>
    public IReadOnlyDictionary<string, double> Scores =>
        _scores ?? throw new InvalidOperationException($"The {Measure} scores were not loaded before the query ran.");

    public void Load(IReadOnlyDictionary<string, double> scores) => _scores = scores ?? throw new ArgumentNullException(nameof(scores));

    public double? ScoreOf(string key) => Scores.TryGetValue(key, out var score) ? score : null;

    /// <summary>Every score table a filter and an order use (inside and / or / not and relationship conditions too).</summary>
    public static IEnumerable<ScoreTable> In(Filter? filter, IReadOnlyList<SortKey>? order = null)
    {
        foreach (var key in order ?? [])
        {
            if (key is ScoreSort sort)
            {
                yield return sort.Scores;
            }
        }

        var pending = new Stack<Filter>();
        if (filter is not null)
        {
            pending.Push(filter);
        }

        while (pending.TryPop(out var next))
        {
            switch (next)
            {
                case ScoreComparison comparison:
                    yield return comparison.Scores;
                    break;
                case AllOf all:
                    foreach (var member in all.Filters)
                    {
                        pending.Push(member);
                    }

                    break;
                case AnyOf any:
                    foreach (var member in any.Filters)
                    {
                        pending.Push(member);
                    }

                    break;
                case Not not:
                    pending.Push(not.Filter);
                    break;
                case RelationshipFilter { Target: { } target }:
                    pending.Push(target);
                    break;
            }
        }
    }
}
