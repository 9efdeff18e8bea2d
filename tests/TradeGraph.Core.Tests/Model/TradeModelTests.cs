using TradeGraph.Core.Model;

namespace TradeGraph.Core.Tests.Model;

public sealed class TradeModelTests
{
    private static readonly GraphModel Model = TradeModel.Define();

    [Fact]
    public void DeclaresTheKindsTheServiceIsAbout()
    {
        string[] required = ["Official", "Country", "Commodity", "Meeting", "Organization", "Place", "TradeMeasure", "Source"];

        Assert.All(required, kind => Assert.True(Model.TryGetKind(kind, out _), $"{kind} is missing"));
    }

    [Fact]
    public void RelationshipFieldsOfAKindAreUniqueAndCoverBothEnds()
    {
        foreach (var kind in Model.Kinds)
        {
            var fields = Model.RelationshipFieldsOf(kind.Name).Select(f => f.End.Field).ToList();
            Assert.Equal(fields.Count, fields.Distinct().Count());
        }

        Assert.All(Model.RelationshipTypes, type =>
        {
            Assert.Contains(Model.RelationshipFieldsOf(type.From), f => f.Type == type && f.Direction == Direction.Outgoing);
            Assert.Contains(Model.RelationshipFieldsOf(type.To), f => f.Type == type && f.Direction == Direction.Incoming);
        });
    }

    [Theory]
    [InlineData("official", "entity kind 'official' must be PascalCase")]
    [InlineData("Official", "'Official' is declared twice")]
    public void RejectsAModelWithABadKind(string name, string message)
    {
        var builder = Valid().Entity(name, "extras", "An extra kind.");

        var error = Assert.Throws<InvalidOperationException>(builder.Build);

        Assert.Contains(message, error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void RejectsARelationshipToAnUnknownKind()
    {
        var builder = Valid().Relationship("KNOWS", "Official", "Ghost", "?",
            GraphModelBuilder.Many("knows", "?"), GraphModelBuilder.Many("knownBy", "?"));

        var error = Assert.Throws<InvalidOperationException>(builder.Build);

        Assert.Contains("unknown kind 'Ghost'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RejectsARelationshipFieldThatShadowsAProperty()
    {
        var builder = Valid().Relationship("SERVES", "Official", "Official", "?",
            GraphModelBuilder.One("title", "?"), GraphModelBuilder.Many("servedBy", "?"));

        var error = Assert.Throws<InvalidOperationException>(builder.Build);

        Assert.Contains("'title' clashes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RejectsAnEnumPropertyWithAnUndeclaredEnum()
    {
        var builder = Valid().Entity("Port", "ports", "A port.", p => p.Enum("size", "PortSize", "How big."));

        var error = Assert.Throws<InvalidOperationException>(builder.Build);

        Assert.Contains("unknown enum 'PortSize'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddingAKindIsOneDeclaration()
    {
        var model = Valid().Entity("Port", "ports", "A sea port.", p => p.String("unlocode", "UN/LOCODE.", required: true)).Build();

        Assert.True(model.TryGetKind("Port", out var port));
        Assert.Equal("ports", port.PluralField);
    }

    private static GraphModelBuilder Valid() => new GraphModelBuilder()
        .Entity("Official", "officials", "A person.", p => p.String("title", "Post."))
        .Entity(GraphModel.SourceKind, "sources", "A document.", nameField: "title", isEntity: false);
}
