using TradeGraph.Core.Analytics;
using TradeGraph.Core.Querying;

namespace TradeGraph.Api.GraphQL.Schema.Analytics;

/// <summary>
/// The opaque cursor of a place in a neighbourhood's order (distance, then key): a keyset cursor like every other, so
/// the next page stays right when nodes are added or removed before it.
/// </summary>
internal static class NeighbourhoodCursor
{
    private static readonly IReadOnlyList<SortKey> Order = [new FieldSort("distance", Descending: false)];

    public static string Encode(SubgraphPosition position) => Cursor.Encode(Order, [position.Distance], position.Key);

    /// <summary>The place a cursor points at; <see cref="InvalidCursorException"/> when it is not a neighbourhood's.</summary>
    public static SubgraphPosition Decode(string cursor)
    {
        var (values, key) = Cursor.Decode(cursor, Order);
        return values[0] is long distance and >= 0 and <= int.MaxValue
            ? new SubgraphPosition((int)distance, key)
            : throw new InvalidCursorException(cursor);
    }
}
