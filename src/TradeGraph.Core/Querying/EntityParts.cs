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
}
