using TradeGraph.Api.GraphQL;
using TradeGraph.Api.Tests.Hosting;

namespace TradeGraph.Api.Tests.GraphQLHttp;

public sealed class DocumentCacheTests : IDisposable
{
    private readonly TradeGraphApplication _application = new();

    [Fact]
    public async Task ARepeatedDocumentSkipsParsingAndValidation()
    {
        using var client = _application.CreateClient();
        var cache = _application.Services.GetRequiredService<DocumentCache>();
        const string Query = "query Repeated($n: Int) { countries(first: $n) { nodes { key } } }";

        var first = await client.QueryAsync(Query, new { n = 2 });
        var hitsBefore = cache.Hits;
        var second = await client.QueryAsync(Query, new { n = 3 });

        Assert.Equal(hitsBefore + 1, cache.Hits);
        Assert.Equal(2, first["countries"]!["nodes"]!.AsArray().Count);
        Assert.Equal(3, second["countries"]!["nodes"]!.AsArray().Count);
    }

    [Fact]
    public async Task AnInvalidDocumentIsNeverCached()
    {
        using var client = _application.CreateClient();
        var cache = _application.Services.GetRequiredService<DocumentCache>();

        await client.ErrorCodesAsync("{ countries { nodes { nope } } }");
        var hitsBefore = cache.Hits;
        await client.ErrorCodesAsync("{ countries { nodes { nope } } }");

        Assert.Equal(hitsBefore, cache.Hits);
    }

    public void Dispose() => _application.Dispose();
}
