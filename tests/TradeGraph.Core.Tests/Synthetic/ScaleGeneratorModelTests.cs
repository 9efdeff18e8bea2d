using TradeGraph.Core.Exchange;
using TradeGraph.Core.Model;
using TradeGraph.Core.Seeding;
using TradeGraph.Core.Synthetic;
using static TradeGraph.Core.Model.GraphModelBuilder;

namespace TradeGraph.Core.Tests.Synthetic;

/// <summary>The generator follows the model it is given: what the shaping knows is checked, what it does not is still generated.</summary>
public sealed class ScaleGeneratorModelTests
{
    private static readonly GraphModel Trade = TradeModel.Define();

    [Fact]
    public void EveryKindAndEveryTypeOfTradeModelButTheOnesLeftOutOnPurposeAppearsInA10kGraph()
    {
        // Not every seed: at 10k there are 15 ordinary organizations, each a medium by a 15% chance, and SPOKE_TO needs
        // one; seeds 1 and 7 draw none. The output is pinned (ScaleGeneratorOutputTests), so that stays as it was.
        var document = ScaleGenerator.Generate(10_000, seed: 42);

        Assert.Equal(Trade.Kinds.Select(k => k.Name).Order(), document.Entities.Select(e => e.Kind).Distinct().Order());
        var missing = Trade.RelationshipTypes.Select(t => t.Name).Except(document.Relationships.Select(r => r.Type));
        // MENTIONS only: where a source names an entity is already said by the citations' paragraph locators.
        Assert.Equal(ScaleShape.OmittedTypes, missing);
    }

    [Theory]
    [InlineData(1_000, 3)]
    [InlineData(10_000, 7)]
    public async Task AModelWithAnAddedKindAndTypesGeneratesThemWithExactlyTheRelationshipsAskedForAndPassesTheSeedValidation(int relationships, long seed)
    {
        var model = new GraphModelBuilder(Trade)
            .Enum("SanctionScope", "How wide a sanction reaches.", "TARGETED", "SECTORAL", "COMPREHENSIVE")
            .Entity("SanctionRegime", "sanctionRegimes", "A body of sanctions under one legal basis.", p => p
                .Enum("scope", "SanctionScope", "How wide it reaches.", required: true)
                .Date("since", "Day it took effect.", required: true)
                .Float("coveredSharePercent", "Share of trade covered.", required: true)
                .String("legalBasis", "The act it rests on.", required: true)
                .String("note", "Not required, so not filled."))
            .Relationship("ADMINISTERS", "Country", "SanctionRegime", "The country runs the regime.",
                Many("sanctionRegimes", "Regimes this country runs."), One("administeredBy", "The country running it."))
            .Relationship("LISTED_UNDER", "Official", "SanctionRegime", "The official is listed under the regime.",
                Many("listedUnder", "Regimes listing the official."), Many("listed", "Officials listed."),
                p => p.Date("listedOn", "Day of listing.", required: true))
            .Relationship("ENDORSES", GraphModel.AnyEntity, "SanctionRegime", "Anything may endorse a regime, once.",
                One("endorses", "The regime it endorses."), Many("endorsedBy", "What endorses it."))
            .Build();

        var document = ScaleGenerator.Generate(model, relationships, seed, CancellationToken.None);

        Assert.Equal(relationships, document.Relationships.Count);
        var regimes = document.Entities.Where(e => e.Kind == "SanctionRegime").ToList();
        Assert.NotEmpty(regimes);
        Assert.Equal(Enumerable.Range(1, regimes.Count).Select(n => $"sanction-regime-{n}"), regimes.Select(e => e.Key));
        Assert.All(regimes, r => Assert.Contains((string)r.Property("scope")!, model.Enum("SanctionScope").Values));
        Assert.All(regimes, r => Assert.Null(r.Property("note")));
        foreach (var type in new[] { "ADMINISTERS", "LISTED_UNDER", "ENDORSES" })
        {
            Assert.Contains(document.Relationships, r => r.Type == type);
        }

        // Single-valued ends hold: a regime has one administering country, an endorser endorses one regime.
        Assert.Equal(document.Relationships.Count(r => r.Type == "ADMINISTERS"),
            document.Relationships.Where(r => r.Type == "ADMINISTERS").Select(r => r.To).Distinct().Count());
        Assert.Equal(document.Relationships.Count(r => r.Type == "ENDORSES"),
            document.Relationships.Where(r => r.Type == "ENDORSES").Select(r => r.From).Distinct().Count());
        // The shaped part is still there: every type the TradeModel graph of the same size and seed has.
        Assert.Empty(ScaleGenerator.Generate(relationships, seed).Relationships.Select(r => r.Type).Except(document.Relationships.Select(r => r.Type)));

        var json = await new SeedWriter(model).WriteToStringAsync(document, CancellationToken.None);
        var read = new SeedReader(model).Read([("generated.json", json)]);
        Assert.Equal(document.Entities.Count, read.Entities.Count);
        Assert.Equal(relationships, read.Relationships.Count);
    }

    [Fact]
    public async Task ARequiredPropertyAddedToAShapedKindAndTypeIsFilledByType()
    {
        var model = Variant(
            kinds: k => k.Select(kind => kind.Name == "Official"
                ? kind with { Properties = [.. kind.Properties, new PropertyDefinition("bornOn", PropertyType.Date, "Birthday.", Required: true)] }
                : kind),
            types: t => t.Select(type => type.Name == "PARTICIPATES_IN"
                ? type with { Properties = [.. type.Properties, new PropertyDefinition("seat", PropertyType.Int, "Seat number.", Required: true)] }
                : type));

        var document = ScaleGenerator.Generate(model, 1_000, 3, CancellationToken.None);

        Assert.All(document.Entities.Where(e => e.Kind == "Official"), e => Assert.IsType<DateOnly>(e.Property("bornOn")));
        var participations = document.Relationships.Where(r => r.Type == "PARTICIPATES_IN").ToList();
        Assert.All(participations, r => Assert.IsType<long>(r.Property("seat")));
        // The shaping's own values are kept beside the filled one.
        Assert.All(participations, r => Assert.NotNull(r.Property("role")));
        var read = new SeedReader(model).Read([("generated.json", await new SeedWriter(model).WriteToStringAsync(document, CancellationToken.None))]);
        Assert.Equal(1_000, read.Relationships.Count);
    }

    [Fact]
    public void AModelWithoutAShapedTypeFailsConstructionNamingIt()
    {
        var model = Variant(types: t => t.Where(type => type.Name != "VISITS"));

        var error = Assert.Throws<InvalidOperationException>(() => new ScaleModel(model));

        Assert.Contains("the shaped relationship type 'VISITS' is not in the model", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AShapedTypeWhoseEndsDifferFailsConstructionNamingBoth()
    {
        var model = Variant(types: t => t.Select(type => type.Name == "BASED_IN" ? type with { To = "Place" } : type));

        var error = Assert.Throws<InvalidOperationException>(() => ScaleGenerator.Generate(model, 1_000, 1, CancellationToken.None));

        Assert.Contains("'BASED_IN' goes Organization → Place in the model, but the shaping draws it Organization → Country", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AModelWithoutADrawnEnumValueFailsConstructionNamingIt()
    {
        var model = Variant(enums: e => e.Select(d => d.Name == "ParticipantRole" ? d with { Values = ["PRINCIPAL", "DELEGATION_LEAD", "DELEGATE"] } : d));

        var error = Assert.Throws<InvalidOperationException>(() => new ScaleModel(model));

        Assert.Contains("PARTICIPATES_IN.role draws ATTENDEE, not a value of ParticipantRole in the model", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEnumValueWithoutAShareFailsConstructionNamingTheSharesAndTheValues()
    {
        var model = Variant(enums: e => e.Select(d => d.Name == "TradeMeasureStatus" ? d with { Values = [.. d.Values, "EXPIRED"] } : d));

        var error = Assert.Throws<InvalidOperationException>(() => new ScaleModel(model));

        Assert.Contains("MeasureStatusShares has 6 entries, but TradeMeasure.status has 7 values in the model", error.Message, StringComparison.Ordinal);
        Assert.Contains("[PROPOSED, THREATENED, ANNOUNCED, IMPOSED, SUSPENDED, LIFTED, EXPIRED]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ARenamedPropertyTheShapingWritesFailsConstructionNamingIt()
    {
        var model = Variant(kinds: k => k.Select(kind => kind.Name == "Trip"
            ? kind with { Properties = [.. kind.Properties.Select(p => p.Name == "startsOn" ? p with { Name = "departsOn" } : p)] }
            : kind));

        var error = Assert.Throws<InvalidOperationException>(() => new ScaleModel(model));

        Assert.Contains("Trip.startsOn, which the shaping writes, is not in the model", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("TradeMeasure", "trade-measure")]
    [InlineData("Official", "official")]
    [InlineData("SanctionRegime", "sanction-regime")]
    public void KeyPrefixesAreTheKindInKebabCase(string kind, string prefix) => Assert.Equal(prefix, ScaleModel.KebabCase(kind));

    private static GraphModel Variant(
        Func<IEnumerable<EntityKind>, IEnumerable<EntityKind>>? kinds = null,
        Func<IEnumerable<RelationshipType>, IEnumerable<RelationshipType>>? types = null,
        Func<IEnumerable<EnumDefinition>, IEnumerable<EnumDefinition>>? enums = null) =>
        new(kinds?.Invoke(Trade.Kinds) ?? Trade.Kinds, types?.Invoke(Trade.RelationshipTypes) ?? Trade.RelationshipTypes,
            enums?.Invoke(Trade.Enums) ?? Trade.Enums);
}
