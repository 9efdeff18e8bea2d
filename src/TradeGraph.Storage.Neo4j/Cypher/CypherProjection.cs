using TradeGraph.Core.Model;
using TradeGraph.Core.Querying;

namespace TradeGraph.Storage.Neo4j.Cypher;

/// <summary>
/// What of a node or relationship a read returns: every stored property but a node's vector when the read asks for every
/// part (<see cref="Cypher.NodeProperties"/>), else a map projection of the asked parts only, so nothing else leaves the database.
/// Texts are built once per model, kind and set of parts, not per call.
/// </summary>
internal sealed class CypherProjection(GraphModel model)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Kind, EntityParts Parts), string> _nodes = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Type, EntityParts Parts), string> _relationships = new();

    /// <summary>The map of node <paramref name="variable"/> (n) a reader turns into an Entity; <paramref name="kind"/> null for any kind.</summary>
    public string Node(string variable, EntityKind? kind, EntityParts parts) =>
        parts.Covers(EntityParts.Aliases | EntityParts.Description | EntityParts.Properties | EntityParts.Sources)
            ? Cypher.NodeProperties(variable)
            : variable + _nodes.GetOrAdd((kind?.Name ?? "", parts & ~RelationshipParts), key => NodeProjection(key.Kind, key.Parts));

    /// <summary>The map of relationship <paramref name="variable"/> (r) a reader turns into a Relationship.</summary>
    public string Relationship(string variable, RelationshipType type, EntityParts parts) =>
        parts.Covers(RelationshipParts)
            ? $"properties({variable})"
            : _relationships.GetOrAdd((type.Name, parts & RelationshipParts), key => RelationshipProjection(model.Relationship(key.Type), key.Parts)) is { Length: > 0 } projection
                ? variable + projection
                : "{}";

    private const EntityParts RelationshipParts = EntityParts.RelationshipProperties | EntityParts.RelationshipSources;

    private string NodeProjection(string kindName, EntityParts parts)
    {
        var entries = new List<string> { Store(StoreProperty.Key), Store(StoreProperty.Name) };
        if (parts.HasFlag(EntityParts.Aliases))
        {
            entries.Add(Store(StoreProperty.Aliases));
        }

        if (parts.HasFlag(EntityParts.Description))
        {
            entries.Add(Store(StoreProperty.Description));
        }

        if (parts.HasFlag(EntityParts.Sources))
        {
            entries.AddRange([Store(StoreProperty.SourceKeys), Store(StoreProperty.SourceLocators), Store(StoreProperty.SourceNotes)]);
        }

        if (parts.HasFlag(EntityParts.Properties))
        {
            // Any kind (a key lookup, an end that takes any entity): the declared properties of every kind, each once.
            IEnumerable<EntityKind> kinds = kindName.Length == 0 || kindName == GraphModel.AnyEntity ? model.Kinds : [model.Kind(kindName)];
            entries.AddRange(kinds.SelectMany(k => k.Properties).Select(p => "." + CypherNames.Property(p)).Distinct(StringComparer.Ordinal));
        }

        return $" {{{string.Join(", ", entries)}}}";
    }

    private static string RelationshipProjection(RelationshipType type, EntityParts parts)
    {
        var entries = new List<string>();
        if (parts.HasFlag(EntityParts.RelationshipProperties))
        {
            entries.AddRange(type.Properties.Select(p => "." + CypherNames.Property(p)));
        }

        if (parts.HasFlag(EntityParts.RelationshipSources))
        {
            entries.AddRange([Store(StoreProperty.SourceKeys), Store(StoreProperty.SourceLocators), Store(StoreProperty.SourceNotes)]);
        }

        return entries.Count == 0 ? "" : $" {{{string.Join(", ", entries)}}}";
    }

    private static string Store(StoreProperty property) => "." + CypherNames.Escape(StoreNames.Of(property));
}
