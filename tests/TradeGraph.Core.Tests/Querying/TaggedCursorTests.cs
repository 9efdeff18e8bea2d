using System.Text.Json;
using TradeGraph.Core.Querying;

namespace TradeGraph.Core.Tests.Querying;

/// <summary>The opaque cursor both stores' cited-facts pages use: its bytes, and what it refuses.</summary>
public sealed class TaggedCursorTests
{
    private static string? Read(JsonElement[] parts) => parts is [{ ValueKind: JsonValueKind.String } fact, { ValueKind: JsonValueKind.Number } id]
        ? $"{fact.GetString()}:{id.GetInt64()}"
        : null;

    [Fact]
    public void ACursorIsBase64OfTheTagAndItsPartsAndReadsBack()
    {
        var cursor = TaggedCursor.Encode("cited", "E", 12L);

        Assert.Equal("""["cited","E",12]""", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(cursor)));
        Assert.Equal("E:12", TaggedCursor.Decode(cursor, "cited", Read));
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("WzFd")] // [1]: no tag
    [InlineData("WyJwYWdlIiwiRSIsMTJd")] // ["page","E",12]: another tag
    [InlineData("WyJjaXRlZCIsMTIsIkUiXQ==")] // ["cited",12,"E"]: parts that do not fit
    [InlineData("e30=")] // {}: not an array
    public void AnythingElseIsAnInvalidCursor(string cursor) =>
        Assert.Throws<InvalidCursorException>(() => TaggedCursor.Decode(cursor, "cited", Read));
}
