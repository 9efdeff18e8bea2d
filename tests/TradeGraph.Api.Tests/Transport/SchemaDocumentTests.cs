using System.Net;
using TradeGraph.Api.Tests.Hosting;

namespace TradeGraph.Api.Tests.Transport;

/// <summary><c>GET /graphql?sdl</c>, as Hot Chocolate serves it: the printed SDL, directives and their definitions included.</summary>
[Collection(ApplicationCollection.Name)]
public sealed class SchemaDocumentTests(TradeGraphApplication application)
{
    [Theory]
    [InlineData("/graphql?sdl")]
    [InlineData("/graphql?SDL")]
    [InlineData("/graphql/?sdl")]
    public async Task TheSdlSwitchAnswersThePrintedSchemaAsAGraphQLFile(string url)
    {
        using var client = application.CreateClient();
        var printed = await client.GetStringAsync("/graphql/schema.graphql");

        using var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/graphql", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType.CharSet);
        Assert.Equal("schema.graphql", response.Content.Headers.ContentDisposition!.FileName!.Trim('"'));
        var sdl = await response.Content.ReadAsStringAsync();
        Assert.Equal(printed, sdl);
        Assert.Contains("directive @cost(", sdl);
        Assert.Contains("directive @oneOf on INPUT_OBJECT", sdl);
        Assert.Contains("type Query {", sdl);
    }

    [Fact]
    public async Task ABrowserAskingForTheSdlGetsTheSdlNotTheIde()
    {
        using var client = application.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/graphql?sdl");
        request.Headers.Add("Accept", "text/html,application/xhtml+xml,*/*;q=0.8");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/graphql", response.Content.Headers.ContentType!.MediaType);
    }
}
