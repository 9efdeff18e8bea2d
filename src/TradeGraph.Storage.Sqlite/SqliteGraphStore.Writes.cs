using System.Text.Json;
using Microsoft.Data.Sqlite;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Querying;
using TradeGraph.Core.Telemetry;
using TradeGraph.Core.Writing;
using TradeGraph.Core.Writing.Rules;

namespace TradeGraph.Storage.Sqlite;

/// <summary>Writes, history and the facts a source supports.</summary>
public sealed partial class SqliteGraphStore
{
    // One writer at a time in this process: queued here rather than spinning on SQLite's busy timeout.
    // BEGIN IMMEDIATE still serialises writers from other processes.
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    /// <summary>Where the times of writes come from (the host's TimeProvider; tests may fix it).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    private WriteRules? _rules;

    private WriteRules Rules => _rules ??= new WriteRules(_model);

    /// <summary>Core's write rules, applied through <see cref="SqliteWriteSession"/> in one IMMEDIATE transaction.</summary>
    public Task<WriteResult> ApplyAsync(WriteBatch batch, CancellationToken cancellationToken) => SqliteInterruption.RunAsync<WriteResult>(async () =>
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            // The whole write transaction is one round trip: its statements run back to back on one connection.
            using var roundTrip = TradeGraphTelemetry.StartStoreRoundTrip(StoreName, nameof(ApplyAsync));
            await using var connection = await OpenAsync(cancellationToken);
            await using var transaction = connection.BeginTransaction(deferred: false);
            var at = Clock.GetUtcNow();
            var result = await Rules.ApplyAsync(new SqliteWriteSession(this, connection, transaction), batch, at, cancellationToken);
            // Synchronous = FULL: once this returns the batch is on disk, and only then is it acknowledged. A refusal threw
            // above, and disposing the transaction rolled back whatever the batch had done.
            await transaction.CommitAsync(cancellationToken);
            roundTrip.Rows(result.Writes.Count);
            return result;
        }
        finally
        {
            _writeLock.Release();
        }
    }, cancellationToken);

    public Task<IReadOnlyDictionary<string, IReadOnlyList<Revision>>> GetHistoryAsync(IReadOnlyCollection<string> factKeys, CancellationToken cancellationToken) => SqliteInterruption.RunAsync<IReadOnlyDictionary<string, IReadOnlyList<Revision>>>(async () =>
    {
        var result = HistoryRecords.For(factKeys);
        if (result.Count == 0)
        {
            return HistoryRecords.Result(result);
        }

        await using var lease = await RentAsync(cancellationToken);
        var statement = SqlReads.History(result.Keys);
        var command = statement.Bind(lease.Command(statement.Text));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result[reader.GetString(SqlReads.HistoryColumns.Fact)].Add(new Revision(
                reader.GetInt64(SqlReads.HistoryColumns.Revision),
                HistoryRecords.Time(reader.GetString(SqlReads.HistoryColumns.At)),
                reader.GetString(SqlReads.HistoryColumns.Actor),
                HistoryRecords.Change(reader.GetString(SqlReads.HistoryColumns.Change)),
                HistoryRecords.Changes(reader.GetString(SqlReads.HistoryColumns.Changes)),
                ReadSources(reader, SqlReads.HistoryColumns.Sources),
                reader.GetBoolean(SqlReads.HistoryColumns.Editorial)));
        }

        return HistoryRecords.Result(result);
    }, cancellationToken);

    public Task<IReadOnlyDictionary<string, Page<CitedFact>>> ListCitedFactsAsync(IReadOnlyCollection<string> sourceKeys, PageRequest page,
        CancellationToken cancellationToken) => SqliteInterruption.RunAsync<IReadOnlyDictionary<string, Page<CitedFact>>>(async () =>
    {
        // Keyset paging over (fact, fact_id, locator): entities first ('E' < 'R'), then relationships, in insertion order;
        // a backward page reads that order reversed (KeysetPaging).
        var paging = KeysetPaging.Of(page, defaultSize: 10);
        var after = page.After is null ? null : CitationCursor.Decode(page.After);
        var before = page.Before is null ? null : CitationCursor.Decode(page.Before);
        await using var lease = await RentAsync(cancellationToken);
        var statement = SqlReads.CitedFacts(sourceKeys, paging.Forward, after?.Parts, before?.Parts, paging.Limit);
        var command = statement.Bind(lease.Command(statement.Text));
        var rows = new List<(string Source, string Fact, long FactId, string Locator)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add((reader.GetString(SqlReads.CitedFactColumns.Source), reader.GetString(SqlReads.CitedFactColumns.Fact),
                    reader.GetInt64(SqlReads.CitedFactColumns.FactId), reader.GetString(SqlReads.CitedFactColumns.Locator)));
            }
        }

        var entities = await LoadEntitiesByIdAsync(lease, rows.Where(r => r.Fact == "E").Select(r => r.FactId).Distinct(), cancellationToken);
        var relationshipRows = SqlReads.RelationshipsById(rows.Where(r => r.Fact == "R").Select(r => r.FactId).Distinct());
        var relationships = await ReadRelationshipsAsync(relationshipRows.Bind(lease.Command(relationshipRows.Text)), cancellationToken);
        var result = sourceKeys.Distinct().ToDictionary(k => k, _ => Page<CitedFact>.Empty, StringComparer.Ordinal);
        foreach (var group in rows.GroupBy(r => r.Source))
        {
            var items = group.Select(r => new PageItem<CitedFact>(
                new CitedFact(r.Locator.Length == 0 ? null : r.Locator, r.Fact == "E" ? entities[r.FactId] : null, r.Fact == "R" ? relationships[r.FactId] : null),
                CitationCursor.Encode(new CitationCursor(r.Fact, r.FactId, r.Locator)))).ToList();
            // Facts before the page's start are assumed when it starts from a cursor (Hot Chocolate's keyset rule).
            result[group.Key] = paging.ToPage(items, beyondStart: paging.StartCursor(page) is not null);
        }

        return result;
    }, cancellationToken);

    private async Task<Dictionary<long, Entity>> LoadEntitiesByIdAsync(SqliteReadLease lease, IEnumerable<long> ids, CancellationToken cancellationToken)
    {
        var statement = SqlReads.EntitiesById(ids);
        var command = statement.Bind(lease.Command(statement.Text));
        var result = new Dictionary<long, Entity>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result[reader.GetInt64(0)] = ReadEntity(reader, 1);
        }

        return result;
    }

    /// <summary>Whole relationships (ends by key, properties, citations) by row id.</summary>
    private async Task<Dictionary<long, Relationship>> LoadRelationshipsAsync(SqliteConnection connection, SqliteTransaction transaction,
        IEnumerable<long> ids, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        var statement = SqlReads.RelationshipsById(ids);
        command.CommandText = statement.Text;
        return await ReadRelationshipsAsync(statement.Bind(command), cancellationToken);
    }

    /// <summary>Reads the rows of a <see cref="SqlReads.RelationshipsById"/> statement.</summary>
    private async Task<Dictionary<long, Relationship>> ReadRelationshipsAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var result = new Dictionary<long, Relationship>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var type = _model.Relationship(reader.GetString(SqlReads.RelationshipByIdColumns.Type));
            result[reader.GetInt64(SqlReads.RelationshipByIdColumns.Id)] = new Relationship(type.Name, reader.GetString(SqlReads.RelationshipByIdColumns.From),
                reader.GetString(SqlReads.RelationshipByIdColumns.To),
                PropertyValues.FromStoredJson(type.Properties, reader.GetString(SqlReads.RelationshipByIdColumns.Relationship + RelationshipColumns.Properties), _model),
                ReadSources(reader, SqlReads.RelationshipByIdColumns.Relationship + RelationshipColumns.Sources));
        }

        return result;
    }

    /// <summary>Where a page of cited facts ends: the citation's (fact, fact id, locator), opaque to clients.</summary>
    private sealed record CitationCursor(string Fact, long FactId, string Locator)
    {
        public (string Fact, long FactId, string Locator) Parts => (Fact, FactId, Locator);

        public static string Encode(CitationCursor cursor) => TaggedCursor.Encode("cited", cursor.Fact, cursor.FactId, cursor.Locator);

        public static CitationCursor Decode(string cursor) => TaggedCursor.Decode(cursor, "cited", parts => parts is
            [{ ValueKind: JsonValueKind.String } fact, { ValueKind: JsonValueKind.Number } id, { ValueKind: JsonValueKind.String } locator]
            ? new CitationCursor(fact.GetString()!, id.GetInt64(), locator.GetString()!)
            : null);
    }
}
