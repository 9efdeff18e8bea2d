using TradeGraph.Core.Graph;
using TradeGraph.Core.Storage;
using TradeGraph.Core.Writing;
using TradeGraph.Storage.Neo4j.Cypher;
using TradeGraph.Storage.Neo4j.QueryApi;
using TradeGraph.Storage.Neo4j.Writing;

namespace TradeGraph.Storage.Neo4j;

/// <summary>Schema, import and writes: each import and each write batch is one explicit transaction, all or nothing.</summary>
public sealed partial class Neo4jGraphStore
{
    private WriteStatements? _writeStatements;

    /// <summary>Where the times of writes come from (tests fix it).</summary>
    internal TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>The write side's statements, derived from the model once.</summary>
    internal WriteStatements WriteStatements => _writeStatements ??= new WriteStatements(Model);

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var stored = await Runner.RunAsync(Neo4jSchema.ReadVersion(), AccessMode.Read, cancellationToken);
        var version = stored.Rows.Count == 0 ? 0 : Convert.ToInt64(stored.Value(0, "version") ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
        if (version > Neo4jSchema.CurrentVersion)
        {
            // A newer release may have changed the layout: refuse rather than misread (as the SQLite store does).
            throw new InvalidOperationException(
                $"The database was written by a newer TradeGraph (schema version {version}; this release knows {Neo4jSchema.CurrentVersion}).");
        }

        // One statement per request, each in its own transaction: Neo4j refuses schema and data changes together.
        foreach (var statement in Neo4jSchema.Bootstrap(Model))
        {
            await Runner.RunAsync(statement, AccessMode.Write, cancellationToken);
        }

        await Runner.RunAsync(Neo4jSchema.WriteVersion(), AccessMode.Write, cancellationToken);
        await Runner.RunAsync(Neo4jSchema.MarkRevisionLog(), AccessMode.Write, cancellationToken);
    }

    public Task<ImportResult> ImportAsync(GraphDocument document, CancellationToken cancellationToken) =>
        ImportAsync(document, progress: null, cancellationToken);

    public Task<ImportResult> ImportAsync(GraphDocument document, IProgress<long>? progress, CancellationToken cancellationToken) =>
        Runner.InTransactionAsync(async (transaction, token) =>
        {
            var result = await new Neo4jImport(transaction, Model, WriteStatements, Clock.GetUtcNow()) { Progress = progress }.RunAsync(document, token);
            await SavePassagesAsync(transaction, document.PassagesOrNone, token);
            return result;
        }, cancellationToken);

    public Task<WriteResult> ApplyAsync(WriteBatch batch, CancellationToken cancellationToken) =>
        // A refusal is a GraphWriteException thrown from the work, so the runner rolls back and it reaches the caller as is.
        Runner.InTransactionAsync(
            (transaction, token) => new Neo4jWriter(transaction, Model, WriteStatements, Clock.GetUtcNow()).RunAsync(batch, token),
            cancellationToken);
}
