namespace TradeGraph.Core.Analytics;

/// <summary>
/// The working arrays of one fewest-hops search (a node each, per end), kept between searches and handed back clean:
/// only the entries a search touched are reset, so a search costs what it visits, not the size of the graph. At most
/// one set per processor is kept; a set too small for the projection is dropped and a new one made.
/// </summary>
internal sealed class HopScratch
{
    private static readonly Stack<HopScratch> Kept = new();
    private static readonly Lock KeptLock = new();

    private readonly Layers _source;
    private readonly Layers _target;

    private HopScratch(int capacity)
    {
        _source = new Layers(capacity);
        _target = new Layers(capacity);
    }

    public enum Side
    {
        Source,
        Target,
    }

    /// <summary>The nodes where the sides met, then the marked nodes of each layer back to the source (with <see cref="Previous"/>).</summary>
    public List<int> Marked { get; } = [];

    public List<int> Previous { get; } = [];

    private int Capacity => _source.Reached.Length;

    /// <summary>A clean set for a projection of <paramref name="nodeCount"/> nodes.</summary>
    public static HopScratch Rent(int nodeCount)
    {
        lock (KeptLock)
        {
            while (Kept.TryPop(out var kept))
            {
                if (kept.Capacity >= nodeCount)
                {
                    return kept;
                }
            }
        }

        return new HopScratch(nodeCount);
    }

    /// <summary>The side's layers, holding only <paramref name="node"/> at distance 0, widened over <paramref name="arcs"/>.</summary>
    public Layers Start(Side side, int node, Csr arcs)
    {
        var layers = side == Side.Source ? _source : _target;
        layers.Begin(node, arcs.Start[node + 1] - arcs.Start[node]);
        return layers;
    }

    /// <summary>Resets what the search touched and keeps the set for the next search.</summary>
    public void Return()
    {
        _source.Clear();
        _target.Clear();
        Marked.Clear();
        Previous.Clear();
        lock (KeptLock)
        {
            if (Kept.Count < Environment.ProcessorCount)
            {
                Kept.Push(this);
            }
        }
    }

    /// <summary>
    /// One side of the search: the nodes reached, in the order reached (<see cref="Queue"/>), split into layers by
    /// distance, and each node's distance plus one (<see cref="Reached"/>; 0: not reached).
    /// </summary>
    internal sealed class Layers(int capacity)
    {
        private int[] _starts = new int[8];

        public int[] Reached { get; } = new int[capacity];

        public int[] Queue { get; } = new int[capacity];

        public int Count { get; set; }

        /// <summary>The distance of the last complete layer.</summary>
        public int Radius { get; private set; }

        public int FrontierSize => Count - _starts[Radius];

        /// <summary>The arcs leaving the last layer: what widening this side once more would read.</summary>
        public long FrontierArcs { get; private set; }

        public int LayerStart(int layer) => _starts[layer];

        /// <summary>The layer from <paramref name="start"/> (the previous end) to <paramref name="end"/> is complete.</summary>
        public void EndLayer(int start, int end, long arcs)
        {
            Count = end;
            FrontierArcs = arcs;
            Radius++;
            if (Radius == _starts.Length)
            {
                Array.Resize(ref _starts, _starts.Length * 2);
            }

            _starts[Radius] = start;
        }

        internal void Begin(int node, int arcs)
        {
            FrontierArcs = arcs;
            Radius = 0;
            _starts[0] = 0;
            Queue[0] = node;
            Reached[node] = 1;
            Count = 1;
        }

        internal void Clear()
        {
            for (var i = 0; i < Count; i++)
            {
                Reached[Queue[i]] = 0;
            }

            Count = 0;
        }
    }
}
