using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;
using TradeGraph.Core.Querying;

namespace TradeGraph.Core.Storage.InMemory;

/// <summary>
/// Turns a <see cref="Filter"/> into a predicate over the read model's nodes, once per query. Field names are checked
/// against the model exactly as the stores check them (an unknown field is an <see cref="ArgumentException"/>).
/// SQL's unknown (NULL) never escapes a condition the store writes (<c>not</c> and <c>all</c> coalesce it to false), so
/// two-valued logic with "unknown is false" answers the same.
/// </summary>
internal sealed class FilterCompiler(ReadModelGraph graph)
{
    public Func<GraphNode, bool> Entities(Filter? filter, EntityKind kind) => filter is null ? _ => true : Entity(filter, kind);

    /// <summary>The stored value of a field of an entity: <c>key</c>, <c>name</c>, <c>description</c> or a declared property.</summary>
    public static Func<Entity, object?> EntityField(string field, EntityKind kind) => field switch
    {
        "key" => e => e.Key,
        "name" => e => e.Name,
        "description" => e => e.Description,
        _ when kind.Properties.Any(p => p.Name == field) => e => StoredValues.Of(e.Property(field)),
        _ => throw new ArgumentException($"'{field}' is not a field of this entity.", nameof(field)),
    };

    private Func<GraphNode, bool> Entity(Filter filter, EntityKind kind)
    {
        if (Logical<GraphNode>(filter, f => Entity(f, kind)) is { } logical)
        {
            return logical;
        }

        switch (filter)
        {
            case FieldComparison comparison:
                var field = EntityField(comparison.Field, kind);
                var test = ComparisonPredicate.For(comparison);
                return n => test(field(n.Entity));
            case AliasesFilter aliases:
                return Aliases(aliases);
            case CitationsFilter citations:
                var cited = Citations(citations);
                return n => cited(n.Entity.Sources);
            case RelationshipFilter relationship:
                return Relationship(relationship);
            case RelationshipCountFilter count:
                var slot = graph.Slot(count.Type, count.Direction);
                var holds = ComparisonPredicate.For(new FieldComparison("count", count.Operator, count.Value));
                return n => holds((long)n.Degree(slot));
            case ScoreComparison score:
                var scoreTest = ComparisonPredicate.For(new FieldComparison("score", score.Operator, score.Value));
                return n => scoreTest(score.Scores.ScoreOf(n.Key));
            default:
                throw new NotSupportedException(filter.GetType().Name);
        }
    }

    private static Func<GraphNode, bool> Aliases(AliasesFilter filter)
    {
        if (filter.Quantifier == ListQuantifier.Any)
        {
            return n => n.Entity.Aliases.Count > 0;
        }

        var tests = filter.Element.Select(ComparisonPredicate.For).ToArray();
        bool Matches(string alias) => Array.TrueForAll(tests, t => t(alias));
        return filter.Quantifier switch
        {
            ListQuantifier.Some => n => n.Entity.Aliases.Any(Matches),
            ListQuantifier.None => n => !n.Entity.Aliases.Any(Matches),
            _ => n => n.Entity.Aliases.All(Matches),
        };
    }

    /// <summary>Some / none / all of a fact's citations meet the element (whether each is inferred), or any exist.</summary>
    private static Func<IReadOnlyList<SourceReference>, bool> Citations(CitationsFilter filter)
    {
        if (filter.Quantifier == ListQuantifier.Any)
        {
            return sources => sources.Count > 0;
        }

        foreach (var comparison in filter.Element)
        {
            CitationsFilter.CheckField(comparison);
        }

        var tests = filter.Element.Select(ComparisonPredicate.For).ToArray();
        bool Matches(SourceReference source) => Array.TrueForAll(tests, t => t(StoredValues.Of(source.Inferred)));
        return filter.Quantifier switch
        {
            ListQuantifier.Some => sources => sources.Any(Matches),
            ListQuantifier.None => sources => !sources.Any(Matches),
            _ => sources => sources.All(Matches),
        };
    }

    private Func<GraphNode, bool> Relationship(RelationshipFilter filter)
    {
        var slot = graph.Slot(filter.Type, filter.Direction);
        var target = filter.Target is null ? null : Entity(filter.Target, graph.Model.Kind(filter.Type.TargetKind(filter.Direction)));
        var relationship = filter.Relationship is null ? null : RelationshipCondition(filter.Relationship, filter.Type);
        bool Matches(Edge edge) => (target is null || target(edge.Other)) && (relationship is null || relationship(edge.Relationship));
        return filter.Quantifier switch
        {
            RelationshipQuantifier.Some => n => Any(n.Edges(slot), Matches),
            RelationshipQuantifier.None => n => !Any(n.Edges(slot), Matches),
            _ => n => !Any(n.Edges(slot), e => !Matches(e)),
        };
    }

    /// <summary>A condition on a relationship's own properties (the <c>relationship</c> part of a relationship filter).</summary>
    private static Func<Relationship, bool> RelationshipCondition(Filter filter, RelationshipType type)
    {
        if (Logical<Relationship>(filter, f => RelationshipCondition(f, type)) is { } logical)
        {
            return logical;
        }

        switch (filter)
        {
            case FieldComparison comparison when type.Properties.Any(p => p.Name == comparison.Field):
                var test = ComparisonPredicate.For(comparison);
                return r => test(StoredValues.Of(r.Property(comparison.Field)));
            case FieldComparison comparison:
                throw new ArgumentException($"'{comparison.Field}' is not a field of this relationship.", nameof(filter));
            case CitationsFilter citations:
                var cited = Citations(citations);
                return r => cited(r.Sources);
            default:
                throw new NotSupportedException(filter.GetType().Name);
        }
    }

    /// <summary><c>and</c> / <c>or</c> / <c>not</c> over conditions compiled by <paramref name="compile"/>; null for any other filter.</summary>
    private static Func<T, bool>? Logical<T>(Filter filter, Func<Filter, Func<T, bool>> compile)
    {
        switch (filter)
        {
            case AllOf all:
                var parts = all.Filters.Select(compile).ToArray();
                return x => Every(parts, x);
            case AnyOf any:
                var options = any.Filters.Select(compile).ToArray();
                return x => !Every(options, x, expected: false);
            case Not not:
                var negated = compile(not.Filter);
                return x => !negated(x);
            default:
                return null;
        }
    }

    /// <summary>Whether every predicate gives <paramref name="expected"/> (a loop: a lambda over x would be allocated per row).</summary>
    private static bool Every<T>(Func<T, bool>[] predicates, T x, bool expected = true)
    {
        foreach (var predicate in predicates)
        {
            if (predicate(x) != expected)
            {
                return false;
            }
        }

        return true;
    }

    private static bool Any(ReadOnlySpan<Edge> edges, Func<Edge, bool> matches)
    {
        foreach (var edge in edges)
        {
            if (matches(edge))
            {
                return true;
            }
        }

        return false;
    }
}
