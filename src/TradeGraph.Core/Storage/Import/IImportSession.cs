using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;

namespace TradeGraph.Core.Storage.Import;

/// <summary>
/// The primitives a store gives <see cref="ImportRules"/> inside its own transaction: what a key is, upsert one fact,
/// cite it, find an end held twice. The rules (order, kinds, ends, citations' sources, counting, single ends) are
/// Core's; a store may write as it goes (SQLite) or keep the facts and write them in batches (Neo4j).
/// </summary>
public interface IImportSession
{
    /// <summary>Before the first fact: e.g. read what is stored for the document's keys, or set indexes aside.</summary>
    Task StartAsync(GraphDocument document, CancellationToken cancellationToken);

    /// <summary>The kind of the entity <paramref name="key"/> as stored or imported so far; null when there is none.</summary>
    Task<string?> KindOfAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// Inserts the entity, or writes its fields when they differ from what is stored. When the key already holds
    /// another kind, writes nothing and says so (<see cref="FactImport.StoredKind"/>); the rules refuse it.
    /// </summary>
    Task<FactImport> UpsertEntityAsync(Entity entity, CancellationToken cancellationToken);

    /// <summary>After the last entity, before the first relationship (the relationships to come are given).</summary>
    Task StartRelationshipsAsync(IReadOnlyList<Relationship> relationships, CancellationToken cancellationToken);

    /// <summary>Inserts the relationship, or writes its properties when they differ; both ends are known entities of the right kinds.</summary>
    Task<FactImport> UpsertRelationshipAsync(RelationshipType type, Relationship relationship, CancellationToken cancellationToken);

    /// <summary>
    /// Cites the fact last upserted: adds the citations not recorded and sets the note of those recorded with another
    /// (never removes one); true when any changed. Every source is a known Source.
    /// </summary>
    Task<bool> CiteAsync(IReadOnlyList<SourceReference> sources, CancellationToken cancellationToken);

    /// <summary>After the last fact: write what is kept, put indexes back; <paramref name="tally"/> counts what was decided.</summary>
    Task FinishAsync(ImportTally tally, CancellationToken cancellationToken);

    /// <summary>
    /// A key at the <paramref name="end"/> of <paramref name="type"/> holding more than one such relationship, as stored
    /// now; null when none. <paramref name="anchors"/> are the keys that can have gained one (a store may check them
    /// only, or the whole type).
    /// </summary>
    Task<string?> SingleEndViolationAsync(RelationshipType type, Direction end, IReadOnlyList<string> anchors, CancellationToken cancellationToken);
}

/// <summary>What an upsert found: whether the fact is new, whether its fields changed, and the kind its key already had.</summary>
public readonly record struct FactImport(bool Inserted, bool Changed, string? StoredKind = null);
