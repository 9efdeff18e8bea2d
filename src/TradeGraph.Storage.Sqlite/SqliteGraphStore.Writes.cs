using System.Text.Json;
using Microsoft.Data.Sqlite;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Querying;
using TradeGraph.Core.Storage;
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
        CancellationToken cancellationToken) => CitedFactPages.ListAsync(new CitedFactRows(this), sourceKeys, page, cancellationToken);

    /// <summary>
    /// The cited-facts primitives: keyset order over (fact, fact_id, locator) — entities first ('E' &lt; 'R'), then
    /// relationships, in insertion order — and the facts read back by row id in the same lease.
    /// </summary>
    private sealed class CitedFactRows(SqliteGraphStore store) : ICitedFactRows<CitationCursor>
    {
        public CitationCursor DecodeCursor(string cursor) => CitationCursor.Decode(cursor);

        public string EncodeCursor(CitationCursor position) => CitationCursor.Encode(position);

        public Task<IReadOnlyDictionary<string, IReadOnlyList<CitedFactRow<CitationCursor>>>> ReadAsync(IReadOnlyCollection<string> sourceKeys, KeysetPaging paging,
            CitationCursor? after, CitationCursor? before, CancellationToken cancellationToken) =>
            SqliteInterruption.RunAsync<IReadOnlyDictionary<string, IReadOnlyList<CitedFactRow<CitationCursor>>>>(async () =>
        {
            await using var lease = await store.RentAsync(cancellationToken);
            var statement = SqlReads.CitedFacts(sourceKeys, paging.Forward, after?.Parts, before?.Parts, paging.Limit);
            var command = statement.Bind(lease.Command(statement.Text));
            var rows = new List<(string Source, CitationCursor Position)>();
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    rows.Add((reader.GetString(SqlReads.CitedFactColumns.Source), new CitationCursor(reader.GetString(SqlReads.CitedFactColumns.Fact),
                        reader.GetInt64(SqlReads.CitedFactColumns.FactId), reader.GetString(SqlReads.CitedFactColumns.Locator))));
                }
            }

            var entities = await store.LoadEntitiesByIdAsync(lease, rows.Where(r => r.Position.Fact == "E").Select(r => r.Position.FactId).Distinct(),
                cancellationToken);
            var relationshipRows = SqlReads.RelationshipsById(rows.Where(r => r.Position.Fact == "R").Select(r => r.Position.FactId).Distinct());
            var relationships = await store.ReadRelationshipsAsync(relationshipRows.Bind(lease.Command(relationshipRows.Text)), cancellationToken);
            // Only the sources with rows: one without keeps the empty page.
            return rows.GroupBy(r => r.Source, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (IReadOnlyList<CitedFactRow<CitationCursor>>)[.. g.Select(r =>
                new CitedFactRow<CitationCursor>(new CitedFact(r.Position.Locator.Length == 0 ? null : r.Position.Locator,
                    r.Position.Fact == "E" ? entities[r.Position.FactId] : null, r.Position.Fact == "R" ? relationships[r.Position.FactId] : null), r.Position))],
                StringComparer.Ordinal);
        }, cancellationToken);
    }

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
