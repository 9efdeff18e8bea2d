using System.ComponentModel.DataAnnotations;

namespace TradeGraph.Storage.Neo4j;

/// <summary>Where Neo4j is and how to talk to it (<c>Storage:Neo4j</c>; <c>NEO4J_URI</c>, <c>NEO4J_USERNAME</c>, <c>NEO4J_PASSWORD</c> also work).</summary>
public sealed class Neo4jOptions
{
    public const string SectionName = "Storage:Neo4j";

    /// <summary>The HTTP(S) address of the server, such as http://localhost:7474 or https://xxxx.databases.neo4j.io.</summary>
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
}
