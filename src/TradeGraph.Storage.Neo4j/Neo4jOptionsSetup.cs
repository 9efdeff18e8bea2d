using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace TradeGraph.Storage.Neo4j;

/// <summary>
/// Binds <see cref="Neo4jOptions"/> from <c>Storage:Neo4j</c>; where that section leaves Uri, Username, Password or
/// Database unset, takes NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE (the names Neo4j's own tools and
/// Aura's credential files use) from the same configuration, which holds the environment variables in a host.
/// </summary>
internal sealed class Neo4jOptionsSetup(IConfiguration configuration) : IConfigureOptions<Neo4jOptions>
{
    public void Configure(Neo4jOptions options)
    {
        var section = configuration.GetSection(Neo4jOptions.SectionName);
        section.Bind(options);

        if (string.IsNullOrWhiteSpace(section["Uri"]) && configuration["NEO4J_URI"] is { Length: > 0 } uri
            && Uri.TryCreate(uri.Trim(), UriKind.Absolute, out var parsed))
        {
            options.Uri = parsed; // an unparseable value is named by the validator
        }

        if (section["Username"] is null && configuration["NEO4J_USERNAME"] is { } username)
        {
            options.Username = username;
        }

        if (section["Password"] is null && configuration["NEO4J_PASSWORD"] is { } password)
        {
            options.Password = password;
        }

        if (string.IsNullOrWhiteSpace(section["Database"]) && configuration["NEO4J_DATABASE"] is { Length: > 0 } database)
        {
            options.Database = database;
        }

        // Aura's credential files give a Bolt address; the Query API is on the same host over HTTPS. What cannot be
        // derived stays as given, and the validator names it.
        if (options.Uri is { } given && Neo4jAddress.IsBolt(given) && Neo4jAddress.QueryApiBase(given, out _) is { } derived)
        {
            options.Uri = derived;
        }
    }
}

/// <summary>Refuses settings the client cannot work with, each problem named, before the first request.</summary>
internal sealed class Neo4jOptionsValidator(IConfiguration configuration) : IValidateOptions<Neo4jOptions>
{
    private static readonly TimeSpan PollyMinimumBreak = TimeSpan.FromMilliseconds(500);

    public ValidateOptionsResult Validate(string? name, Neo4jOptions options)
    {
        var problems = new List<string>();
        if (options.Uri is null)
        {
            var env = configuration["NEO4J_URI"];
            problems.Add("Storage:Neo4j:Uri (or NEO4J_URI) is required: the server's HTTP address, such as http://localhost:7474 or https://<id>.databases.neo4j.io"
                + (string.IsNullOrWhiteSpace(env) ? "." : $" (NEO4J_URI '{env}' is not an absolute address)."));
        }
        else if (Neo4jAddress.IsBolt(options.Uri) && Neo4jAddress.QueryApiBase(options.Uri, out var problem) is null)
        {
            problems.Add($"Storage:Neo4j:Uri (or NEO4J_URI): {problem}");
        }
        else if (!options.Uri.IsAbsoluteUri || options.Uri.Scheme is not ("http" or "https"))
        {
            problems.Add($"Storage:Neo4j:Uri (or NEO4J_URI) '{options.Uri}' must be an http or https address: the Query API is served over HTTP " +
                "(port 7474, or https on Aura); Bolt addresses (neo4j+s://, neo4j://, bolt://) are turned into it where the port is known.");
        }
        else if (!string.IsNullOrEmpty(options.Uri.UserInfo))
        {
            problems.Add("Storage:Neo4j:Uri must not hold credentials: set Storage:Neo4j:Username and Password instead.");
        }

        if (string.IsNullOrWhiteSpace(options.Database))
        {
            problems.Add("Storage:Neo4j:Database must name a database (usually neo4j).");
        }

        if (options.Username.Contains(':', StringComparison.Ordinal))
        {
            problems.Add("Storage:Neo4j:Username cannot contain ':' (Basic authentication cannot carry it).");
        }

        Positive(problems, nameof(options.AttemptTimeout), options.AttemptTimeout);
        Positive(problems, nameof(options.TotalTimeout), options.TotalTimeout);
        Positive(problems, nameof(options.TransactionTimeout), options.TransactionTimeout);
        Positive(problems, nameof(options.HealthCheckTimeout), options.HealthCheckTimeout);
        Positive(problems, nameof(options.SchemaTimeout), options.SchemaTimeout);
        Positive(problems, nameof(options.IndexPollInterval), options.IndexPollInterval);
        Positive(problems, nameof(options.HeavyReadTimeout), options.HeavyReadTimeout);
        if (options.ImportBatchSize < 1)
        {
            problems.Add("Storage:Neo4j:ImportBatchSize must be at least 1.");
        }

        if (options.MaxRetries is < 0 or > 10)
        {
            problems.Add("Storage:Neo4j:MaxRetries must be between 0 and 10.");
        }

        if (options.ExportAttempts is < 1 or > 10)
        {
            problems.Add("Storage:Neo4j:ExportAttempts must be between 1 and 10.");
        }

        if (options.RetryDelay < TimeSpan.Zero)
        {
            problems.Add("Storage:Neo4j:RetryDelay cannot be negative.");
        }

        // Polly's own limits for a circuit breaker.
        if (options.BreakDuration < PollyMinimumBreak || options.BreakSamplingDuration < PollyMinimumBreak)
        {
            problems.Add("Storage:Neo4j:BreakDuration and BreakSamplingDuration must be at least 0.5 seconds.");
        }

        if (options.BreakMinimumThroughput < 2)
        {
            problems.Add("Storage:Neo4j:BreakMinimumThroughput must be at least 2.");
        }

        if (options.BreakFailureRatio is <= 0 or > 1 || double.IsNaN(options.BreakFailureRatio))
        {
            problems.Add("Storage:Neo4j:BreakFailureRatio must be above 0 and at most 1.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static void Positive(List<string> problems, string name, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            problems.Add($"Storage:Neo4j:{name} must be positive.");
        }
    }
}
