using TradeGraph.Core.Analytics;

namespace TradeGraph.Core.Querying;

/// <summary>
/// The scores of one measure (<see cref="ScoreMeasures"/>) by entity key, computed outside the store, which a query can
/// sort (<see cref="ScoreSort"/>) and filter (<see cref="ScoreComparison"/>) by. Immutable. A parsed query names a measure
/// with a pending table (<see cref="Pending"/>); before the query reaches a store its pending tables are replaced by
/// complete ones (<see cref="Resolve(Filter?, IReadOnlyDictionary{ScoreMeasure, ScoreTable})"/>), so a store only ever
/// sees the scores themselves, carried by the query (SQLite binds them to the statement, Neo4j sends a map parameter).
/// An entity the table does not have has no score: null, as a missing property.
/// </summary>
public sealed class ScoreTable
{
    private readonly IReadOnlyDictionary<string, double>? _scores;
    private readonly Ranking? _ranking;

    public ScoreTable(ScoreMeasure measure, IReadOnlyDictionary<string, double> scores)
        : this(measure) => _scores = scores ?? throw new ArgumentNullException(nameof(scores));

    /// <summary>
    /// The scores of a ranking. <paramref name="describesGraphNow"/>: the ranking was computed on the graph as it is
    /// when the table is made (no write since), so its order may stand in for the store's (<see cref="RankedFirstPage"/>).
    /// </summary>
    public ScoreTable(ScoreMeasure measure, Ranking ranking, bool describesGraphNow)
        : this(measure)
    {
        _ranking = ranking ?? throw new ArgumentNullException(nameof(ranking));
        Ranked = describesGraphNow ? ranking : null;
    }

    private ScoreTable(ScoreMeasure measure) => Measure = measure ?? throw new ArgumentNullException(nameof(measure));

    /// <summary>The measure: what a cursor made with it remembers (its <see cref="ScoreMeasure.Name"/>).</summary>
    public ScoreMeasure Measure { get; }

    /// <summary>False for a table a parsed query names, until it is resolved.</summary>
    public bool IsResolved => _scores is not null || _ranking is not null;

    /// <summary>
    /// The ranking the scores come from, best first, when it describes the graph the query reads (else null): what a
    /// first page ordered by the score alone is read from without ordering every entity of the kind.
    /// </summary>
    public Ranking? Ranked { get; }

    /// <summary>
    /// The scores by entity key; <see cref="InvalidOperationException"/> on a pending table (a query not resolved). From
    /// a ranking, made on first use and kept by the ranking (a million entries at 1M, which a first page read from the
    /// ranking never needs).
    /// </summary>
    public IReadOnlyDictionary<string, double> Scores =>
        _scores ?? _ranking?.Scores ?? throw new InvalidOperationException($"The {Measure.Name} scores were not resolved before the query ran.");

    /// <summary>A table a parsed query names before its scores are known.</summary>
    public static ScoreTable Pending(ScoreMeasure measure) => new(measure);

    public double? ScoreOf(string key) => Scores.TryGetValue(key, out var score) ? score : null;

    /// <summary>The measures of the pending tables a filter and an order name (each once).</summary>
    public static IReadOnlyList<ScoreMeasure> PendingIn(Filter? filter, IReadOnlyList<SortKey>? order = null)
    {
        List<ScoreMeasure>? pending = null;
        foreach (var key in order ?? [])
        {
            if (key is ScoreSort sort)
            {
                pending = PendingScores.Add(pending, sort.Scores);
            }
        }

        pending = filter?.Accept(PendingScores.Instance, pending) ?? pending;
        return pending ?? [];
    }

    /// <summary>The filter with every pending table replaced by the complete one of its measure (the same filter when none is pending).</summary>
    public static Filter? Resolve(Filter? filter, IReadOnlyDictionary<ScoreMeasure, ScoreTable> tables) =>
        filter?.Accept(ResolvedScores.Instance, tables);

    /// <summary>The order with every pending table replaced by the complete one of its measure.</summary>
    public static IReadOnlyList<SortKey>? Resolve(IReadOnlyList<SortKey>? order, IReadOnlyDictionary<ScoreMeasure, ScoreTable> tables) =>
        order?.Select(key => key is ScoreSort { Scores.IsResolved: false } sort ? sort with { Scores = tables[sort.Scores.Measure] } : key).ToList();

    /// <summary>Every score table a filter and an order use (inside and / or / not and relationship conditions too).</summary>
    public static IEnumerable<ScoreTable> In(Filter? filter, IReadOnlyList<SortKey>? order = null)
    {
        var tables = new List<ScoreTable>();
        foreach (var key in order ?? [])
        {
            if (key is ScoreSort sort)
            {
                tables.Add(sort.Scores);
            }
        }

        filter?.Accept(ScoresUsed.Instance, tables);
        return tables;
    }
}
