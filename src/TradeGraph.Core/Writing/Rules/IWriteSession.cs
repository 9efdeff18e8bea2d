using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;

namespace TradeGraph.Core.Writing.Rules;

/// <summary>
/// The primitives a store offers <see cref="WriteRules"/> inside one write transaction: find and save facts by key,
/// delete them, strip a source's citations, open a revision and record history, load facts as stored. A store
/// implements only these (SQLite in its connection's transaction, Neo4j as statements of one Query API transaction);
/// every rule — what is refused, with which path and message, what counts as a change, what history says — is in
/// <see cref="WriteRules"/>. The store commits when the rules return and rolls back when they throw.
/// </summary>
public interface IWriteSession
{
    /// <summary>The entities stored under these keys, of any kind, with their citations; a missing key has no entry.</summary>
    Task<IReadOnlyDictionary<string, StoredEntity>> FindEntitiesAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken);

    /// <summary>Creates the entity or writes its fields, and adds or re-notes <see cref="FactCitations.Changed"/> (the whole list is <see cref="FactCitations.All"/>).</summary>
    Task SaveEntityAsync(EntitySave save, CancellationToken cancellationToken);

    /// <summary>Every relationship at either end of the entity, without citations, in any order.</summary>
    Task<IReadOnlyList<Relationship>> RelationshipsOfAsync(StoredEntity entity, CancellationToken cancellationToken);

    /// <summary>How many citations name the source, over every fact (a fact citing it twice counts twice; its own citations included).</summary>
    Task<long> CitationCountAsync(string sourceKey, CancellationToken cancellationToken);

    /// <summary>The citations of the source on facts other than itself and its own relationships, in any order.</summary>
    Task<IReadOnlyList<CitationSite>> CitingFactsAsync(string sourceKey, CancellationToken cancellationToken);

    /// <summary>Removes every citation of the source, from every fact.</summary>
    Task RemoveCitationsAsync(string sourceKey, CancellationToken cancellationToken);

    /// <summary>Deletes the entity with its relationships, its citations and what the store keeps with it (a source's passages, vectors).</summary>
    Task DeleteEntityAsync(StoredEntity entity, CancellationToken cancellationToken);

    /// <summary>The relationship (type, from, to) if stored, and, for each end the model declares single, the far key of one it already holds.</summary>
    Task<RelationshipState> FindRelationshipAsync(RelationshipType type, string from, string to, CancellationToken cancellationToken);

    /// <summary>Creates the relationship or writes its properties, and adds or re-notes <see cref="FactCitations.Changed"/>.</summary>
    Task SaveRelationshipAsync(RelationshipSave save, CancellationToken cancellationToken);

    /// <summary>Deletes the relationship with its citations and returns it without them; null when there is none.</summary>
    Task<Relationship?> DeleteRelationshipAsync(RelationshipType type, string from, string to, CancellationToken cancellationToken);

    /// <summary>Opens the batch's revision (called once, only when the batch changed something) and returns its number.</summary>
    Task<long> OpenRevisionAsync(DateTimeOffset at, string actor, CancellationToken cancellationToken);

    /// <summary>Records the batch's history under its revision, in order (history reads the entries of a revision newest first).</summary>
    Task RecordHistoryAsync(long revision, DateTimeOffset at, string actor, IReadOnlyList<HistoryEntry> entries, CancellationToken cancellationToken);

    /// <summary>Whole entities as the store's reads return them; a missing key has no entry.</summary>
    Task<IReadOnlyDictionary<string, Entity>> LoadEntitiesAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken);

    /// <summary>Whole relationships as the store's reads return them; a missing one has no entry.</summary>
    Task<IReadOnlyDictionary<RelationshipKey, Relationship>> LoadRelationshipsAsync(IReadOnlyCollection<RelationshipKey> keys,
        CancellationToken cancellationToken);
}

/// <summary>
/// An entity as a write finds it: its kind, the entity as reads return it, its citations in the order the store keeps
/// them, and whether the store's own derived data for it (search text) is out of date, so even an unchanged write saves it.
/// </summary>
public sealed record StoredEntity(EntityKind Kind, Entity Entity, IReadOnlyList<SourceReference> Citations, bool Stale = false)
{
    public string Key => Entity.Key;

    /// <summary>The fields history compares.</summary>
    public EntityFields Fields => new(Entity.Name, Entity.Aliases, Entity.Description, Entity.Properties);
}

/// <summary>A stored relationship as a write finds it: its properties and citations in the order the store keeps them.</summary>
public sealed record ExistingRelationship(IReadOnlyDictionary<string, object?> Properties, IReadOnlyList<SourceReference> Citations);

/// <summary>Before a connect: the relationship if stored, and the far key of one the from / to end already holds where that end is single.</summary>
public sealed record RelationshipState(ExistingRelationship? Existing, string? FromTaken, string? ToTaken);

/// <summary>A relationship by what identifies it.</summary>
public sealed record RelationshipKey(string Type, string From, string To);

/// <summary>A citation of a source on another fact: an entity (<see cref="Type"/> and <see cref="To"/> null) or a relationship.</summary>
public sealed record CitationSite(string? Type, string From, string? To, string? Locator);

/// <summary>A fact's citations after a write: all of them, in the order first cited, and those the write added or re-noted.</summary>
public sealed record FactCitations(IReadOnlyList<SourceReference> All, IReadOnlyList<SourceReference> Changed);

/// <summary>What to save of an entity: its fields and citations; new or not, and whether its fields differ from the stored ones.</summary>
public sealed record EntitySave(EntityKind Kind, string Key, EntityFields Fields, FactCitations Citations, bool Created, bool FieldsChanged);

/// <summary>What to save of a relationship: its properties and citations; new or not, and whether its properties differ from the stored ones.</summary>
public sealed record RelationshipSave(RelationshipType Type, string From, string To, IReadOnlyDictionary<string, object?> Properties,
    FactCitations Citations, bool Created, bool PropertiesChanged);

/// <summary>One history record: the fact (<see cref="FactKey"/>), its entity kind or relationship type, the change, field by field, and its citations.</summary>
public sealed record HistoryEntry(string Fact, string Kind, ChangeKind Change, IReadOnlyList<FieldChange> Changes, IReadOnlyList<SourceReference> Sources,
    bool Editorial);
