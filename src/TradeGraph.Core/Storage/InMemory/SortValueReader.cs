using TradeGraph.Core.Model;
using TradeGraph.Core.Querying;

namespace TradeGraph.Core.Storage.InMemory;

/// <summary>What each <see cref="SortKey"/> of an order reads from a node: the values rows are ordered by and cursors hold.</summary>
internal static class SortValueReader
{
    public static Func<GraphNode, object?>[] For(IReadOnlyList<SortKey> order, EntityKind kind, ReadModelGraph graph) =>
        [.. order.Select(key => For(key, kind, graph))];

    private static Func<GraphNode, object?> For(SortKey key, EntityKind kind, ReadModelGraph graph)
    {
        switch (key)
        {
            case FieldSort field:
                var read = FilterCompiler.EntityField(field.Field, kind);
                return n => read(n.Entity);
            case RelatedFieldSort related:
                // The single-valued end's field (the store reads the first such relationship; there is at most one).
                var slot = graph.Slot(related.Type, related.Direction);
                var readTarget = FilterCompiler.EntityField(related.Field, graph.Model.Kind(related.Type.TargetKind(related.Direction)));
                return n => n.Edges(slot) is { Length: > 0 } edges ? readTarget(graph.Other(edges[0]).Entity) : null;
            case RelationshipCountSort count:
                var countSlot = graph.Slot(count.Type, count.Direction);
                return n => (long)n.Degree(countSlot);
            case ScoreSort score:
                return n => score.Scores.ScoreOf(n.Key);
            default:
                throw new NotSupportedException(key.GetType().Name);
        }
    }
}
