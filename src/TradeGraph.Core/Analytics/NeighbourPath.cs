using TradeGraph.Core.Model;

namespace TradeGraph.Core.Analytics;

/// <summary>
/// One step of a <see cref="NeighbourPath"/>: a relationship type (null: any) walked in a direction relative to how the
/// relationship is stored (null: either way), whatever the projection's own direction.
/// </summary>
public sealed record Hop(string? RelationshipType = null, Direction? Direction = null);

/// <summary>
/// What counts as an entity's neighbours for similarity and co-occurrence: the nodes reached by following
/// <see cref="Hops"/> in turn (other than the entity itself), of <see cref="TargetKind"/> when it is set.
/// Officials by shared meetings: one hop, PARTICIPATES_IN outgoing (or any hop to kind Meeting). Countries by shared
/// commodities: HAS_PARTY incoming (to the meetings a country is a side in), then DISCUSSES outgoing.
/// </summary>
public sealed record NeighbourPath(IReadOnlyList<Hop> Hops, string? TargetKind = null)
{
    /// <summary>Direct neighbours of a kind, over any relationship either way.</summary>
    public static NeighbourPath Direct(string targetKind) => new([new Hop()], targetKind);

    /// <summary>The nodes reached from <paramref name="start"/>, other than itself and of the target kind, as sorted distinct ids.</summary>
    internal int[] From(GraphProjection projection, int start, bool[]? targetKinds, int[][] hopTypes)
    {
        var reached = Walk(projection, [start], hopTypes);
        reached.Remove(start);
        return [.. reached.Where(v => targetKinds is null || targetKinds[projection.NodeKind[v]]).Order()];
    }

    /// <summary>Every node at the end of a walk that starts in <paramref name="starts"/> and follows the hops in turn.</summary>
    internal HashSet<int> Walk(GraphProjection projection, IEnumerable<int> starts, int[][] hopTypes)
    {
        var current = new HashSet<int>(starts);
        for (var h = 0; h < Hops.Count; h++)
        {
            var next = new HashSet<int>();
            foreach (var v in current)
            {
                if (Hops[h].Direction != Direction.Incoming)
                {
                    Step(projection.Out, v, hopTypes[h], projection, next);
                }

                if (Hops[h].Direction != Direction.Outgoing)
                {
                    Step(projection.In, v, hopTypes[h], projection, next);
                }
            }

            current = next;
        }

        return current;
    }

    /// <summary>The same hops walked back: from a neighbour to the entities that reach it.</summary>
    internal NeighbourPath Reversed() =>
        new([.. Hops.Reverse().Select(h => h with
        {
            Direction = h.Direction switch
            {
                Direction.Outgoing => Direction.Incoming,
                Direction.Incoming => Direction.Outgoing,
                _ => null,
            },
        })]);

    /// <summary>Per hop, the type ids it may use: empty for any type, [−1] when the projection lacks the type.</summary>
    internal int[][] TypeIds(GraphProjection projection) =>
        [.. Hops.Select(h => h.RelationshipType is null ? Array.Empty<int>() : [projection.TypeId(h.RelationshipType)])];

    private static void Step(Csr rows, int v, int[] types, GraphProjection projection, HashSet<int> into)
    {
        for (var k = rows.Start[v]; k < rows.Start[v + 1]; k++)
        {
            if (types.Length == 0 || types[0] == projection.RelationshipType[rows.Relationship[k]])
            {
                into.Add(rows.Neighbour[k]);
            }
        }
    }
}
