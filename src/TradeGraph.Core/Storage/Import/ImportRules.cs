using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;

namespace TradeGraph.Core.Storage.Import;

/// <summary>
/// Every import rule once, for every store: a <see cref="GraphDocument"/> upserted through the store's
/// <see cref="IImportSession"/> — entities by key (sources first: every other fact cites them), relationships by
/// (type, from, to), citations added, never replaced; a key keeps its kind, ends and citations must name stored or
/// imported entities of the declared kinds, and an end declared "one" stays single. A fact stored exactly as given is
/// counted unchanged (<see cref="ImportTally"/>). A refusal is an <see cref="InvalidOperationException"/>: the store's
/// transaction rolls everything back.
/// </summary>
public sealed class ImportRules(GraphModel model)
{
    // Every 1,000 facts: often enough for a progress bar, rare enough to cost nothing.
    private const int ProgressEvery = 1000;

    /// <summary>Imports <paramref name="document"/>; <paramref name="progress"/> (when given) is told the facts decided as it goes.</summary>
    public async Task<ImportResult> RunAsync(IImportSession session, GraphDocument document, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var tally = new ImportTally();
        var done = 0L;
        await session.StartAsync(document, cancellationToken);
        foreach (var entity in document.Entities.OrderBy(e => e.Kind == GraphModel.SourceKind ? 0 : 1))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var upsert = await session.UpsertEntityAsync(entity, cancellationToken);
            if (upsert.StoredKind is { } stored && stored != entity.Kind)
            {
                throw new InvalidOperationException($"Key '{entity.Key}' is already a {stored}; it cannot become a {entity.Kind}.");
            }

            tally.Count(upsert.Inserted, upsert.Changed, await CiteAsync(session, entity.Sources, cancellationToken));
            Report(progress, ++done);
        }

        await session.StartRelationshipsAsync(document.Relationships, cancellationToken);
        foreach (var relationship in document.Relationships)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var type = model.Relationship(relationship.Type);
            await ResolveAsync(session, relationship.From, type.From, type.Name, cancellationToken);
            await ResolveAsync(session, relationship.To, type.To, type.Name, cancellationToken);
            var upsert = await session.UpsertRelationshipAsync(type, relationship, cancellationToken);
            tally.Count(upsert.Inserted, upsert.Changed, await CiteAsync(session, relationship.Sources, cancellationToken));
            Report(progress, ++done);
        }

        progress?.Report(done);
        await session.FinishAsync(tally, cancellationToken);
        await CheckSingleEndsAsync(session, document.Relationships, cancellationToken);
        return tally.ToResult();
    }

    private static void Report(IProgress<long>? progress, long done)
    {
        if (done % ProgressEvery == 0)
        {
            progress?.Report(done);
        }
    }

    /// <summary>Checks that <paramref name="key"/> is a <paramref name="expectedKind"/>; <paramref name="referrer"/> names the fact for errors.</summary>
    private async Task ResolveAsync(IImportSession session, string key, string expectedKind, string referrer, CancellationToken cancellationToken)
    {
        var kind = await session.KindOfAsync(key, cancellationToken)
            ?? throw new InvalidOperationException($"{referrer} refers to unknown key '{key}'.");
        if (!GraphModel.Accepts(expectedKind, model.Kind(kind)))
        {
            throw new InvalidOperationException($"{referrer} needs a {expectedKind}, but '{key}' is a {kind}.");
        }
    }

    /// <summary>Each cited key is a Source (a Source may cite itself: it is upserted first); true when a citation changed.</summary>
    private async Task<bool> CiteAsync(IImportSession session, IReadOnlyList<SourceReference> sources, CancellationToken cancellationToken)
    {
        foreach (var source in sources)
        {
            await ResolveAsync(session, source.Source, GraphModel.SourceKind, "A citation", cancellationToken);
        }

        return await session.CiteAsync(sources, cancellationToken);
    }

    /// <summary>
    /// An end declared "one" may hold one relationship of its type, counting what was stored before. Only the document's
    /// entities can have gained one, so only they are named.
    /// </summary>
    private async Task CheckSingleEndsAsync(IImportSession session, IReadOnlyList<Relationship> relationships, CancellationToken cancellationToken)
    {
        foreach (var typeName in relationships.Select(r => r.Type).Distinct(StringComparer.Ordinal))
        {
            var type = model.Relationship(typeName);
            foreach (var (end, direction) in new[] { (type.Outgoing, Direction.Outgoing), (type.Incoming, Direction.Incoming) })
            {
                if (end.Cardinality != Cardinality.One)
                {
                    continue;
                }

                var anchors = relationships.Where(r => r.Type == typeName).Select(r => direction == Direction.Outgoing ? r.From : r.To)
                    .Distinct(StringComparer.Ordinal).ToList();
                if (await session.SingleEndViolationAsync(type, direction, anchors, cancellationToken) is { } key)
                {
                    throw new InvalidOperationException($"'{key}' would have more than one {type.Name} relationship ({end.Field} is a single value).");
                }
            }
        }
    }
}
