using TradeGraph.Core.Graph;
using Microsoft.Extensions.Logging;
using TradeGraph.Core.Storage;
using TradeGraph.Core.Storage.Import;
using TradeGraph.Core.Writing;
using TradeGraph.Core.Writing.Rules;
using TradeGraph.Storage.Neo4j.Cypher;
using TradeGraph.Storage.Neo4j.Writing;

namespace TradeGraph.Storage.Neo4j;

/// <summary>
/// Schema, import and writes: each write batch is one explicit transaction, all or nothing; an import too, up to
/// <see cref="Neo4jOptions.ImportBatchSize"/> facts, and beyond that one committed transaction per batch.
/// </summary>
public sealed partial class Neo4jGraphStore
{
    private WriteStatements? _writeStatements;
    private WriteRules? _rules;

    /// <summary>Where the times of writes come from (the host's TimeProvider; tests fix it).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>The write side's statements, derived from the model once.</summary>
    internal WriteStatements WriteStatements => _writeStatements ??= new WriteStatements(Model);

    private WriteRules Rules => _rules ??= new WriteRules(Model);

    /// <summary>The client's settings the store uses too: the schema wait at start, the import's batch size.</summary>
    public Neo4jOptions Settings { get; init; } = new();

    /// <summary>Where the start-up wait for indexes and the import's batches report.</summary>
    public ILogger Logger { get; init; } = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    /// <summary>How the start-up wait for indexes ended (null before <see cref="InitializeAsync"/>).</summary>
    public IndexWaitOutcome? IndexWait { get; private set; }

    /// <summary>Core's <see cref="SchemaMigration"/> through <see cref="Neo4jGraphStore.SchemaSession"/>.</summary>
    public Task InitializeAsync(CancellationToken cancellationToken) => SchemaMigration.RunAsync(new SchemaSession(this), Neo4jSchema.CurrentVersion, cancellationToken);

    public Task<ImportResult> ImportAsync(GraphDocument document, CancellationToken cancellationToken) =>
        ImportAsync(document, progress: null, cancellationToken);

    /// <summary>
    /// One transaction for a document of up to <see cref="Neo4jOptions.ImportBatchSize"/> facts (all or nothing); a larger
    /// one in batches of that many, each committed (see <see cref="ImportBatches"/>: resumable by importing again).
    /// </summary>
    public Task<ImportResult> ImportAsync(GraphDocument document, IProgress<long>? progress, CancellationToken cancellationToken) =>
        new ImportBatches(Settings.ImportBatchSize, "Storage:Neo4j:ImportBatchSize")
        {
            Committed = (batch, batches, committed, total) => LogBatch(Logger, batch, batches, committed, total),
            Interrupted = told => LogInterrupted(Logger, told),
        }.RunAsync(document, progress, (batch, batchProgress, token) => Runner.InTransactionAsync(
            async (transaction, t) =>
            {
                var result = await new Neo4jImport(transaction, Model, WriteStatements, Clock.GetUtcNow()) { Progress = batchProgress }.RunAsync(batch, t);
                await SavePassagesAsync(transaction, batch.PassagesOrNone, t);
                return result;
            },
            token), cancellationToken);

    /// <summary>
    /// Core's <see cref="WriteRules"/> through <see cref="Neo4jWriteSession"/>, in one explicit transaction that first takes
    /// the writers' lock. A refusal is a GraphWriteException thrown from the work, so the runner rolls back and it reaches
    /// the caller as is.
    /// </summary>
    public Task<WriteResult> ApplyAsync(WriteBatch batch, CancellationToken cancellationToken) =>
        Runner.InTransactionAsync(
            async (transaction, token) =>
            {
                var at = Clock.GetUtcNow();
                await transaction.RunAsync(WriteStatements.Lock(at), token);
                return await Rules.ApplyAsync(new Neo4jWriteSession(transaction, Model, WriteStatements), batch, at, token);
            },
            cancellationToken);

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Import batch {Batch} of {Batches} committed ({Committed} of {Total} facts)")]
    private static partial void LogBatch(ILogger logger, int batch, int batches, long committed, int total);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "{Told}")]
    private static partial void LogInterrupted(ILogger logger, string told);
}
