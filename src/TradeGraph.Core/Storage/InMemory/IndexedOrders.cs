using System.Collections.Concurrent;
using TradeGraph.Core.Model;
using TradeGraph.Core.Querying;

namespace TradeGraph.Core.Storage.InMemory;

/// <summary>
/// The read model's indexes: an <see cref="IndexedOrder"/> per (kind, fields) a read has asked for, built on first use
/// from the kind's entities and from then on kept in step by the graph's per-entity add and remove (a write moves an
/// entity in each order of its kind instead of dropping them all). The choice of order for a read lives here too:
/// the filter's first <c>eq</c> condition picks the first field (its postings), then the sort field or a range
/// condition the second, so a page reads from its start and a count is a run's length.
/// </summary>
internal sealed class IndexedOrders
{
    /// <summary>
    /// Two-field orders a read may add (each holds the kind's entities once more): enough for every eq-then-sort shape a
    /// frontend sends, and a bound on what a client spreading filters over every pair of fields could make the model hold.
    /// Past it, reads use the one-field order (correct, less narrow).
    /// </summary>
    internal const int MaxTwoFieldOrders = 64;

    private readonly ConcurrentDictionary<(string Kind, string First, string? Then), IndexedOrder> _orders = new();
    private int _twoFieldOrders;

    /// <summary>A top-level condition an order can narrow to exactly: <c>eq</c>, <c>gt</c>, <c>gte</c>, <c>lt</c>, <c>lte</c> with a value, case-sensitive.</summary>
    public static FieldComparison? Narrowing(Filter filter) => filter is FieldComparison
    {
        IgnoreCaseAndAccents: false,
        Value: { } value,
        Operator: ComparisonOperator.Equal or ComparisonOperator.GreaterThan or ComparisonOperator.GreaterThanOrEqual
            or ComparisonOperator.LessThan or ComparisonOperator.LessThanOrEqual,
    } comparison && value is string or not System.Collections.IEnumerable ? comparison : null;

    /// <summary>The conditions that must all hold: the filter itself, or the members of its (nested) <c>and</c>s.</summary>
    public static List<Filter> Conjuncts(Filter? filter)
    {
        var conjuncts = new List<Filter>();
        Collect(filter, conjuncts);
        return conjuncts;

        static void Collect(Filter? filter, List<Filter> into)
        {
            switch (filter)
            {
                case null:
                    break;
                case AllOf all:
                    foreach (var member in all.Filters)
                    {
                        Collect(member, into);
                    }

                    break;
                default:
                    into.Add(filter);
                    break;
            }
        }
    }

    /// <summary>The kind in the order of <paramref name="sortField"/>, narrowed to the postings of the filter's first <c>eq</c> on another field.</summary>
    public OrderRun Ordered(EntityKind kind, Filter? filter, string sortField, IReadOnlyList<GraphNode> ofKind)
    {
        var conjuncts = Conjuncts(filter);
        var equal = FirstField(conjuncts, c => c.Operator == ComparisonOperator.Equal && c.Field != sortField);
        var order = (equal is null ? null : TwoFields(kind, equal, sortField, ofKind)) ?? For(kind, sortField, null, ofKind);
        return order.Run(conjuncts);
    }

    /// <summary>The run the filter's conditions narrow the kind to (an <c>eq</c> first, then another condition), or null when none can.</summary>
    public OrderRun? Narrowed(EntityKind kind, Filter? filter, IReadOnlyList<GraphNode> ofKind)
    {
        var conjuncts = Conjuncts(filter);
        var equal = FirstField(conjuncts, c => c.Operator == ComparisonOperator.Equal);
        if ((equal ?? FirstField(conjuncts, _ => true)) is not { } first)
        {
            return null;
        }

        // A second field narrows only after an eq on the first.
        var then = equal is null ? null : FirstField(conjuncts, c => c.Field != first);
        var order = (then is null ? null : TwoFields(kind, first, then, ofKind)) ?? For(kind, first, null, ofKind);
        return order.Run(conjuncts);
    }

    /// <summary>Adds an entity (as it is now) to every order of its kind.</summary>
    public void Add(GraphNode node)
    {
        foreach (var ((kind, _, _), order) in _orders)
        {
            if (kind == node.Entity.Kind)
            {
                order.Add(node);
            }
        }
    }

    /// <summary>Takes an entity out of every order of its kind; call before its entity changes.</summary>
    public void Remove(GraphNode node)
    {
        foreach (var ((kind, _, _), order) in _orders)
        {
            if (kind == node.Entity.Kind)
            {
                order.Remove(node);
            }
        }
    }

    /// <summary>The (first, then) order, or null when it is not built and the bound on two-field orders is reached.</summary>
    private IndexedOrder? TwoFields(EntityKind kind, string first, string then, IReadOnlyList<GraphNode> ofKind)
    {
        if (_orders.TryGetValue((kind.Name, first, then), out var built))
        {
            return built;
        }

        var room = Volatile.Read(ref _twoFieldOrders) < MaxTwoFieldOrders && Interlocked.Increment(ref _twoFieldOrders) <= MaxTwoFieldOrders;
        return room ? For(kind, first, then, ofKind) : null;
    }

    private IndexedOrder For(EntityKind kind, string first, string? then, IReadOnlyList<GraphNode> ofKind) =>
        _orders.GetOrAdd((kind.Name, first, then), _ => new IndexedOrder(kind, then is null ? [first] : [first, then], ofKind));

    private static string? FirstField(List<Filter> conjuncts, Func<FieldComparison, bool> wanted)
    {
        foreach (var conjunct in conjuncts)
        {
            if (Narrowing(conjunct) is { } comparison && wanted(comparison))
            {
                return comparison.Field;
            }
        }

        return null;
    }
}
