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
        var fromSource = scratch.Start(HopScratch.Side.Source, source);
        var fromTarget = scratch.Start(HopScratch.Side.Target, target);
        var backward = Backward;
        while (true)
        {
            if (fromSource.Radius + fromTarget.Radius >= hops || fromSource.FrontierSize == 0 || fromTarget.FrontierSize == 0)
            {
                return null;
            }

            var met = fromSource.FrontierSize <= fromTarget.FrontierSize
                ? Widen(fromSource, fromTarget, _arcs, cancellationToken)
                : Widen(fromTarget, fromSource, backward, cancellationToken);
            if (met)
            {
                return WalkMarked(fromSource, fromTarget, backward);
            }
        }
    }

    /// <summary>Adds the next layer to <paramref name="side"/>; true when it reached a node the other side holds.</summary>
    private bool Widen(HopScratch.Layers side, HopScratch.Layers other, Csr arcs, CancellationToken cancellationToken)
    {
        var met = false;
        var reached = side.Reached;
        var queue = side.Queue;
        var next = side.Radius + 2; // distances are kept plus one, so 0 means not reached
        var end = side.Count;
        for (var i = side.LayerStart(side.Radius); i < end; i++)
        {
            if ((i & 0x3FF) == 0)
            {
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
                queue[side.Count++] = v;
                met |= other.Reached[v] != 0;
            }
        }

        side.EndLayer(end);
        return met;
    }

    /// <summary>
    /// The path, once the sides met: marks the source side's nodes that lie on a shortest path (the meeting layer's,
    /// then back layer by layer to their predecessors), then walks from the source by each node's first arc to a node
    /// on a shortest path one layer on (the source side's marks, then the target side's distances).
    /// </summary>
    private RawPath WalkMarked(HopScratch.Layers fromSource, HopScratch.Layers fromTarget, Csr backward)
    {
        var meet = fromSource.Radius;
        var length = meet + fromTarget.Radius;
        var reached = fromSource.Reached;
        var toTarget = fromTarget.Reached;
        var queue = fromSource.Queue;

        // Marked: the distance kept negated.
        for (var i = fromSource.LayerStart(meet); i < fromSource.LayerEnd(meet); i++)
        {
            if (toTarget[queue[i]] != 0)
            {
                reached[queue[i]] = -reached[queue[i]];
            }
        }

        for (var layer = meet; layer > 0; layer--)
        {
            for (var i = fromSource.LayerStart(layer); i < fromSource.LayerEnd(layer); i++)
            {
                var w = queue[i];
                if (reached[w] > 0)
                {
                    continue;
                }

                for (var k = backward.Start[w]; k < backward.Start[w + 1]; k++)
                {
                    var u = backward.Neighbour[k];
                    if (reached[u] == layer && RelationshipAllowed(backward.Relationship[k]))
                    {
                        reached[u] = -layer;
                    }
                }
            }
        }

        var nodes = new int[length + 1];
        var relationships = new int[length];
        var at = nodes[0] = queue[0];
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
