using QuikGraph;

namespace TradeGraph.Core.Analytics;

/// <summary>One walkable arc of a projection, as a QuikGraph edge: the relationship id walked from source to target.</summary>
internal readonly record struct ProjectionArc(int Source, int Target, int Relationship) : IEdge<int>;

/// <summary>
/// A read-only QuikGraph view of a projection's arcs (<see cref="Csr"/>), so QuikGraph's algorithms run on the
/// projection's arrays without copying them into QuikGraph's own graph classes. <paramref name="allowed"/> hides
/// arcs (by position in the rows) such as other relationship types, or banned nodes and relationships.
/// </summary>
internal sealed class ArcGraph(Csr arcs, Func<int, bool>? allowed = null) : IVertexListGraph<int, ProjectionArc>
{
    public bool IsDirected => true;

    public bool AllowParallelEdges => true;

    public bool IsVerticesEmpty => arcs.NodeCount == 0;

    public int VertexCount => arcs.NodeCount;

    public IEnumerable<int> Vertices => Enumerable.Range(0, arcs.NodeCount);

    public bool ContainsVertex(int vertex) => vertex >= 0 && vertex < arcs.NodeCount;

    public bool IsOutEdgesEmpty(int vertex) => OutDegree(vertex) == 0;

    public int OutDegree(int vertex) => OutEdges(vertex).Count();

    public IEnumerable<ProjectionArc> OutEdges(int vertex)
    {
        for (var k = arcs.Start[vertex]; k < arcs.Start[vertex + 1]; k++)
        {
            if (allowed is null || allowed(k))
            {
                yield return new ProjectionArc(vertex, arcs.Neighbour[k], arcs.Relationship[k]);
            }
        }
    }

    public bool TryGetOutEdges(int vertex, out IEnumerable<ProjectionArc> edges)
    {
        edges = ContainsVertex(vertex) ? OutEdges(vertex) : [];
        return ContainsVertex(vertex);
    }

    public ProjectionArc OutEdge(int vertex, int index) => OutEdges(vertex).ElementAt(index);

    public bool ContainsEdge(int source, int target) => TryGetEdge(source, target, out _);

    public bool TryGetEdge(int source, int target, out ProjectionArc edge)
    {
        foreach (var arc in OutEdges(source).Where(a => a.Target == target))
        {
            edge = arc;
            return true;
        }

        edge = default;
        return false;
    }

    public bool TryGetEdges(int source, int target, out IEnumerable<ProjectionArc> edges)
    {
        edges = ContainsVertex(source) ? [.. OutEdges(source).Where(a => a.Target == target)] : [];
        return ContainsVertex(source);
    }
}
