using System.Net;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Options;
using TradeGraph.Api.Tests.Hosting;

namespace TradeGraph.Api.Tests.Startup;

/// <summary>
/// Kestrel's socket transport options come from the <c>SocketTransport</c> section; on a real socket an executed answer
/// is one body with its Content-Length (not chunked), with inline scheduling off (Kestrel's default) and on.
/// </summary>
public sealed class SocketTransportSettingsTests
{
    [Fact]
    public void UnsetKeysKeepKestrelsDefaults()
    {
        using var application = new TradeGraphApplication();

        var options = application.Services.GetRequiredService<IOptions<SocketTransportOptions>>().Value;

        Assert.Equal(new SocketTransportOptions().UnsafePreferInlineScheduling, options.UnsafePreferInlineScheduling);
        Assert.Equal(new SocketTransportOptions().WaitForDataBeforeAllocatingBuffer, options.WaitForDataBeforeAllocatingBuffer);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AnExecutedAnswerOnARealSocketIsOneBodyWithItsLength(bool inline)
    {
        using var application = new ExecutingApplication(inline);
        var address = application.StartKestrel();
        using var client = new HttpClient { BaseAddress = address };

        Assert.Equal(inline, application.Services.GetRequiredService<IOptions<SocketTransportOptions>>().Value.UnsafePreferInlineScheduling);
        var answers = await Task.WhenAll(Enumerable.Range(0, 24).Select(async i =>
        {
            using var content = new StringContent($$"""{"query":"{ countries(first: {{1 + (i % 5)}}) { totalCount nodes { key name } } }"}""", Encoding.UTF8, "application/json");
            // Headers read before the body: a buffered body would make HttpClient compute a Content-Length of its own.
            using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = content };
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            var length = response.Content.Headers.NonValidated.TryGetValues("Content-Length", out var lengths) ? lengths.ToString() : null;
            var body = await response.Content.ReadAsByteArrayAsync();
            return (response.StatusCode, Chunked: response.Headers.TransferEncodingChunked, Length: length, Body: body);
        }));

        Assert.All(answers, answer =>
        {
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.NotEqual(true, answer.Chunked);
            Assert.Equal(answer.Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), answer.Length);
            Assert.Contains("\"totalCount\":", Encoding.UTF8.GetString(answer.Body), StringComparison.Ordinal);
        });
    }

    private sealed class ExecutingApplication(bool inline) : TradeGraphApplication
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("GraphQL:ResponseCache:Enabled", "false");
            builder.UseSetting("SocketTransport:UnsafePreferInlineScheduling", inline ? "true" : "false");
        }
    }
}
