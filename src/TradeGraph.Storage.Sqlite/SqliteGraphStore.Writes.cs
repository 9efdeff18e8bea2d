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
        var direction = paging.Forward ? "ASC" : "DESC";
        await using var lease = await RentAsync(cancellationToken);
        var command = lease.Command($"""
            SELECT source, fact, fact_id, locator FROM (
                SELECT s.key AS source, c.fact, c.fact_id, c.locator,
                       ROW_NUMBER() OVER (PARTITION BY s.id ORDER BY c.fact {direction}, c.fact_id {direction}, c.locator {direction}) AS rn
                FROM entities s JOIN citations c ON c.source_id = s.id
                WHERE s.key IN (SELECT value FROM json_each(@sources))
                  AND (@afterFact IS NULL OR (c.fact, c.fact_id, c.locator) > (@afterFact, @afterId, @afterLocator))
                  AND (@beforeFact IS NULL OR (c.fact, c.fact_id, c.locator) < (@beforeFact, @beforeId, @beforeLocator)))
            WHERE rn <= @limit ORDER BY source, rn
            """);
        command.Parameters.AddWithValue("@sources", JsonSerializer.Serialize(sourceKeys));
        foreach (var (name, cursor) in new[] { ("after", after), ("before", before) })
        {
            command.Parameters.AddWithValue($"@{name}Fact", (object?)cursor?.Fact ?? DBNull.Value);
            command.Parameters.AddWithValue($"@{name}Id", (object?)cursor?.FactId ?? DBNull.Value);
            command.Parameters.AddWithValue($"@{name}Locator", (object?)cursor?.Locator ?? DBNull.Value);
        }

        command.Parameters.AddWithValue("@limit", paging.Limit);
        var rows = new List<(string Source, string Fact, long FactId, string Locator)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add((reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3)));
            }
        }

        var entities = await LoadEntitiesByIdAsync(lease, rows.Where(r => r.Fact == "E").Select(r => r.FactId).Distinct(), cancellationToken);
        var relationships = await ReadRelationshipsAsync(lease.Command(RelationshipsById), rows.Where(r => r.Fact == "R").Select(r => r.FactId).Distinct(), cancellationToken);
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
        var command = lease.Command($"SELECT e.id, {EntityColumns.All} FROM entities e WHERE e.id IN (SELECT value FROM json_each(@ids))");
        command.Parameters.AddWithValue("@ids", JsonSerializer.Serialize(ids));
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
        command.CommandText = RelationshipsById;
        return await ReadRelationshipsAsync(command, ids, cancellationToken);
    }

    private static readonly string RelationshipsById = $"""
        SELECT r.id, r.type, f.key, t.key, {RelationshipColumns.All}
        FROM relationships r JOIN entities f ON f.id = r.from_id JOIN entities t ON t.id = r.to_id
        WHERE r.id IN (SELECT value FROM json_each(@ids))
        """;

    /// <summary>Runs <see cref="RelationshipsById"/> for <paramref name="ids"/>.</summary>
    private async Task<Dictionary<long, Relationship>> ReadRelationshipsAsync(SqliteCommand command, IEnumerable<long> ids, CancellationToken cancellationToken)
    {
        command.Parameters.AddWithValue("@ids", JsonSerializer.Serialize(ids));
        var result = new Dictionary<long, Relationship>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var type = _model.Relationship(reader.GetString(1));
            result[reader.GetInt64(0)] = new Relationship(type.Name, reader.GetString(2), reader.GetString(3),
                PropertyValues.FromStoredJson(type.Properties, reader.GetString(4), _model), ReadSources(reader, 5));
        }

        return result;
    }

    /// <summary>Where a page of cited facts ends: the citation's (fact, fact id, locator), opaque to clients.</summary>
    private sealed record CitationCursor(string Fact, long FactId, string Locator)
    {
        public static string Encode(CitationCursor cursor) => TaggedCursor.Encode("cited", cursor.Fact, cursor.FactId, cursor.Locator);

        public static CitationCursor Decode(string cursor) => TaggedCursor.Decode(cursor, "cited", parts => parts is
            [{ ValueKind: JsonValueKind.String } fact, { ValueKind: JsonValueKind.Number } id, { ValueKind: JsonValueKind.String } locator]
            ? new CitationCursor(fact.GetString()!, id.GetInt64(), locator.GetString()!)
            : null);
    }
}
