using TradeGraph.Core.Analytics;
using TradeGraph.Core.Model;

namespace TradeGraph.Core.Tests.Analytics;

/// <summary>A projection filter is checked against the model before anything is built (review H7, L2).</summary>
public sealed class ProjectionFilterValidationTests
{
    private static readonly GraphModel Model = TradeModel.Define();

    [Theory]
    [InlineData(null)]
    [InlineData("VISITS")]
    [InlineData("VISITS,PARTICIPATES_IN")]
    public void ANumericPropertyOfATypeInPlayWeighs(string? types) =>
        new ProjectionFilter { WeightProperty = "order", RelationshipTypes = types?.Split(',') }.Validate(Model);

    [Theory]
    [InlineData("role", null, "numeric ones are order (VISITS), occurrences (MENTIONS)")]
    [InlineData("title", new[] { "HOLDS_POST" }, "none of them has one")]
    [InlineData("order", new[] { "PARTICIPATES_IN" }, "none of them has one")]
    [InlineData("hours", null, "'hours' is not a numeric property")]
    public void AnythingElseIsRefusedNamingWeightProperty(string weight, string[]? types, string reason)
    {
        var error = Assert.Throws<InvalidProjectionArgumentException>(() =>
            new ProjectionFilter { WeightProperty = weight, RelationshipTypes = types }.Validate(Model));

        Assert.Equal("weightProperty", error.Argument);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AHugeNameIsNotEchoedWhole()
    {
        var error = Assert.Throws<InvalidProjectionArgumentException>(() => new ProjectionFilter { WeightProperty = new string('x', 45_000) }.Validate(Model));

        Assert.True(error.Message.Length < 400, error.Message.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void AWindowEndingBeforeItStartsIsRefusedAndAOneDayWindowIsNot()
    {
        var error = Assert.Throws<InvalidProjectionArgumentException>(() =>
            new ProjectionFilter { DateWindow = new DateWindow(new DateOnly(2026, 1, 1), new DateOnly(2025, 1, 1)) }.Validate(Model));

        Assert.Equal("from", error.Argument);
        new ProjectionFilter { DateWindow = new DateWindow(new DateOnly(2025, 10, 26), new DateOnly(2025, 10, 26)) }.Validate(Model);
        new ProjectionFilter { DateWindow = new DateWindow(null, new DateOnly(2025, 10, 26)) }.Validate(Model);
    }

    [Fact]
    public void KindsAndTypesMustBeTheModels()
    {
        Assert.Equal("kinds", Assert.Throws<InvalidProjectionArgumentException>(() => new ProjectionFilter { Kinds = ["Official", "Planet"] }.Validate(Model)).Argument);
        Assert.Equal("relationshipTypes", Assert.Throws<InvalidProjectionArgumentException>(() => new ProjectionFilter { RelationshipTypes = ["ORBITS"] }.Validate(Model)).Argument);
        new ProjectionFilter { Kinds = ["Official", "Meeting"], RelationshipTypes = ["PARTICIPATES_IN"] }.Validate(Model);
    }
}
