using TradeGraph.Core.Graph;

namespace TradeGraph.Core.Writing;

/// <summary>
/// One change to the graph. A <see cref="WriteBatch"/> applies many in one transaction. Every write that states a fact
/// cites its sources (on the entity or relationship it carries, or in <see cref="UpdateEntity.Sources"/>) unless it is
/// marked <see cref="Editorial"/>: an editor's own correction that no document states.
/// </summary>
public abstract record GraphWrite(bool Editorial);

/// <summary>
/// Creates an entity, or with <paramref name="Upsert"/> creates it or updates the given fields of the one with its key.
/// On an upsert, <paramref name="GivenFields"/> names the fields the caller set ("name", "aliases", "description" and
/// property names): fields not given keep their stored value. Citations are always added, never removed.
/// </summary>
public sealed record CreateEntity(Entity Entity, bool Upsert, IReadOnlySet<string> GivenFields, bool Editorial = false) : GraphWrite(Editorial);

/// <summary>
/// Changes some fields of an existing entity. A field in <paramref name="Properties"/> with a null value is cleared;
/// a field absent from it is left as it is. Null <paramref name="Name"/> / <paramref name="Aliases"/> mean "keep".
/// </summary>
public sealed record UpdateEntity(
    string Kind,
    string Key,
    string? Name,
    IReadOnlyList<string>? Aliases,
    bool SetDescription,
    string? Description,
    IReadOnlyDictionary<string, object?> Properties,
    IReadOnlyList<SourceReference> Sources,
    bool Editorial = false) : GraphWrite(Editorial);

/// <summary>
/// Deletes an entity. Without <paramref name="Detach"/> an entity that still has relationships (or a source that is
/// still cited) is refused, so a delete never silently orphans facts; with it, its relationships go too.
/// </summary>
public sealed record DeleteEntity(string Kind, string Key, bool Detach) : GraphWrite(Editorial: true);

/// <summary>Creates the relationship (type, from, to) or sets the given properties of the existing one; citations are added.</summary>
public sealed record Connect(Relationship Relationship, IReadOnlySet<string> GivenProperties, bool Editorial = false) : GraphWrite(Editorial);

/// <summary>Removes the relationship (type, from, to).</summary>
public sealed record Disconnect(string Type, string From, string To) : GraphWrite(Editorial: true);

/// <summary>
/// Changes applied together: all of them, or none. <paramref name="Actor"/> is who asks (an API key's name), kept in
/// history; <paramref name="Scope"/> the kinds it may touch (null: all), checked by the store against what it holds.
/// </summary>
public sealed record WriteBatch(IReadOnlyList<GraphWrite> Writes, string Actor, KindScope? Scope = null);
