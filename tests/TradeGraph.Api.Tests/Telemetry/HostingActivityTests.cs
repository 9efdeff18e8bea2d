using Microsoft.Extensions.Logging;
using TradeGraph.Api.Tests.Hosting;

namespace TradeGraph.Api.Tests.Telemetry;

/// <summary>
/// ASP.NET Core starts an Activity and a log scope for every request while its hosting logger is enabled at any level.
/// With nothing that would show them (no spans, no JSON or exported logs, no request lines asked of that logger) the
/// logger is off, so requests pay for neither; any of those turns it back on. (Activity sources are process-wide, so the
/// tests read the switch ASP.NET Core reads, not whether a request got an Activity: another test's tracer listens too.)
/// </summary>
public sealed class HostingActivityTests(TradeGraphApplication application) : IClassFixture<TradeGraphApplication>
{
    private const string HostingLogger = "Microsoft.AspNetCore.Hosting.Diagnostics";

    [Fact]
    public void WithoutTracingOrStructuredLogsTheHostingLoggerIsOff()
    {
        Assert.False(HostingLoggerEnabled(application, LogLevel.Critical));
    }

    [Theory]
    [InlineData("Telemetry:Tracing", "On")]
    [InlineData("Telemetry:JsonConsoleLogs", "true")]
    public void SpansOrJsonLogsKeepTheRequestActivity(string setting, string value)
    {
        using var configured = application.WithWebHostBuilder(builder => builder.UseSetting(setting, value));

        Assert.True(HostingLoggerEnabled(configured, LogLevel.Critical));
        Assert.False(HostingLoggerEnabled(configured, LogLevel.Information)); // the configured levels still apply
    }

    [Theory]
    [InlineData("Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics")]
    [InlineData("Logging:LogLevel:Microsoft.AspNetCore.Hosting")]
    [InlineData("Logging:LogLevel:Microsoft.AspNetCore")]
    [InlineData("Logging:Console:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics")]
    [InlineData("Logging:Console:LogLevel:Default")]
    public void RequestLinesAskedOfTheHostingLoggerKeepIt(string setting)
    {
        using var configured = application.WithWebHostBuilder(builder => builder.UseSetting(setting, "Information"));

        Assert.True(HostingLoggerEnabled(configured, LogLevel.Information));
    }

    [Fact]
    public void ALevelThatWritesNoRequestLineLeavesItOff()
    {
        using var configured = application.WithWebHostBuilder(builder =>
            builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics", "Warning"));

        Assert.False(HostingLoggerEnabled(configured, LogLevel.Critical));
    }

    private static bool HostingLoggerEnabled<TEntry>(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<TEntry> host, LogLevel level)
        where TEntry : class =>
        host.Services.GetRequiredService<ILoggerFactory>().CreateLogger(HostingLogger).IsEnabled(level);
}
