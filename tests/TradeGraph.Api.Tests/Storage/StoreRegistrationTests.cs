using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using TradeGraph.Api.Composition;
using TradeGraph.Api.Storage;
using TradeGraph.Core.Storage;
using TradeGraph.Storage.Neo4j;
using TradeGraph.Storage.Sqlite;

namespace TradeGraph.Api.Tests.Storage;

/// <summary>
/// Each store registers itself when <c>Storage:Provider</c> chooses it, and only then; the host holds no if/else over
/// the stores, and an unknown provider registers none and is refused by the options' validation with the names.
/// </summary>
public sealed class StoreRegistrationTests
{
    [Theory]
    [InlineData(null, typeof(SqliteGraphStore))]
    [InlineData("Sqlite", typeof(SqliteGraphStore))]
    [InlineData("sqlite", typeof(SqliteGraphStore))]
    [InlineData("Neo4j", typeof(Neo4jGraphStore))]
    public void TheChosenStoreAloneIsTheStoreOfRecord(string? provider, Type expected)
    {
        var services = Services(provider);

        var registrations = services.Where(d => d.ServiceType == typeof(StoreOfRecord)).ToList();
        using var provided = services.BuildServiceProvider();
        var store = provided.GetRequiredService<StoreOfRecord>().Store;

        Assert.Single(registrations);
        Assert.IsType(expected, store);
        Assert.Equal(expected == typeof(Neo4jGraphStore), services.Any(d => d.ServiceType == typeof(Neo4jHealthCheck)));
    }

    [Fact]
    public void AnUnknownProviderRegistersNoStoreAndIsRefusedWithTheProvidersThereAre()
    {
        var services = Services("Oracle");
        using var provided = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provided.GetRequiredService<IGraphStore>());

        Assert.DoesNotContain(services, d => d.ServiceType == typeof(StoreOfRecord));
        Assert.Contains("Storage:Provider must be one of Sqlite, Neo4j", error.Message, StringComparison.Ordinal);
    }

    private static IServiceCollection Services(string? provider)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Storage:Sqlite:Path"] = Path.Combine(Path.GetTempPath(), $"tg-registration-{Guid.NewGuid():N}.db"),
            ["Storage:Neo4j:Uri"] = "http://127.0.0.1:7474",
            ["Storage:Neo4j:Password"] = "not-used",
        };
        if (provider is not null)
        {
            settings["Storage:Provider"] = provider;
        }

        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = Path.GetTempPath() });
        builder.Configuration.AddInMemoryCollection(settings);
        var services = builder.Services;
        services.AddLogging();
        services.AddTradeGraphCore();
        services.AddGraphStorage(builder.Configuration);
        services.AddSqliteGraphStore(builder.Configuration);
        services.AddNeo4jGraphStore(builder.Configuration);
        return services;
    }
}
