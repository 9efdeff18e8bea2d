using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;
using TradeGraph.Core.Querying;
using TradeGraph.Core.Querying.Filtering;

namespace TradeGraph.Core.Storage.InMemory;

/// <summary>
/// Turns a <see cref="Filter"/> into a predicate over the read model's nodes, once per query: one visitor for conditions
/// on entities, one for conditions on the relationship walked; comparisons through <see cref="ComparisonPredicate"/>.
/// Field names are checked against the model exactly as the stores check them (an unknown field is an
/// <see cref="ArgumentException"/>). SQL's unknown (NULL) never escapes a condition the store writes (<c>not</c> and
/// <c>all</c> coalesce it to false), so two-valued logic with "unknown is false" answers the same.
/// </summary>
internal sealed class FilterCompiler(ReadModelGraph graph)
{
    private readonly EntityConditions _entities = new(graph);

    public Func<GraphNode, bool> Entities(Filter? filter, EntityKind kind) => filter is null ? _ => true : filter.Accept(_entities, kind);

    /// <summary>The stored value of a field of an entity: <c>key</c>, <c>name</c>, <c>description</c> or a declared property.</summary>
    public static Func<Entity, object?> EntityField(string field, EntityKind kind) => field switch
    {
        "key" => e => e.Key,
        "name" => e => e.Name,
        "description" => e => e.Description,
        _ when kind.Properties.Any(p => p.Name == field) => e => StoredValues.Of(e.Property(field)),
        _ => throw new ArgumentException($"'{field}' is not a field of this entity.", nameof(field)),
    };

    private sealed class EntityConditions(ReadModelGraph graph) : IFilterVisitor<EntityKind, Func<GraphNode, bool>>
    {
        public Func<GraphNode, bool> AllOf(AllOf filter, EntityKind kind) => Logic.All(filter, f => f.Accept(this, kind));

        public Func<GraphNode, bool> AnyOf(AnyOf filter, EntityKind kind) => Logic.Any(filter, f => f.Accept(this, kind));

        public Func<GraphNode, bool> Not(Not filter, EntityKind kind) => Logic.Not(filter.Filter.Accept(this, kind));

        public Func<GraphNode, bool> Field(FieldComparison filter, EntityKind kind)
        {
            var field = EntityField(filter.Field, kind);
            var test = ComparisonPredicate.For(filter);
            return n => test(field(n.Entity));
        }

        public Func<GraphNode, bool> Aliases(AliasesFilter filter, EntityKind kind)
        {
            var tests = filter.Element.Select(ComparisonPredicate.For).ToArray();
            bool Matches(string alias) => Array.TrueForAll(tests, t => t(alias));
            return Quantifiers.Match<Func<GraphNode, bool>>(filter.Quantifier,
                some: () => n => n.Entity.Aliases.Any(Matches),
                none: () => n => !n.Entity.Aliases.Any(Matches),
                all: () => n => n.Entity.Aliases.All(Matches),
                notEmpty: () => n => n.Entity.Aliases.Count > 0);
        }

        public Func<GraphNode, bool> Citations(CitationsFilter filter, EntityKind kind)
        {
            var cited = CitationsOf(filter);
            return n => cited(n.Entity.Sources);
        }

        public Func<GraphNode, bool> Relationship(RelationshipFilter filter, EntityKind kind)
        {
            var slot = graph.Slot(filter.Type, filter.Direction);
            var target = filter.Target?.Accept(this, graph.Model.Kind(filter.Type.TargetKind(filter.Direction)));
            var relationship = filter.Relationship?.Accept(RelationshipConditions.Instance, filter.Type);
            bool Matches(Edge edge) => (target is null || target(graph.Other(edge))) && (relationship is null || relationship(graph.FactsOf(edge)));
            return Quantifiers.Match<Func<GraphNode, bool>>(filter.Quantifier,
                some: () => n => Any(n.Edges(slot), Matches),
                none: () => n => !Any(n.Edges(slot), Matches),
                all: () => n => !Any(n.Edges(slot), e => !Matches(e)));
        }

        public Func<GraphNode, bool> RelationshipCount(RelationshipCountFilter filter, EntityKind kind)
        {
            var slot = graph.Slot(filter.Type, filter.Direction);
            var holds = ComparisonPredicate.For(filter);
            return n => holds((long)n.Degree(slot));
        }

        public Func<GraphNode, bool> Score(ScoreComparison filter, EntityKind kind)
        {
            var holds = ComparisonPredicate.For(filter);
            return n => holds(filter.Scores.ScoreOf(n.Key));
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

    /// <summary>Conditions on a relationship's own properties and citations (the <c>relationship</c> part of a relationship filter).</summary>
    private sealed class RelationshipConditions : IFilterVisitor<RelationshipType, Func<RelationshipFacts, bool>>
    {
        public static readonly RelationshipConditions Instance = new();

        public Func<RelationshipFacts, bool> AllOf(AllOf filter, RelationshipType type) => Logic.All(filter, f => f.Accept(this, type));

        public Func<RelationshipFacts, bool> AnyOf(AnyOf filter, RelationshipType type) => Logic.Any(filter, f => f.Accept(this, type));

        public Func<RelationshipFacts, bool> Not(Not filter, RelationshipType type) => Logic.Not(filter.Filter.Accept(this, type));

        public Func<RelationshipFacts, bool> Field(FieldComparison filter, RelationshipType type)
        {
            if (!type.Properties.Any(p => p.Name == filter.Field))
            {
                throw new ArgumentException($"'{filter.Field}' is not a field of this relationship.", nameof(filter));
            }

            var test = ComparisonPredicate.For(filter);
            return r => test(StoredValues.Of(r.Property(filter.Field)));
        }

        public Func<RelationshipFacts, bool> Citations(CitationsFilter filter, RelationshipType type)
        {
            var cited = CitationsOf(filter);
            return r => cited(r.Sources);
        }

        public Func<RelationshipFacts, bool> Aliases(AliasesFilter filter, RelationshipType type) => throw Unsupported(filter);

        public Func<RelationshipFacts, bool> Relationship(RelationshipFilter filter, RelationshipType type) => throw Unsupported(filter);

        public Func<RelationshipFacts, bool> RelationshipCount(RelationshipCountFilter filter, RelationshipType type) => throw Unsupported(filter);

        public Func<RelationshipFacts, bool> Score(ScoreComparison filter, RelationshipType type) => throw Unsupported(filter);

        private static NotSupportedException Unsupported(Filter filter) => new(filter.GetType().Name);
    }

    /// <summary>Some / none / all of a fact's citations meet the element (whether each is inferred), or any exist.</summary>
    private static Func<IReadOnlyList<SourceReference>, bool> CitationsOf(CitationsFilter filter)
    {
        Func<SourceReference, bool> Element()
        {
            foreach (var comparison in filter.Element)
            {
                CitationsFilter.CheckField(comparison);
            }

            var tests = filter.Element.Select(ComparisonPredicate.For).ToArray();
            return source => Array.TrueForAll(tests, t => t(StoredValues.Of(source.Inferred)));
        }

        return Quantifiers.Match<Func<IReadOnlyList<SourceReference>, bool>>(filter.Quantifier,
            some: () =>
            {
                var matches = Element();
                return sources => sources.Any(matches);
            },
            none: () =>
            {
                var matches = Element();
                return sources => !sources.Any(matches);
            },
            all: () =>
            {
                var matches = Element();
                return sources => sources.All(matches);
            },
            notEmpty: () => sources => sources.Count > 0);
    }

    /// <summary><c>and</c> / <c>or</c> / <c>not</c> over compiled conditions, as loops (a lambda over x would be allocated per row).</summary>
    private static class Logic
    {
        public static Func<T, bool> All<T>(AllOf filter, Func<Filter, Func<T, bool>> compile)
        {
            var parts = filter.Filters.Select(compile).ToArray();
            return x => Every(parts, x);
        }

        public static Func<T, bool> Any<T>(AnyOf filter, Func<Filter, Func<T, bool>> compile)
        {
            var options = filter.Filters.Select(compile).ToArray();
            return x => !Every(options, x, expected: false);
        }

        public static Func<T, bool> Not<T>(Func<T, bool> negated) => x => !negated(x);

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
    }
}
