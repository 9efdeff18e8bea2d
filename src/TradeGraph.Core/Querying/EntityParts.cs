using TradeGraph.Core.Graph;

namespace TradeGraph.Core.Querying;

/// <summary>
/// The parts of an entity a read must return beyond its kind, key and name (and, for a related read, the parts of the
/// relationship walked). A part not asked for comes back empty: no aliases, no description, no properties, no sources.
/// Every read defaults to <see cref="All"/>, so callers outside GraphQL (export, writes, analytics, ingestion) get whole entities.
/// Filters, sorts and cursors never depend on the parts: a store evaluates them on what it stores, not on what it returns.
/// </summary>
[Flags]
public enum EntityParts
{
    /// <summary>Kind, key and name only.</summary>
    None = 0,
    Aliases = 1,
    Description = 2,

    /// <summary>The kind's declared properties.</summary>
    Properties = 4,

    /// <summary>The entity's citations.</summary>
    Sources = 8,

    /// <summary>The declared properties of the relationship a related read walked.</summary>
    RelationshipProperties = 16,

    /// <summary>The citations of the relationship a related read walked.</summary>
    RelationshipSources = 32,

    All = Aliases | Description | Properties | Sources | RelationshipProperties | RelationshipSources,
}

/// <summary>Questions on <see cref="EntityParts"/> that every store asks the same way.</summary>
public static class EntityPartsExtensions
{
    /// <summary>Whether every part of <paramref name="wanted"/> is in <paramref name="parts"/>.</summary>
    public static bool Covers(this EntityParts parts, EntityParts wanted) => (parts & wanted) == wanted;

    /// <summary>The entity as a store returns it for <paramref name="parts"/>: the parts not asked for left empty.</summary>
    public static Entity Project(this EntityParts parts, Entity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return parts.Covers(EntityParts.Aliases | EntityParts.Description | EntityParts.Properties | EntityParts.Sources) ? entity : entity with
        {
            Aliases = parts.HasFlag(EntityParts.Aliases) ? entity.Aliases : [],
            Description = parts.HasFlag(EntityParts.Description) ? entity.Description : null,
            Properties = parts.HasFlag(EntityParts.Properties) ? entity.Properties : PropertyValues.EmptyProperties,
            Sources = parts.HasFlag(EntityParts.Sources) ? entity.Sources : [],
        };
    }

    /// <summary>The walked relationship as a store returns it for <paramref name="parts"/>.</summary>
    public static Relationship Project(this EntityParts parts, Relationship relationship)
    {
        ArgumentNullException.ThrowIfNull(relationship);
        return parts.Covers(EntityParts.RelationshipProperties | EntityParts.RelationshipSources) ? relationship : relationship with
        {
            Properties = parts.HasFlag(EntityParts.RelationshipProperties) ? relationship.Properties : PropertyValues.EmptyProperties,
            Sources = parts.HasFlag(EntityParts.RelationshipSources) ? relationship.Sources : [],
        };
    }
}
