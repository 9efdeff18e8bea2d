using System.ComponentModel.DataAnnotations;

namespace TradeGraph.Storage.Neo4j;

/// <summary>Where Neo4j is and how to talk to it (<c>Storage:Neo4j</c>; <c>NEO4J_URI</c>, <c>NEO4J_USERNAME</c>, <c>NEO4J_PASSWORD</c> also work).</summary>
public sealed class Neo4jOptions
{
    public const string SectionName = "Storage:Neo4j";

    /// <summary>
    /// The HTTP(S) address of the server, such as http://localhost:7474 or https://xxxx.databases.neo4j.io. A Bolt address
    /// as Aura's credential files write it (neo4j+s://xxxx.databases.neo4j.io) is turned into its Query API address at
    /// start (see <see cref="Neo4jAddress"/>).
    /// </summary>
    [Required]
    public Uri? Uri { get; set; }

    public string Database { get; set; } = "neo4j";

    public string Username { get; set; } = "neo4j";

    public string Password { get; set; } = "";

    /// <summary>The time limit for one attempt of one request.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The time limit for a unit of work with its retries.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries of a transient failure (exponential backoff with jitter from <see cref="RetryDelay"/>).</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 4;

    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How long the circuit stays open after Neo4j looked down; requests fail fast meanwhile.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// The time limit for one attempt of an explicit transaction, begin to commit (it replaces
    /// <see cref="AttemptTimeout"/> there: a transaction holds many statements). Its retries share
    /// <see cref="TotalTimeout"/>, or this much when that is longer.
    /// </summary>
    public TimeSpan TransactionTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The circuit opens when at least this share of the calls in <see cref="BreakSamplingDuration"/> failed…</summary>
    public double BreakFailureRatio { get; set; } = 0.5;

    /// <summary>…and there were at least this many of them (each attempt counts, so one call with its retries may be enough).</summary>
    public int BreakMinimumThroughput { get; set; } = 5;

    public TimeSpan BreakSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Reads of the whole graph (export, and the analytics topology read on Neo4j) before giving up when writes kept
    /// committing while it was read. Neo4j reads are read-committed, so the export is re-read until no write committed
    /// during the read; writers are never blocked.
    /// </summary>
    [Range(1, 10)]
    public int ExportAttempts { get; set; } = DefaultExportAttempts;

    public const int DefaultExportAttempts = 3;

    /// <summary>How long the health check waits for <c>RETURN 1</c> (one attempt, no retries).</summary>
    public TimeSpan HealthCheckTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// The time limit for one schema statement at start (creating a uniqueness constraint on existing data is
    /// synchronous) and for the wait until every index is online: populating indexes over a large graph outlasts
    /// <see cref="AttemptTimeout"/> by far.
    /// </summary>
    public TimeSpan SchemaTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often the start-up wait asks which indexes are still populating (and logs their progress).</summary>
    public TimeSpan IndexPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The time limit for one read of the whole graph or of a large part of it (export, statistics, cited facts). Such a
    /// read that times out is not retried and does not count toward the circuit breaker: the server may still be running
    /// it, and another copy would only add load.
    /// </summary>
    public TimeSpan HeavyReadTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Facts (entities and relationships) per transaction of an import. A larger document is imported in several
    /// transactions, each committed, which keeps each under the server's transaction memory limit and its time under
    /// <see cref="TransactionTimeout"/>; a document this size or smaller stays one transaction, all or nothing.
    /// </summary>
    [Range(1, 1_000_000)]
    public int ImportBatchSize { get; set; } = DefaultImportBatchSize;

    public const int DefaultImportBatchSize = 20_000;
}
