using TradeGraph.Core.Querying;

namespace TradeGraph.Core.Storage.InMemory;

/// <summary>
/// The entities of a kind in the store's order of one of their fields (<see cref="ReadModelGraph.OrderedBy"/>), with
/// the field's value for each: what an index is to the store. A range condition on the field (<c>eq</c>, <c>gt</c>,
/// <c>gte</c>, <c>lt</c>, <c>lte</c>, case-sensitive) narrows a read to the matching run, found by binary search; the
/// whole filter is still applied to each row of it, so the answer is the same, read from fewer rows.
/// </summary>
internal sealed record FieldOrder(GraphNode[] Nodes, object?[] Values)
{
    /// <summary>The run of rows the conditions on <paramref name="field"/> among the filter's top-level conjuncts allow (all rows when none).</summary>
    public ArraySegment<GraphNode> Range(Filter? filter, string field)
    {
        var (start, end) = (0, Nodes.Length);
        foreach (var condition in Conjuncts(filter))
        {
            if (condition is not FieldComparison { IgnoreCaseAndAccents: false, Value: { } value } comparison || comparison.Field != field
                || value is System.Collections.IEnumerable and not string)
            {
                continue;
            }

            var operand = StoredValues.Of(value);
            var firstNotNull = First(v => v is not null);
            var atLeast = First(v => StoredValues.Compare(v, operand) >= 0);
            var above = First(v => StoredValues.Compare(v, operand) > 0);
            (var from, var to) = comparison.Operator switch
            {
                ComparisonOperator.Equal => (atLeast, above),
                ComparisonOperator.GreaterThan => (above, Nodes.Length),
                ComparisonOperator.GreaterThanOrEqual => (atLeast, Nodes.Length),
                ComparisonOperator.LessThan => (firstNotNull, atLeast),
                ComparisonOperator.LessThanOrEqual => (firstNotNull, above),
                _ => (0, Nodes.Length),
            };
            (start, end) = (Math.Max(start, from), Math.Min(end, to));
        }

        return new ArraySegment<GraphNode>(Nodes, start, Math.Max(0, end - start));
    }

    /// <summary>A field whose range a top-level conjunct of the filter narrows (the first such), if any.</summary>
    public static string? RangedField(Filter? filter) => Conjuncts(filter).OfType<FieldComparison>()
        .FirstOrDefault(c => !c.IgnoreCaseAndAccents && c.Value is not null and not System.Collections.IEnumerable
            && c.Operator is ComparisonOperator.Equal or ComparisonOperator.GreaterThan or ComparisonOperator.GreaterThanOrEqual
                or ComparisonOperator.LessThan or ComparisonOperator.LessThanOrEqual)?.Field;

    /// <summary>The conditions that must all hold: the filter itself, or the members of its (nested) <c>and</c>s.</summary>
    private static IEnumerable<Filter> Conjuncts(Filter? filter) => filter switch
    {
        null => [],
        AllOf all => all.Filters.SelectMany(Conjuncts),
        _ => [filter],
    };

    /// <summary>The first index whose value meets a condition that, along the order, once met stays met.</summary>
    private int First(Func<object?, bool> met)
    {
        int low = 0, high = Values.Length;
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            if (met(Values[middle]))
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
