using TradeGraph.Core.Analytics;
using TradeGraph.Core.Querying.Filtering;

namespace TradeGraph.Core.Querying;

// The walks ScoreTable makes over a filter, as visitors: a new filter form that could hold a score is a compile error
// here as in every store (decision 0027), not a table silently missed. Only a relationship condition's target can hold
// a score (the stores refuse scores on the relationship walked).

/// <summary>Collects the measures of pending tables, each once; the list is made only when there is one.</summary>
internal sealed class PendingScores : IFilterVisitor<List<ScoreMeasure>?, List<ScoreMeasure>?>
{
    public static PendingScores Instance { get; } = new();

    public static List<ScoreMeasure>? Add(List<ScoreMeasure>? pending, ScoreTable table)
    {
        if (!table.IsResolved && !(pending ??= []).Contains(table.Measure))
        {
            pending.Add(table.Measure);
        }

        return pending;
    }

    public List<ScoreMeasure>? AllOf(AllOf filter, List<ScoreMeasure>? scope) => Each(filter.Filters, scope);

    public List<ScoreMeasure>? AnyOf(AnyOf filter, List<ScoreMeasure>? scope) => Each(filter.Filters, scope);

    public List<ScoreMeasure>? Not(Not filter, List<ScoreMeasure>? scope) => filter.Filter.Accept(this, scope);

    public List<ScoreMeasure>? Field(FieldComparison filter, List<ScoreMeasure>? scope) => scope;

    public List<ScoreMeasure>? Aliases(AliasesFilter filter, List<ScoreMeasure>? scope) => scope;

    public List<ScoreMeasure>? Citations(CitationsFilter filter, List<ScoreMeasure>? scope) => scope;

    public List<ScoreMeasure>? Relationship(RelationshipFilter filter, List<ScoreMeasure>? scope) => filter.Target?.Accept(this, scope) ?? scope;

    public List<ScoreMeasure>? RelationshipCount(RelationshipCountFilter filter, List<ScoreMeasure>? scope) => scope;

    public List<ScoreMeasure>? Score(ScoreComparison filter, List<ScoreMeasure>? scope) => Add(scope, filter.Scores);

    private List<ScoreMeasure>? Each(IReadOnlyList<Filter> filters, List<ScoreMeasure>? scope)
    {
        foreach (var member in filters)
        {
            scope = member.Accept(this, scope);
        }

        return scope;
    }
}

/// <summary>Collects every score table a filter uses.</summary>
internal sealed class ScoresUsed : IFilterVisitor<List<ScoreTable>, bool>
{
    public static ScoresUsed Instance { get; } = new();

    public bool AllOf(AllOf filter, List<ScoreTable> scope) => Each(filter.Filters, scope);

    public bool AnyOf(AnyOf filter, List<ScoreTable> scope) => Each(filter.Filters, scope);

    public bool Not(Not filter, List<ScoreTable> scope) => filter.Filter.Accept(this, scope);

    public bool Field(FieldComparison filter, List<ScoreTable> scope) => true;

    public bool Aliases(AliasesFilter filter, List<ScoreTable> scope) => true;

    public bool Citations(CitationsFilter filter, List<ScoreTable> scope) => true;

    public bool Relationship(RelationshipFilter filter, List<ScoreTable> scope) => filter.Target?.Accept(this, scope) ?? true;

    public bool RelationshipCount(RelationshipCountFilter filter, List<ScoreTable> scope) => true;

    public bool Score(ScoreComparison filter, List<ScoreTable> scope)
    {
        scope.Add(filter.Scores);
        return true;
    }

    private bool Each(IReadOnlyList<Filter> filters, List<ScoreTable> scope)
    {
        foreach (var member in filters)
        {
            member.Accept(this, scope);
        }

        return true;
    }
}

/// <summary>Rebuilds a filter with every pending table replaced by the complete one of its measure.</summary>
internal sealed class ResolvedScores : IFilterVisitor<IReadOnlyDictionary<ScoreMeasure, ScoreTable>, Filter>
{
    public static ResolvedScores Instance { get; } = new();

    public Filter AllOf(AllOf filter, IReadOnlyDictionary<ScoreMeasure, ScoreTable> scope) =>
        filter with { Filters = [.. filter.Filters.Select(f => f.Accept(this, scope))] };

    public Filter AnyOf(AnyOf filter, IReadOnlyDictionary<ScoreMeasure, ScoreTable> scope) =>
        filter with { Filters = [.. filter.Filters.Select(f => f.Accept(this, scope))] };

    public Filter Not(Not filter, IReadOnlyDictionary<ScoreMeasure, ScoreTable> scope) => filter with { Filter = filter.Filter.Accept(this, scope) };

    public Filter Field(FieldComparison filter, IReadOnlyDictionary<ScoreMeasure, ScoreTable> scope) => filter;

    public Filter Aliases(AliasesFilter filter, IReadOnlyDictionary<ScoreMeasure, ScoreTable> scope) => filter;

    public Filter Citations(CitationsFilter filter, IReadOnlyDictionary<ScoreMeasure, ScoreTable> scope) => filter;

    public Filter Relationship(RelationshipFilter filter, IReadOnlyDictionary<ScoreMeasure, ScoreTable> scope) =>
        filter.Target is { } target ? filter with { Target = target.Accept(this, scope) } : filter;

    public Filter RelationshipCount(RelationshipCountFilter filter, IReadOnlyDictionary<ScoreMeasure, ScoreTable> scope) => filter;

    public Filter Score(ScoreComparison filter, IReadOnlyDictionary<ScoreMeasure, ScoreTable> scope) =>
        filter.Scores.IsResolved ? filter : filter with { Scores = scope[filter.Scores.Measure] };
}
