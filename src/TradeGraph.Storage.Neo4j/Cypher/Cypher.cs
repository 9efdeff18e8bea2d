using TradeGraph.Core.Model;

namespace TradeGraph.Storage.Neo4j.Cypher;

/// <summary>
/// Patterns and property access. Labels, types and property names come only from the model (kinds, relationship types,
/// property definitions) or <see cref="StoreProperty"/>, and reach the text only through <see cref="CypherNames"/>.
/// Variables are the builder's own (n, r, t1, …).
/// </summary>
internal static class Cypher
{
    public static string Property(string variable, PropertyDefinition property) => $"{variable}.{CypherNames.Property(property)}";

    public static string Property(string variable, StoreProperty property) => $"{variable}.{CypherNames.Escape(StoreNames.Of(property))}";

    /// <summary>
    /// Every stored property of node <paramref name="variable"/> but its vector (384 floats, ~13 KB as JSON, which no reader
    /// of a whole node uses): the map projection <c>n {.*, `embedding`: null}</c>, valid in Cypher 5 and 25. A later entry
    /// overrides <c>.*</c>'s; the key stays, null, which every reader treats as absent. Null for a null node, as
    /// <c>properties()</c> is not.
    /// </summary>
    public static string NodeProperties(string variable) => $"{variable} {{.*, {CypherNames.Escape(StoreNames.Of(StoreProperty.Embedding))}: null}}";

    /// <summary>A node of a kind: <c>(n:`Official`)</c>; for the any-entity pseudo-kind, <c>(n:`Entity`)</c>.</summary>
    public static string Node(string variable, EntityKind kind) => $"({variable}:{CypherNames.Label(kind)})";

    /// <summary>A node of any kind of the model: labelled Entity, or with the label of a kind that is not an entity (Source).</summary>
    public static string AnyNode(string variable, GraphModel model) => $"({variable}:{AnyKindLabels(model)})";

    /// <summary>The label expression every stored entity matches (<c>`Entity`|`Source`</c>), from the model.</summary>
    public static string AnyKindLabels(GraphModel model) => string.Join("|",
        (model.Kinds.Any(k => k.IsEntity) ? [CypherNames.Escape(CypherNames.EntityLabel)] : Array.Empty<string>())
            .Concat(model.Kinds.Where(k => !k.IsEntity).Select(CypherNames.Label)));

    /// <summary>Every relationship type of the model as one type expression (<c>`REPRESENTS`|`HOLDS_POST`|…</c>).</summary>
    public static string AnyType(GraphModel model) => string.Join("|", model.RelationshipTypes.Select(CypherNames.Type));

    /// <summary>
    /// One hop from <paramref name="anchor"/> over <paramref name="type"/> walked in <paramref name="direction"/>:
    /// <c>(a)-[r:`T`]->(t:`K`)</c> outgoing, <c>(a)&lt;-[r:`T`]-(t:`K`)</c> incoming. The target is labelled with the kind at
    /// that end (Entity for an end that takes any entity) when <paramref name="targetKind"/> is given.
    /// </summary>
    public static string Hop(string anchor, RelationshipType type, Direction direction, string? relationship, string? target, EntityKind? targetKind)
    {
        var edge = $"[{relationship}:{CypherNames.Type(type)}]";
        var end = targetKind is null ? $"({target})" : $"({target}:{CypherNames.Label(targetKind)})";
        return direction == Direction.Outgoing ? $"({anchor})-{edge}->{end}" : $"({anchor})<-{edge}-{end}";
    }

    /// <summary>The kind at the end reached when walking <paramref name="type"/> in <paramref name="direction"/>.</summary>
    public static EntityKind TargetKind(GraphModel model, RelationshipType type, Direction direction) => model.Kind(type.TargetKind(direction));

    /// <summary>The kind at the end a walk in <paramref name="direction"/> starts from.</summary>
    public static EntityKind AnchorKind(GraphModel model, RelationshipType type, Direction direction) =>
        model.Kind(direction == Direction.Outgoing ? type.From : type.To);

    public static string And(IEnumerable<string> predicates)
    {
        var list = predicates.Where(p => p != "true").ToList();
        return list.Count switch
        {
            0 => "true",
            1 => list[0],
            _ => "(" + string.Join(" AND ", list) + ")",
        };
    }
}
