using System.Net;
using TradeGraph.Api.Tests.Hosting;
using static TradeGraph.Api.Tests.Transport.TransportHttp;

namespace TradeGraph.Api.Tests.Transport;

/// <summary>Trusted documents loaded at start, asked for by id as Relay (<c>id</c>) and Hot Chocolate (<c>documentId</c>) send it.</summary>
public sealed class TrustedDocumentTests(TransportApplication application) : IClassFixture<TransportApplication>
{
    [Fact]
    public async Task ADocumentIdFromTheOperationStoreFolderRunsWithItsVariablesOverPostAndGet()
    {
        using var client = application.CreateClient();
        var variables = new { key = "xi-jinping" };

        var (postStatus, posted) = await PostAsync(client, new { documentId = TransportApplication.OfficialById, variables });
        var (getStatus, got) = await GetAsync(client, Query(("documentId", TransportApplication.OfficialById), ("variables", variables)));

        Assert.Equal(HttpStatusCode.OK, postStatus);
        Assert.Equal("Xi Jinping", posted["data"]!["officials"]!["nodes"]![0]!["name"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, getStatus);
        Assert.Equal(posted.ToJsonString(), got.ToJsonString());
    }

    [Fact]
    public async Task RelaysIdFromPersistedQueriesJsonRunsOverPostAndGetAndAsTheDocumentsHash()
    {
        using var client = application.CreateClient();

        var (_, posted) = await PostAsync(client, new { id = TransportApplication.RelayId, query = (string?)null, variables = new { } });
        var (_, got) = await GetAsync(client, Query(("id", TransportApplication.RelayId)));
        var (_, byHash) = await GetAsync(client, Query(("documentId", "sha256:" + Sha256(TransportApplication.RelayDocument))));

        Assert.True(posted["data"]!["countries"]!["totalCount"]!.GetValue<int>() > 0, posted.ToJsonString());
        Assert.Equal(posted.ToJsonString(), got.ToJsonString());
        Assert.Equal(posted.ToJsonString(), byHash.ToJsonString());
    }

    [Fact]
    public async Task AnUnknownIdAndAnIdWithAnotherDocumentAreCodedRequestErrors()
    {
        using var client = application.CreateClient();

        var (unknownStatus, unknown) = await PostAsync(client, new { documentId = "no-such-operation" }, GraphQLResponse);
        var (getStatus, overGet) = await GetAsync(client, Query(("id", "no-such-operation")));
        var (_, mismatch) = await PostAsync(client, new { documentId = TransportApplication.OfficialById, query = "{ __typename }" });
        var (bothStatus, both) = await PostAsync(client, new { documentId = TransportApplication.OfficialById, id = TransportApplication.RelayId });

        Assert.Equal(HttpStatusCode.BadRequest, unknownStatus);
        Assert.Equal("PERSISTED_DOCUMENT_NOT_FOUND", Code(unknown));
        Assert.Contains("no-such-operation", Message(unknown), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, getStatus);
        Assert.Equal("PERSISTED_DOCUMENT_NOT_FOUND", Code(overGet));
        Assert.Equal("PERSISTED_DOCUMENT_MISMATCH", Code(mismatch));
        Assert.Equal(HttpStatusCode.BadRequest, bothStatus);
        Assert.Equal("INVALID_REQUEST", Code(both));
    }

    [Fact]
    public async Task ATrustedDocumentStillPassesTheAccessRule()
    {
        using var badKey = application.CreateClient().WithKey("not-a-key");

        var (status, body) = await PostAsync(badKey, new { documentId = TransportApplication.OfficialById, variables = new { key = "xi-jinping" } });

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("UNAUTHENTICATED", Code(body));
    }
}

/// <summary>Trusted documents only (<c>GraphQL:PersistedOperations:TrustedOnly</c>), except for callers with the admin scope.</summary>
public sealed class TrustedOnlyTests(TrustedOnlyApplication application) : IClassFixture<TrustedOnlyApplication>
{
    private const string Arbitrary = "{ officials(first: 1) { nodes { key } } }";

    [Fact]
    public async Task CallersWithoutTheAdminScopeRunTrustedDocumentsOnly()
    {
        using var anonymous = application.CreateClient();
        using var reader = application.CreateClient().WithKey(TestKeys.Reader);

        var (status, refused) = await PostAsync(anonymous, new { query = Arbitrary }, GraphQLResponse);
        var (_, readerRefused) = await GetAsync(reader, Query(("query", Arbitrary)));
        var (_, byId) = await PostAsync(anonymous, new { documentId = TransportApplication.OfficialById, variables = new { key = "xi-jinping" } });
        var (_, trustedText) = await PostAsync(anonymous, new { query = TransportApplication.RelayDocument });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("TRUSTED_DOCUMENTS_ONLY", Code(refused));
        Assert.Equal("TRUSTED_DOCUMENTS_ONLY", Code(readerRefused));
        Assert.Equal("xi-jinping", byId["data"]!["officials"]!["nodes"]![0]!["key"]!.GetValue<string>());
        Assert.NotNull(trustedText["data"]!["countries"]);
    }

    [Fact]
    public async Task AnAdminMaySendAnyDocumentAndRegisterItsHash()
    {
        using var admin = application.CreateClient().WithKey(TestKeys.Admin);
        using var anonymous = application.CreateClient();
        const string document = Arbitrary + " # admin";

        var (_, ran) = await PostAsync(admin, new { query = Arbitrary });
        var (_, registered) = await PostAsync(admin, new { query = document, extensions = PersistedQuery(Sha256(document)) });
        var (_, anonymousByHash) = await PostAsync(anonymous, new { extensions = PersistedQuery(Sha256(document)) });

        Assert.NotNull(ran["data"]!["officials"]);
        Assert.NotNull(registered["data"]!["officials"]);
        // A hash registered by an admin is not a trusted document: anonymous callers may still not run it.
        Assert.Equal("TRUSTED_DOCUMENTS_ONLY", Code(anonymousByHash));
    }

    [Fact]
    public async Task AnAnonymousCallerCannotRegisterADocumentThroughItsHash()
    {
        using var anonymous = application.CreateClient();
        const string document = Arbitrary + " # anonymous";

        var (_, refused) = await PostAsync(anonymous, new { query = document, extensions = PersistedQuery(Sha256(document)) });
        var (_, later) = await PostAsync(anonymous, new { extensions = PersistedQuery(Sha256(document)) });

        Assert.Equal("TRUSTED_DOCUMENTS_ONLY", Code(refused));
        Assert.Equal("PERSISTED_QUERY_NOT_FOUND", Code(later));
    }
}
