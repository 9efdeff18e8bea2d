using System.Text;
using GraphQL;
using GraphQL.Types;
using TradeGraph.Api.GraphQL;
using TradeGraph.Api.GraphQL.Schema;
using TradeGraph.Api.GraphQL.Schema.MutationErrors;
using TradeGraph.Api.Tests.Hosting;

namespace TradeGraph.Api.Tests.Conformance;

/// <summary>
/// Pins the naming conventions of issue 18 against the names and shapes Hot Chocolate 14/15 print (its
/// Types.CursorPagination and mutation-convention snapshots): connection and edge names inferred from the field, one
/// errors union per mutation, the one DateTime scalar with @specifiedBy, padded base64 global ids (the older form still
/// accepted), enum list items non-null.
/// </summary>
public sealed class HotChocolateNamingTests(TradeGraphApplication application) : IClassFixture<TradeGraphApplication>
{
    private readonly TradeGraphSchema _schema = application.Services.GetRequiredService<TradeGraphSchema>();

    [Theory]
    [InlineData("Official", "posts", "PostsConnection", "PostsEdge", "Organization")]
    [InlineData("Meeting", "participants", "ParticipantsConnection", "ParticipantsEdge", "Official")]
    [InlineData("Query", "officials", "OfficialsConnection", "OfficialsEdge", "Official")]
    [InlineData("Query", "searchEntities", "SearchEntitiesConnection", "SearchEntitiesEdge", "SearchResult")]
    [InlineData("Source", "supports", "SupportsConnection", "SupportsEdge", "CitedFact")]
    [InlineData("Source", "mentions", "MentionsConnection", "MentionsEdge", "Entity")]
    [InlineData("Country", "hostedMeetings", "HostedMeetingsConnection", "HostedMeetingsEdge", "Meeting")]
    [InlineData("Query", "centrality", "CentralityConnection", "CentralityEdge", "ScoredNode")]
    public void ConnectionsAndEdgesAreNamedAfterTheField(string type, string field, string connection, string edge, string node)
    {
        var connectionType = Assert.IsType<IObjectGraphType>(Unwrap(Type(type).GetField(field)!.ResolvedType!), exactMatch: false);

        Assert.Equal(connection, connectionType.Name);
        var edgeType = Unwrap(connectionType.GetField("edges")!.ResolvedType!);
        Assert.Equal(edge, edgeType.Name);
        Assert.Equal(node, Unwrap(((IObjectGraphType)edgeType).GetField("node")!.ResolvedType!).Name);
    }

    [Fact]
    public void EveryConnectionFieldTakesFirstAfterLastAndBefore()
    {
        // Hot Chocolate's UsePaging gives every connection both directions (AllowBackwardPagination is on by default).
        var connections = _schema.AllTypes.OfType<IObjectGraphType>().SelectMany(t => t.Fields.Select(f => (Type: t, Field: f)))
            .Where(p => Unwrap(p.Field.ResolvedType!).Name.EndsWith("Connection", StringComparison.Ordinal)).ToList();

        Assert.True(connections.Count >= 60, $"only {connections.Count} connection fields found");
        Assert.All(connections, p => Assert.True(
            new[] { "first", "after", "last", "before" }.All(a => p.Field.Arguments?.Any(argument => argument.Name == a) == true),
            $"{p.Type.Name}.{p.Field.Name} lacks one of first/after/last/before"));
    }

    [Fact]
    public void FieldsOfTheSameNameOverTheSameNodeShareOneConnection()
    {
        // Official.meetings, Place.meetings, Country.meetings and the root meetings: one MeetingsConnection, as Hot Chocolate.
        var types = new[] { "Query", "Official", "Place", "Country", "Trip" }.Select(t => Unwrap(Type(t).GetField("meetings")!.ResolvedType!)).Distinct().ToList();

        Assert.Equal("MeetingsConnection", Assert.Single(types).Name);
    }

    [Fact]
    public void NoConnectionIsNamedAfterItsNodeTypeAnyMore()
    {
        var names = _schema.AllTypes.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);

        Assert.DoesNotContain("SearchResultsConnection", names);
        Assert.DoesNotContain("CitedFactsConnection", names);
        Assert.DoesNotContain("EntitiesConnection", names);
        Assert.DoesNotContain("MutationError", names);
        Assert.DoesNotContain("DateTimeOffset", names);
    }

    [Fact]
    public void ASameNamedFieldOverAnotherNodeGetsItsDeclaringTypesNameAndTheFirstKeepsTheInferredOne()
    {
        var names = new ConnectionNames();

        Assert.Equal("Meetings", names.Claim("Query", "meetings", "Meeting"));
        Assert.Equal("Meetings", names.Claim("Official", "meetings", "Meeting"));
        Assert.Equal("CountryMeetings", names.Claim("Country", "meetings", "Trip"));
        Assert.Equal("CountryMeetings", names.Claim("Country", "meetings", "Trip"));
        Assert.Equal("Posts", ConnectionNames.Inferred("posts"));
    }

    [Fact]
    public void EachMutationHasItsOwnErrorsUnionOfTheErrorsItCanRaise()
    {
        Assert.Equal("CreateOfficialError", ErrorsUnion("createOfficial").Name);
        Assert.Equal(
            ["InvalidValueError", "SourceRequiredError", "RequiredFieldError", "NotFoundError", "KeyConflictError", "ForbiddenError"],
            ErrorsUnion("createOfficial").PossibleTypes.Select(t => t.Name));
        Assert.Equal(["InvalidValueError", "NotFoundError", "WouldOrphanError", "ForbiddenError"], ErrorsUnion("deleteMeeting").PossibleTypes.Select(t => t.Name));
        Assert.Contains(ErrorsUnion("connectParticipatesIn").PossibleTypes, t => t.Name == "CardinalityExceededError");
        Assert.DoesNotContain(ErrorsUnion("connectParticipatesIn").PossibleTypes, t => t.Name == "WouldOrphanError");
        Assert.Equal(9, ErrorsUnion("applyChanges").PossibleTypes.Count);
        Assert.Equal("IngestArticleError", ErrorsUnion("ingestArticle").Name);

        foreach (var field in _schema.Mutation!.Fields)
        {
            var union = ErrorsUnion(field.Name);
            Assert.Equal(char.ToUpperInvariant(field.Name[0]) + field.Name[1..] + "Error", union.Name);
            Assert.All(union.PossibleTypes, t => Assert.Contains(t.ResolvedInterfaces, i => i.Name == "Error"));
        }
    }

    [Fact]
    public void ARefusalAMutationDoesNotDeclareFailsInsteadOfLeavingItsUnion()
    {
        var unions = new MutationErrorUnions();
        var field = unions.ErrorsField("deleteThing", Raises.Nothing.And<NotFoundError>(),
            _ => [new MutationErrorResult(Core.Writing.WriteErrorCodes.KeyConflict, "taken", ["input", "key"])]);

        var error = Assert.Throws<UndeclaredMutationErrorException>(() => field.Resolver!.ResolveAsync(new global::GraphQL.ResolveFieldContext()).AsTask().GetAwaiter().GetResult());

        Assert.Equal("KEY_CONFLICT", error.Code);
        Assert.Contains("DeleteThingError", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARefusedMutationAnswersAMemberOfItsOwnUnion()
    {
        using var client = application.CreateClient().WithKey(TestKeys.Writer);

        var data = await client.QueryAsync("""
            mutation { deleteOfficial(input: { key: "no-such-official" }) { errors { __typename ... on Error { code path } } } }
            """);

        var error = data["deleteOfficial"]!["errors"]![0]!;
        Assert.Equal("NotFoundError", error["__typename"]!.GetValue<string>());
        Assert.Contains("NotFoundError", ErrorsUnion("deleteOfficial").PossibleTypes.Select(t => t.Name));
    }

    [Fact]
    public void DateTimeIsOneScalarSpecifiedByGraphQLScalars()
    {
        var dateTime = Assert.IsType<IGraphType>(_schema.AllTypes["DateTime"], exactMatch: false);
        var specifiedBy = dateTime.GetAppliedDirectives()!.Find("specifiedBy")!;

        Assert.Equal("https://www.graphql-scalars.com/date-time", specifiedBy.FindArgument("url")!.Value);
        Assert.Same(dateTime, Unwrap(((IObjectGraphType)_schema.AllTypes["Revision"]!).GetField("at")!.ResolvedType!));
        Assert.Same(dateTime, Unwrap(((IObjectGraphType)_schema.AllTypes["GraphChange"]!).GetField("at")!.ResolvedType!));
        Assert.NotNull(_schema.Directives.Find("specifiedBy"));
    }

    [Theory]
    [InlineData("2025-10-26T08:30:00.000Z", "2025-10-26T08:30:00Z")]
    [InlineData("2025-10-26T10:30:00.120+02:00", "2025-10-26T10:30:00.12+02:00")]
    public void DateTimeWritesHotChocolatesFormatAndReadsIsoWithAnOffset(string written, string read)
    {
        var scalar = new TradeGraph.Api.GraphQL.Schema.DateTimeGraphType();
        var value = (DateTimeOffset)scalar.ParseValue(read)!;

        Assert.Equal(written, scalar.Serialize(value));
        Assert.Throws<FormatException>(() => { _ = scalar.ParseValue("2025-10-26T08:30:00"); });
        Assert.Throws<FormatException>(() => { _ = scalar.ParseValue("26/10/2025"); });
    }

    [Fact]
    public void GlobalIdsArePaddedStandardBase64AndTheOldFormIsStillRead()
    {
        // Hot Chocolate: Convert.ToBase64String(UTF8("Official:xi-jinping")).
        var hotChocolate = Convert.ToBase64String(Encoding.UTF8.GetBytes("Official:xi-jinping"));
        var old = hotChocolate.TrimEnd('=').Replace('+', '-').Replace('/', '_');

        Assert.Equal(hotChocolate, GlobalId.Encode("Official", "xi-jinping"));
        Assert.EndsWith("=", hotChocolate, StringComparison.Ordinal);
        Assert.Equal(("Official", "xi-jinping"), GlobalId.Decode(hotChocolate));
        Assert.Equal(("Official", "xi-jinping"), GlobalId.Decode(old));
        // A key whose base64 needs + or /: both alphabets decode to it.
        var awkward = GlobalId.Encode("Topic", "~~~>>>?");
        Assert.True(awkward.Contains('+', StringComparison.Ordinal) || awkward.Contains('/', StringComparison.Ordinal));
        Assert.Equal(("Topic", "~~~>>>?"), GlobalId.Decode(awkward.TrimEnd('=').Replace('+', '-').Replace('/', '_')));
        Assert.Null(GlobalId.Decode("not an id!"));
        Assert.Null(GlobalId.Decode(Convert.ToBase64String(Encoding.UTF8.GetBytes("no-colon"))));
    }

    [Fact]
    public async Task NodeAndIdFiltersTakeBothIdFormsAndAnswerHotChocolatesId()
    {
        using var client = application.CreateClient();
        var padded = GlobalId.Encode("Official", "xi-jinping");
        var old = padded.TrimEnd('=').Replace('+', '-').Replace('/', '_');

        var data = await client.QueryAsync("""
            query($a: ID!, $b: ID!) {
              a: node(id: $a) { id }
              b: node(id: $b) { id }
              list: nodes(ids: [$a, $b]) { id }
              filtered: officials(where: { id: { in: [$a, $b] } }) { nodes { id key } }
            }
            """, new { a = padded, b = old });

        Assert.Equal(padded, data["a"]!["id"]!.GetValue<string>());
        Assert.Equal(padded, data["b"]!["id"]!.GetValue<string>());
        Assert.All(data["list"]!.AsArray(), n => Assert.Equal(padded, n!["id"]!.GetValue<string>()));
        Assert.Equal("xi-jinping", Assert.Single(data["filtered"]!["nodes"]!.AsArray())!["key"]!.GetValue<string>());
    }

    [Fact]
    public void EnumListOperatorsTakeNonNullItemsAsHotChocolate()
    {
        var input = (IInputObjectGraphType)_schema.AllTypes["MeetingFormatOperationFilterInput"]!;

        Assert.Equal("[MeetingFormat!]", input.GetField("in")!.ResolvedType!.ToString());
        Assert.Equal("[MeetingFormat!]", input.GetField("nin")!.ResolvedType!.ToString());
        Assert.Equal("[ID]", ((IInputObjectGraphType)_schema.AllTypes["IdOperationFilterInput"]!).GetField("in")!.ResolvedType!.ToString());
    }

    [Theory]
    [InlineData(51, "PAGE_SIZE_EXCEEDED", "HC0051")]
    [InlineData(-1, "INVALID_PAGING_ARGUMENTS", "HC0079")]
    public async Task SearchEntitiesPageSizeErrorsCarryHotChocolatesCodes(int first, string code, string hotChocolate)
    {
        using var client = application.CreateClient();

        var response = await client.PostAsync("""query($first: Int) { searchEntities(text: "trade", first: $first) { nodes { score } } }""", new { first });

        var error = response["errors"]![0]!["extensions"]!;
        Assert.Equal(code, error["code"]!.GetValue<string>());
        Assert.Contains(hotChocolate, error["codes"]!.AsArray().Select(c => c!.GetValue<string>()));
    }

    private IObjectGraphType Type(string name) => name == "Query" ? _schema.Query : (IObjectGraphType)_schema.AllTypes[name]!;

    private UnionGraphType ErrorsUnion(string mutation)
    {
        var payload = (IObjectGraphType)Unwrap(_schema.Mutation!.GetField(mutation)!.ResolvedType!);
        return (UnionGraphType)Unwrap(payload.GetField("errors")!.ResolvedType!);
    }

    private static IGraphType Unwrap(IGraphType type) => type switch
    {
        NonNullGraphType n => Unwrap(n.ResolvedType!),
        ListGraphType l => Unwrap(l.ResolvedType!),
        _ => type,
    };
}
