namespace TradeGraph.Core.Analytics;

/// <summary>
/// The fewest-hops search, breadth-first from both ends at once (each step widens the side with the smaller frontier by
/// a whole layer), so a path query touches the neighbourhoods of its two ends instead of everything within the distance.
/// </summary>
/// <remarks>
/// The answer is the one a breadth-first search from the source alone gives: that search takes, among the shortest
/// paths, the one whose arcs come first in row order at the first step where two paths differ (each node is reached
/// from the earliest-queued neighbour, over that neighbour's first arc to it). Once both searches meet, the shortest
/// paths are exactly the walks that step from layer to layer; the nodes on them are marked, and the path is walked
/// from the source taking at each node its first arc to a marked node of the next layer.
/// </remarks>
internal sealed partial class PathSearch
{
    private RawPath? FewestHops(int source, int target, int hops, CancellationToken cancellationToken)
    {
        if (hops <= 0 || _bannedNodes?[target] == true)
        {
            return null;
        }

        // A search from the source never enters the source, so its ban (none in Yen's spurs) cannot apply to it.
        var sourceBanned = _bannedNodes?[source] == true;
        if (sourceBanned)
        {
            _bannedNodes![source] = false;
        }

        var scratch = HopScratch.Rent(_arcs.NodeCount);
        try
        {
            return FewestHops(scratch, source, target, hops, cancellationToken);
        }
        finally
        {
            scratch.Return();
            if (sourceBanned)
            {
                _bannedNodes![source] = true;
            }
        }
    }

    private RawPath? FewestHops(HopScratch scratch, int source, int target, int hops, CancellationToken cancellationToken)
    {
        var backward = Backward;
        var fromSource = scratch.Start(HopScratch.Side.Source, source, _arcs);
        var fromTarget = scratch.Start(HopScratch.Side.Target, target, backward);
        while (true)
        {
            if (fromSource.Radius + fromTarget.Radius >= hops || fromSource.FrontierSize == 0 || fromTarget.FrontierSize == 0)
            {
                return null;
            }

            // The side whose next layer costs fewer arcs to find widens.
            var met = fromSource.FrontierArcs <= fromTarget.FrontierArcs
                ? Widen(fromSource, fromTarget, _arcs, scratch.Marked, cancellationToken)
                : Widen(fromTarget, fromSource, backward, scratch.Marked, cancellationToken);
            if (met)
            {
                return WalkMarked(scratch, fromSource, fromTarget, backward);
            }
        }
    }

    /// <summary>
    /// Adds the next layer to <paramref name="side"/>; true when it reached nodes the other side holds, which are
    /// left in <paramref name="meeting"/>.
    /// </summary>
    private bool Widen(HopScratch.Layers side, HopScratch.Layers other, Csr arcs, List<int> meeting, CancellationToken cancellationToken)
    {
        var reached = side.Reached;
        var queue = side.Queue;
        var next = side.Radius + 2; // distances are kept plus one, so 0 means not reached
        var end = side.Count;
        var count = end;
        var nextArcs = 0L;
        for (var i = side.LayerStart(side.Radius); i < end; i++)
        {
            if ((i & 0x3FF) == 0)
            {
                side.Count = count; // what a cancelled search resets
                cancellationToken.ThrowIfCancellationRequested();
            }

            var u = queue[i];
            for (var k = arcs.Start[u]; k < arcs.Start[u + 1]; k++)
            {
                var v = arcs.Neighbour[k];
                if (reached[v] != 0 || !Allowed(v, arcs.Relationship[k]))
                {
                    continue;
                }

                reached[v] = next;
                queue[count++] = v;
                nextArcs += arcs.Start[v + 1] - arcs.Start[v];
                if (other.Reached[v] != 0)
                {
                    meeting.Add(v);
                }
            }
        }

        side.EndLayer(end, count, nextArcs);
        return meeting.Count > 0;
    }

    /// <summary>
    /// The path, once the sides met: marks the source side's nodes that lie on a shortest path (the meeting layer's,
    /// then back layer by layer to their predecessors), then walks from the source by each node's first arc to a node
    /// on a shortest path one layer on (the source side's marks, then the target side's distances).
    /// </summary>
    private RawPath WalkMarked(HopScratch scratch, HopScratch.Layers fromSource, HopScratch.Layers fromTarget, Csr backward)
    {
        var meet = fromSource.Radius;
        var length = meet + fromTarget.Radius;
        var reached = fromSource.Reached;
        var toTarget = fromTarget.Reached;

        // Marked: the distance kept negated. The meeting nodes all lie at the meeting layer.
        var marked = scratch.Marked;
        var previous = scratch.Previous;
        foreach (var v in marked)
        {
            reached[v] = -reached[v];
        }

        for (var layer = meet; layer > 0; layer--)
        {
            previous.Clear();
            foreach (var w in marked)
            {
                for (var k = backward.Start[w]; k < backward.Start[w + 1]; k++)
                {
                    var u = backward.Neighbour[k];
                    if (reached[u] == layer && RelationshipAllowed(backward.Relationship[k]))
                    {
                        reached[u] = -layer;
                        previous.Add(u);
                    }
                }
            }

            (marked, previous) = (previous, marked);
        }

        var nodes = new int[length + 1];
        var relationships = new int[length];
        var at = nodes[0] = fromSource.Queue[0];
        for (var step = 0; step < length; step++)
        {
            var onSourceSide = step + 1 <= meet;
            for (var k = _arcs.Start[at]; ; k++)
            {
                var v = _arcs.Neighbour[k];
                var onPath = onSourceSide ? reached[v] == -(step + 2) : toTarget[v] == length - step;
                if (onPath && Allowed(v, _arcs.Relationship[k]))
                {
                    relationships[step] = _arcs.Relationship[k];
                    nodes[step + 1] = at = v;
                    break;
                }
            }
        }

        return new RawPath(nodes, relationships, length);
    }
}
