using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TradeGraph.Storage.Neo4j;
using TradeGraph.Storage.Neo4j.QueryApi;

namespace TradeGraph.Storage.Tests.Neo4j.QueryApi;

/// <summary>AddNeo4jQueryApi: options from Storage:Neo4j or NEO4J_*, validation, one client for the application.</summary>
public sealed class Neo4jServiceCollectionTests
{
    [Fact]
    public void OptionsComeFromTheStorageNeo4jSection()
    {
        var options = Options(new()
        {
            ["Storage:Neo4j:Uri"] = "https://abc123.databases.neo4j.io",
            ["Storage:Neo4j:Username"] = "reader",
            ["Storage:Neo4j:Password"] = "pw",
            ["Storage:Neo4j:Database"] = "trade",
            ["Storage:Neo4j:MaxRetries"] = "2",
            ["Storage:Neo4j:BreakDuration"] = "00:01:00",
            ["NEO4J_URI"] = "http://ignored:7474",
            ["NEO4J_USERNAME"] = "ignored",
        });

        Assert.Equal(new Uri("https://abc123.databases.neo4j.io"), options.Uri);
        Assert.Equal("reader", options.Username);
        Assert.Equal("pw", options.Password);
        Assert.Equal("trade", options.Database);
        Assert.Equal(2, options.MaxRetries);
        Assert.Equal(TimeSpan.FromMinutes(1), options.BreakDuration);
    }

    [Fact]
    public void Neo4jEnvironmentVariablesFillWhatTheSectionLeavesOut()
    {
        var options = Options(new()
        {
            ["Storage:Neo4j:Password"] = "from-section",
            ["NEO4J_URI"] = "http://neo4j:7474",
            ["NEO4J_USERNAME"] = "admin",
            ["NEO4J_PASSWORD"] = "from-env",
            ["NEO4J_DATABASE"] = "graph",
        });

        Assert.Equal(new Uri("http://neo4j:7474"), options.Uri);
        Assert.Equal("admin", options.Username);
        Assert.Equal("from-section", options.Password);
        Assert.Equal("graph", options.Database);
    }

    [Theory]
    [InlineData(null, "is required")]
    [InlineData("ftp://neo4j.example.com", "must be an http or https address")]
    [InlineData("neo4j+ssc://abc123.databases.neo4j.io", "trusts any certificate (+ssc)")]
    [InlineData("bolt://localhost:7688", "the Query API's HTTP port cannot be derived from it")]
    [InlineData("http://neo4j:secret@localhost:7474", "must not hold credentials")]
    public void AMissingOrUnusableUriIsRefusedSayingWhy(string? uri, string expected)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Options(new() { ["Storage:Neo4j:Uri"] = uri }));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnparseableNeo4jUriIsNamed()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Options(new() { ["NEO4J_URI"] = "neo4j host" }));

        Assert.Contains("NEO4J_URI 'neo4j host' is not an absolute address", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SettingsPollyCannotTakeAreRefusedBeforeUse()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Options(new()
        {
            ["Storage:Neo4j:Uri"] = "http://localhost:7474",
            ["Storage:Neo4j:BreakDuration"] = "00:00:00.100",
            ["Storage:Neo4j:AttemptTimeout"] = "00:00:00",
            ["Storage:Neo4j:Username"] = "a:b",
            ["Storage:Neo4j:ExportAttempts"] = "0",
            ["Storage:Neo4j:SchemaTimeout"] = "00:00:00",
            ["Storage:Neo4j:ImportBatchSize"] = "0",
        }));

        Assert.Contains("BreakDuration", error.Message, StringComparison.Ordinal);
        Assert.Contains("AttemptTimeout must be positive", error.Message, StringComparison.Ordinal);
        Assert.Contains("cannot contain ':'", error.Message, StringComparison.Ordinal);
        Assert.Contains("ExportAttempts must be between 1 and 10", error.Message, StringComparison.Ordinal);
        Assert.Contains("SchemaTimeout must be positive", error.Message, StringComparison.Ordinal);
        Assert.Contains("ImportBatchSize must be at least 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheRunnerIsOneClientForTheApplicationAndNoGraphStoreIsRegistered()
    {
        using var provider = Provider(new() { ["Storage:Neo4j:Uri"] = "http://localhost:7474" });

        var runner = provider.GetRequiredService<INeo4jQueryRunner>();

        Assert.Same(runner, provider.GetRequiredService<INeo4jQueryRunner>());
        Assert.Same(runner, provider.GetRequiredService<Neo4jQueryApiClient>());
        Assert.Equal("http://localhost:7474/", ((Neo4jQueryApiClient)runner).Address);
        Assert.NotNull(provider.GetRequiredService<Neo4jHealthCheck>());
        Assert.Null(provider.GetService<TradeGraph.Core.Storage.IGraphStore>());
    }

    private static Neo4jOptions Options(Dictionary<string, string?> settings)
    {
        using var provider = Provider(settings);
        return provider.GetRequiredService<IOptions<Neo4jOptions>>().Value;
    }

    /// <summary>AddNeo4jQueryApi over these settings as the whole configuration.</summary>
    internal static ServiceProvider Provider(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddNeo4jQueryApi();
        return services.BuildServiceProvider();
    }
}
