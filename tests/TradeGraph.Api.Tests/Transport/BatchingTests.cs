using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using TradeGraph.Api.Tests.Hosting;
using static TradeGraph.Api.Tests.Transport.TransportHttp;

namespace TradeGraph.Api.Tests.Transport;

/// <summary>Batches over POST: arrays of requests and variable batching, in order, bounded, with one set of loaders.</summary>
public sealed class BatchingTests(TransportApplication application) : IClassFixture<TransportApplication>
{
    private const string ByKey = "query($key: String!) { officials(where: { key: { eq: $key } }) { nodes { key } } }";

    private static string KeyOf(JsonNode result) => result["data"]!["officials"]!["nodes"]![0]!["key"]!.GetValue<string>();

    [Fact]
    public async Task AnArrayOfRequestsAndAnArrayOfVariablesGiveArraysOfResultsInOrder()
    {
        using var client = application.CreateClient();

        var (status, batch) = await PostAsync(client, new object[]
        {
            new { query = ByKey, variables = new { key = "xi-jinping" } },
            new { query = "{ countries(where: { isoCode: { eq: \"CN\" } }) { nodes { key } } }" },
            new { query = ByKey, variables = new { key = "donald-trump" } },
        });
        var (_, variableBatch) = await PostAsync(client, new { query = ByKey, variables = new object[] { new { key = "donald-trump" }, new { key = "xi-jinping" } } });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(3, batch.AsArray().Count);
        Assert.Equal("xi-jinping", KeyOf(batch[0]!));
        Assert.Equal("china", batch[1]!["data"]!["countries"]!["nodes"]![0]!["key"]!.GetValue<string>());
        Assert.Equal("donald-trump", KeyOf(batch[2]!));
        Assert.Equal(["donald-trump", "xi-jinping"], variableBatch.AsArray().Select(r => KeyOf(r!)));
    }

    [Fact]
    public async Task ABatchOverTheMaximumSizeIsRefusedAndSoAreBatchesOverGetEmptyOnesAndCostRequests()
    {
        using var client = application.CreateClient();
        var tooMany = Enumerable.Repeat(new { query = "{ __typename }" }, TransportApplication.MaxBatchSize + 1).ToArray();
        var tooManyVariables = Enumerable.Repeat(new { key = "xi-jinping" }, TransportApplication.MaxBatchSize + 1).ToArray();

        var (status, refused) = await PostAsync(client, tooMany, GraphQLResponse);
        var (_, refusedVariables) = await PostAsync(client, new { query = ByKey, variables = tooManyVariables });
        var (getStatus, overGet) = await GetAsync(client, Query(("query", ByKey), ("variables", new object[] { new { key = "xi-jinping" } })));
        var (emptyStatus, _) = await PostAsync(client, Array.Empty<object>());
        using var costRequest = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent.Create(new[] { new { query = "{ __typename }" } }) };
        costRequest.Headers.Add("GraphQL-Cost", "validate");
        using var costResponse = await client.SendAsync(costRequest);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("BATCH_TOO_LARGE", Code(refused));
        Assert.Equal("BATCH_TOO_LARGE", Code(refusedVariables));
        Assert.Equal(HttpStatusCode.BadRequest, getStatus);
        Assert.Equal("INVALID_REQUEST", Code(overGet));
        Assert.Equal(HttpStatusCode.BadRequest, emptyStatus);
        Assert.Equal(HttpStatusCode.BadRequest, costResponse.StatusCode);
    }

    [Fact]
    public async Task TheCostLimitHoldsForTheWholeBatchAndNothingOfARefusedBatchRuns()
    {
        // 10,102 resolved fields each (2 + 50 × (2 + 50 × 4)): one fits the 20,000 limit, three together do not.
        const string wide = "{ officials(first: 50) { nodes { meetings(first: 50) { nodes { key name description aliases } } } } }";
        using var client = application.CreateClient();
        var (_, alone) = await PostAsync(client, new { query = wide });

        var before = application.Calls;
        var (status, batch) = await PostAsync(client, Enumerable.Repeat(new { query = wide }, 3).ToArray());

        Assert.Null(alone["errors"]);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.All(batch.AsArray(), result =>
        {
            Assert.Equal("COST_LIMIT_EXCEEDED", Code(result!));
            Assert.Null(result!["data"]);
        });
        Assert.Equal(before, application.Calls);
    }

    [Fact]
    public async Task OperationsOfABatchShareOneSetOfLoadersSoRepeatedNestedLevelsCostNoRoundTrip()
    {
        const string nested = "{ officials(first: 5) { nodes { key meetings(first: 3) { nodes { key participants(first: 3) { nodes { key } } } } } } }";
        using var client = application.CreateClient();
        await PostAsync(client, new { query = nested });

        var before = application.Calls;
        var (_, single) = await PostAsync(client, new { query = nested });
        var alone = application.Calls - before;
        before = application.Calls;
        var (_, batch) = await PostAsync(client, new[] { new { query = nested }, new { query = nested } });
        var together = application.Calls - before;

        Assert.True(alone >= 3, $"the query makes a round trip per level ({alone})");
        // The second operation repeats only its root list; its nested levels come from the loaders the first one filled.
        Assert.Equal(alone + 1, together);
        Assert.Equal(single.ToJsonString(), batch[0]!.ToJsonString());
        Assert.Equal(single.ToJsonString(), batch[1]!.ToJsonString());
    }

    [Fact]
    public async Task MutationsRunInOrderUnderTheSameKeyRulesAndLaterOperationsSeeTheirWrites()
    {
        const string meetingsOfEnvoy = """{ officials(where: { key: { eq: "batch-envoy" } }) { nodes { meetings { totalCount } } } }""";
        using var writer = application.CreateClient().WithKey(TestKeys.Writer);
        using var officialsOnly = application.CreateClient().WithKey(TestKeys.OfficialsOnly);
        using var anonymous = application.CreateClient();

        var (_, batch) = await PostAsync(writer, new object[]
        {
            new { query = """mutation { createOfficial(input: { key: "batch-envoy", name: "Batch Envoy", editorial: true }) { outcome } }""" },
            new { query = meetingsOfEnvoy },
            new { query = """mutation { connectParticipatesIn(input: { from: "batch-envoy", to: "kuala-lumpur-trade-talks", role: ATTENDEE, editorial: true }) { outcome } }""" },
            new { query = meetingsOfEnvoy },
        });
        var (_, anonymousBatch) = await PostAsync(anonymous, new object[]
        {
            new { query = """mutation { createOfficial(input: { key: "batch-anonymous", name: "Nobody", editorial: true }) { outcome } }""" },
            new { query = ByKey, variables = new { key = "xi-jinping" } },
        });
        var (_, kindBatch) = await PostAsync(officialsOnly, new object[]
        {
            new { query = """mutation { upsertCountry(input: { key: "batch-country", name: "Batchland", isoCode: "BL", editorial: true }) { outcome } }""" },
        });

        int Meetings(int index) => batch[index]!["data"]!["officials"]!["nodes"]![0]!["meetings"]!["totalCount"]!.GetValue<int>();
        Assert.Null(batch[0]!["errors"]);
        Assert.Equal(0, Meetings(1));
        Assert.Null(batch[2]!["errors"]);
        Assert.Equal(1, Meetings(3));
        Assert.Equal("UNAUTHENTICATED", Code(anonymousBatch[0]!));
        Assert.Equal("xi-jinping", KeyOf(anonymousBatch[1]!));
        Assert.Equal("FORBIDDEN", Code(kindBatch[0]!));
    }
}
