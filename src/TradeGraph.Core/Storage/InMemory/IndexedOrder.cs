using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;
using TradeGraph.Core.Querying;

namespace TradeGraph.Core.Storage.InMemory;

/// <summary>
/// The entities of a kind in the store's order of one or two of their fields, then by key (NULL first), with the
/// fields' values: what a (composite) index is to the store. Kept in step with writes (<see cref="Add"/> /
/// <see cref="Remove"/>), so a read narrows to a run by binary search: an <c>eq</c> on the first field, then any range
/// on the last. Not thread-safe: built under the read lock (<see cref="IndexedOrders"/> tolerates a race), changed
/// only under the write lock.
/// </summary>
internal sealed class IndexedOrder
{
    private readonly Func<Entity, object?>[] _readers;
    private readonly List<GraphNode> _nodes;
    private readonly List<object?>[] _values;

    public IndexedOrder(EntityKind kind, string[] fields, IReadOnlyList<GraphNode> nodes)
    {
        Fields = fields;
        _readers = Array.ConvertAll(fields, f => FilterCompiler.EntityField(f, kind));
        var rows = new (GraphNode Node, object?[] Values)[nodes.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = (nodes[i], Read(nodes[i].Entity));
        }

        Array.Sort(rows, (a, b) => Compare(a.Values, a.Node.Key, b.Values, b.Node.Key));
        _nodes = new List<GraphNode>(rows.Length);
        _values = Array.ConvertAll(fields, _ => new List<object?>(rows.Length));
        foreach (var (node, values) in rows)
        {
            _nodes.Add(node);
            for (var f = 0; f < values.Length; f++)
            {
                _values[f].Add(values[f]);
            }
        }
    }

    public string[] Fields { get; }

    public int Count => _nodes.Count;

    public GraphNode this[int index] => _nodes[index];

    /// <summary>Puts an entity (as it is now) in its place.</summary>
    public void Add(GraphNode node)
    {
        var values = Read(node.Entity);
        var at = LowerBound(values, node.Key);
        _nodes.Insert(at, node);
        for (var f = 0; f < values.Length; f++)
        {
            _values[f].Insert(at, values[f]);
        }
    }

    /// <summary>Takes an entity out; call before its entity changes (its place is found from the values it was added with).</summary>
    public void Remove(GraphNode node)
    {
        var at = LowerBound(Read(node.Entity), node.Key);
        if (at >= _nodes.Count || !ReferenceEquals(_nodes[at], node))
        {
            at = _nodes.IndexOf(node);
        }

        if (at >= 0)
        {
            _nodes.RemoveAt(at);
            foreach (var values in _values)
            {
                values.RemoveAt(at);
            }
        }
    }

    /// <summary>
    /// The run the filter's top-level conjuncts allow: <c>eq</c> on every field before the last, then any range
    /// condition on the last. <see cref="OrderRun.Exact"/> when every conjunct was one of those, so the run holds
    /// exactly the matching rows.
    /// </summary>
    public OrderRun Run(IReadOnlyList<Filter> conjuncts)
    {
        var (start, end, used) = (0, _nodes.Count, 0);
        for (var f = 0; f < Fields.Length; f++)
        {
            var last = f == Fields.Length - 1;
            var fixedValue = false;
            foreach (var conjunct in conjuncts)
            {
                if (IndexedOrders.Narrowing(conjunct) is not { } comparison || comparison.Field != Fields[f]
                    || (!last && comparison.Operator != ComparisonOperator.Equal))
                {
                    continue;
                }

                (start, end) = Narrow(_values[f], comparison, start, end);
                fixedValue |= comparison.Operator == ComparisonOperator.Equal;
                used++;
            }

            // Past a field not fixed to one value, the next field is not in order along the run.
            if (!last && !fixedValue)
            {
                break;
            }
        }

        return new OrderRun(this, start, Math.Max(0, end - start), used == conjuncts.Count);
    }

    private object?[] Read(Entity entity) => Array.ConvertAll(_readers, read => read(entity));

    private int LowerBound(object?[] values, string key)
    {
        int low = 0, high = _nodes.Count;
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            var order = 0;
            for (var f = 0; f < values.Length && order == 0; f++)
            {
                order = StoredValues.Compare(_values[f][middle], values[f]);
            }

            if ((order != 0 ? order : StoredValues.CompareText(_nodes[middle].Key, key)) < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    private static int Compare(object?[] a, string aKey, object?[] b, string bKey)
    {
        for (var f = 0; f < a.Length; f++)
        {
            var order = StoredValues.Compare(a[f], b[f]);
            if (order != 0)
            {
                return order;
            }
        }

        return StoredValues.CompareText(aKey, bKey);
    }

    /// <summary>The part of [start, end) a range condition keeps, the values there being in order (NULL first).</summary>
    private static (int Start, int End) Narrow(List<object?> values, FieldComparison comparison, int start, int end)
    {
        var operand = StoredValues.Of(comparison.Value);
        // Only the bounds the operator needs are searched for.
        int AtLeast() => First(values, start, end, v => StoredValues.Compare(v, operand) >= 0);
        int Above() => First(values, start, end, v => StoredValues.Compare(v, operand) > 0);
        int FirstNotNull() => First(values, start, end, v => v is not null);
        (var from, var to) = comparison.Operator switch
        {
            ComparisonOperator.Equal => (AtLeast(), Above()),
            ComparisonOperator.GreaterThan => (Above(), end),
            ComparisonOperator.GreaterThanOrEqual => (AtLeast(), end),
            ComparisonOperator.LessThan => (FirstNotNull(), AtLeast()),
            _ => (FirstNotNull(), Above()),
        };
        return (Math.Max(start, from), Math.Min(end, to));
    }

    /// <summary>The first index in [start, end) whose value meets a condition that, along the order, once met stays met.</summary>
    private static int First(List<object?> values, int start, int end, Func<object?, bool> met)
    {
        int low = start, high = end;
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            if (met(values[middle]))
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        return low;
    }
}

/// <summary>
/// A run of an <see cref="IndexedOrder"/>: the candidates a filter allows, in the order's order. <see cref="Exact"/>:
/// every top-level condition of the filter was used to find the run (with the same comparisons the filter makes), so
/// every row of it matches and its length is the count.
/// </summary>
internal sealed class OrderRun(IndexedOrder order, int start, int count, bool exact) : IReadOnlyList<GraphNode>
{
    public bool Exact { get; } = exact;

    public int Count => count;

    public GraphNode this[int index] => order[start + index];

    public IEnumerator<GraphNode> GetEnumerator()
    {
        for (var i = 0; i < count; i++)
        {
            yield return order[start + i];
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
