using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;

namespace TradeGraph.Core.Writing.Rules;

/// <summary>
/// The write rules, once for every store: applies one <see cref="WriteBatch"/> through a store's <see cref="IWriteSession"/>,
/// checking what needs the stored graph (keys exist, kinds fit the relationship, single ends stay single, deletes orphan
/// nothing, the key's kinds), deciding each write's outcome and history, and collecting every refusal. A write reads
/// what it needs in one lookup, decides here, and saves whole facts; history goes in at the end. Any refusal throws
/// <see cref="GraphWriteException"/> after the whole batch was tried, so the store rolls back; otherwise the result holds
/// each fact as stored after the batch.
/// </summary>
public sealed partial class WriteRules(GraphModel model)
{
    /// <summary>What one write did: its outcome, the entity or relationship it leaves (none when deleted), and what a delete removed.</summary>
    private sealed record Step(WriteOutcome Outcome, string? EntityKey, RelationshipKey? RelationshipKey, Entity? Before, Relationship? RelationshipBefore,
        IReadOnlyList<Relationship>? Detached = null);

    /// <summary>One batch's state while it runs.</summary>
    private sealed class Run(IWriteSession session, KindScope scope)
    {
        public IWriteSession Session { get; } = session;

        public KindScope Scope { get; } = scope;

        public List<HistoryEntry> History { get; } = [];

        public void Record(string fact, string kind, ChangeKind change, IReadOnlyList<FieldChange> changes, IReadOnlyList<SourceReference> sources,
            bool editorial) => History.Add(new HistoryEntry(fact, kind, change, changes, sources, editorial));
    }

    public async Task<WriteResult> ApplyAsync(IWriteSession session, WriteBatch batch, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(batch);
        var run = new Run(session, batch.Scope ?? KindScope.All);
        var errors = new List<WriteError>();
        var steps = new List<Step>();
        for (var index = 0; index < batch.Writes.Count; index++)
        {
            var write = batch.Writes[index];
            try
            {
                steps.Add(write switch
                {
                    CreateEntity create => await CreateAsync(run, create, cancellationToken),
                    UpdateEntity update => await UpdateAsync(run, update, cancellationToken),
                    DeleteEntity delete => await DeleteAsync(run, delete, cancellationToken),
                    Connect connect => await ConnectAsync(run, connect, cancellationToken),
                    Disconnect disconnect => await DisconnectAsync(run, disconnect, cancellationToken),
                    _ => throw new ArgumentException($"Unknown write {write.GetType().Name}.", nameof(batch)),
                });
            }
            catch (WriteRefusal refusal)
            {
                errors.Add(refusal.Error with { Index = index });
            }
        }

        if (errors.Count > 0)
        {
            // Thrown out of the transaction's work, so the store rolls back whatever the batch had done.
            throw new GraphWriteException(errors);
        }

        long revision = 0;
        if (run.History.Count > 0)
        {
            revision = await session.OpenRevisionAsync(at, batch.Actor, cancellationToken);
            await session.RecordHistoryAsync(revision, at, batch.Actor, run.History, cancellationToken);
        }

        // As stored after the whole batch: a later write of the batch may have changed what an earlier one wrote.
        var entityKeys = steps.Where(s => s.EntityKey is not null).Select(s => s.EntityKey!).Distinct(StringComparer.Ordinal).ToList();
        var relationshipKeys = steps.Where(s => s.RelationshipKey is not null).Select(s => s.RelationshipKey!).Distinct().ToList();
        var entities = entityKeys.Count == 0 ? new Dictionary<string, Entity>() : await session.LoadEntitiesAsync(entityKeys, cancellationToken);
        var relationships = relationshipKeys.Count == 0
            ? new Dictionary<RelationshipKey, Relationship>()
            : await session.LoadRelationshipsAsync(relationshipKeys, cancellationToken);
        var applied = batch.Writes.Zip(steps, (write, step) => new AppliedWrite(
            write,
            step.Outcome,
            step.EntityKey is { } key ? entities.GetValueOrDefault(key) : step.Before,
            step.RelationshipKey is { } relationship ? relationships.GetValueOrDefault(relationship) : step.RelationshipBefore,
            step.Detached)).ToList();
        return new WriteResult(applied, revision, at);
    }

    private async Task<Step> CreateAsync(Run run, CreateEntity create, CancellationToken cancellationToken)
    {
        var entity = create.Entity;
        var kind = model.Kind(entity.Kind);
        WriteRefusal.ThrowIf(run.Scope.Refusal([entity.Kind], $"Writing '{entity.Key}'", "key"));
        var found = await run.Session.FindEntitiesAsync([entity.Key, .. entity.Sources.Select(s => s.Source)], cancellationToken);
        if (!found.TryGetValue(entity.Key, out var stored))
        {
            // A Source may cite itself: it exists by the time its citations are checked.
            var (citations, refusal) = Citing.Cite([], entity.Sources, found, kind.Name == GraphModel.SourceKind ? entity.Key : null);
            var fields = new EntityFields(entity.Name, entity.Aliases, entity.Description, entity.Properties);
            await run.Session.SaveEntityAsync(new EntitySave(kind, entity.Key, fields, citations, Created: true, FieldsChanged: true), cancellationToken);
            ThrowIf(refusal);
            run.Record(entity.Key, entity.Kind, ChangeKind.Created, FieldChanges.OfEntity(kind, null, fields), entity.Sources, create.Editorial);
            return new Step(WriteOutcome.Created, entity.Key, null, null, null);
        }

        if (!create.Upsert)
        {
            throw WriteRefusal.KeyTaken(entity.Key, stored.Kind, "key");
        }

        if (stored.Kind.Name != entity.Kind)
        {
            throw WriteRefusal.KindTaken(entity.Key, stored.Kind, entity.Kind, "key");
        }

        return await ChangeEntityAsync(run, stored, stored.Fields.Upserted(create, kind), entity.Sources, create.Editorial, found, cancellationToken);
    }

    private async Task<Step> UpdateAsync(Run run, UpdateEntity update, CancellationToken cancellationToken)
    {
        WriteRefusal.ThrowIf(run.Scope.Refusal([update.Kind], $"Writing '{update.Key}'", "key"));
        var found = await run.Session.FindEntitiesAsync([update.Key, .. update.Sources.Select(s => s.Source)], cancellationToken);
        var stored = RequireEntity(update.Kind, update.Key, found, "key");
        return await ChangeEntityAsync(run, stored, stored.Fields.Updated(update), update.Sources, update.Editorial, found, cancellationToken);
    }

    private static async Task<Step> ChangeEntityAsync(Run run, StoredEntity stored, EntityFields next, IReadOnlyList<SourceReference> sources, bool editorial,
        IReadOnlyDictionary<string, StoredEntity> found, CancellationToken cancellationToken)
    {
        // A property set to null is cleared.
        var fields = next with { Properties = next.Properties.Where(p => p.Value is not null).ToDictionary(StringComparer.Ordinal) };
        var changes = FieldChanges.OfEntity(stored.Kind, stored.Fields, fields);
        var (citations, refusal) = Citing.Cite(stored.Citations, sources, found, stored.Kind.Name == GraphModel.SourceKind ? stored.Key : null);
        var cited = citations.Changed.Count > 0;
        if (changes.Count > 0 || cited || stored.Stale)
        {
            await run.Session.SaveEntityAsync(new EntitySave(stored.Kind, stored.Key, fields, citations, Created: false, FieldsChanged: changes.Count > 0 || stored.Stale),
                cancellationToken);
        }

        ThrowIf(refusal);
        if (changes.Count == 0 && !cited)
        {
            return new Step(WriteOutcome.Unchanged, stored.Key, null, null, null);
        }

        run.Record(stored.Key, stored.Kind.Name, ChangeKind.Updated, changes, sources, editorial);
        return new Step(WriteOutcome.Updated, stored.Key, null, null, null);
    }

    private async Task<Step> DeleteAsync(Run run, DeleteEntity delete, CancellationToken cancellationToken)
    {
        WriteRefusal.ThrowIf(run.Scope.Refusal([delete.Kind], $"Deleting '{delete.Key}'", "key"));
        var stored = RequireEntity(delete.Kind, delete.Key, await run.Session.FindEntitiesAsync([delete.Key], cancellationToken), "key");
        var relationships = (await run.Session.RelationshipsOfAsync(stored, cancellationToken))
            .OrderBy(r => r.Type, StringComparer.Ordinal).ThenBy(r => r.From, StringComparer.Ordinal).ThenBy(r => r.To, StringComparer.Ordinal)
            .ToList();
        // Only a Source is cited; the count includes a Source's citation of itself.
        var citing = stored.Kind.Name == GraphModel.SourceKind ? await run.Session.CitationCountAsync(stored.Key, cancellationToken) : 0;
        if (!delete.Detach && (relationships.Count > 0 || citing > 0))
        {
            throw WriteRefusal.WouldOrphan(stored.Key, relationships.GroupBy(r => r.Type).Select(g => $"{g.Key} ×{g.Count()}")
                .Concat(citing > 0 ? [$"{citing} citations of it"] : []), "key");
        }

        var (citingFacts, kinds) = await CitingFactsAsync(run.Session, stored.Key, citing > 0, relationships.SelectMany(r => new[] { r.From, r.To }),
            cancellationToken);
        var effect = new DetachEffect(stored.Kind.Name, [.. relationships.Select(r => (kinds[r.From], kinds[r.To]))], citingFacts);
        WriteRefusal.ThrowIf(run.Scope.Refusal(effect.TouchedKinds, $"Deleting '{stored.Key}' with detach", "detach"));
        foreach (var (fact, changes) in effect.CitationRemovals)
        {
            run.Record(fact, effect.KindOf(fact), ChangeKind.Updated, changes, [], editorial: true);
        }

        foreach (var relationship in relationships)
        {
            run.Record(FactKey.Of(relationship), relationship.Type, ChangeKind.Deleted,
                FieldChanges.OfRelationship(model.Relationship(relationship.Type), relationship.Properties, null), [], editorial: true);
        }

        if (citing > 0)
        {
            await run.Session.RemoveCitationsAsync(stored.Key, cancellationToken);
        }

        await run.Session.DeleteEntityAsync(stored, cancellationToken);
        run.Record(stored.Key, stored.Kind.Name, ChangeKind.Deleted, FieldChanges.OfEntity(stored.Kind, stored.Fields, null), [], editorial: true);
        return new Step(WriteOutcome.Deleted, null, null, stored.Entity, null, relationships);
    }

    /// <summary>
    /// The facts other than the source and its own relationships that cite it (when <paramref name="cited"/>), with the
    /// kinds they involve, and the kinds of those facts' entities and of <paramref name="alsoFind"/>, read in one lookup.
    /// </summary>
    private static async Task<(List<CitingFact> Citing, Dictionary<string, string> Kinds)> CitingFactsAsync(IWriteSession session, string sourceKey,
        bool cited, IEnumerable<string> alsoFind, CancellationToken cancellationToken)
    {
        var sites = cited ? await session.CitingFactsAsync(sourceKey, cancellationToken) : [];
        var keys = sites.SelectMany(s => s.To is null ? new[] { s.From } : [s.From, s.To]).Concat(alsoFind).Distinct(StringComparer.Ordinal).ToList();
        var kinds = keys.Count == 0
            ? new Dictionary<string, string>(StringComparer.Ordinal)
            : (await session.FindEntitiesAsync(keys, cancellationToken)).ToDictionary(e => e.Key, e => e.Value.Kind.Name, StringComparer.Ordinal);
        return ([.. sites.Select(s => new CitingFact(
                s.Type is null ? s.From : FactKey.Of(s.Type, s.From, s.To!),
                s.To is null ? [kinds[s.From]] : [kinds[s.From], kinds[s.To]],
                new SourceReference(sourceKey, s.Locator is { Length: > 0 } locator ? locator : null)))],
            kinds);
    }

    private static StoredEntity RequireEntity(string kind, string key, IReadOnlyDictionary<string, StoredEntity> found, string field) =>
        found.TryGetValue(key, out var stored) && stored.Kind.Name == kind ? stored : throw WriteRefusal.NoEntity(kind, key, field);

    private static void ThrowIf(WriteRefusal? refusal)
    {
        if (refusal is not null)
        {
            throw refusal;
        }
    }
}
