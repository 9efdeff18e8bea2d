using System.Buffers;
using System.Text;
using System.Text.Json;
using TradeGraph.Storage.Neo4j.QueryApi;

namespace TradeGraph.Storage.Tests.Neo4j.QueryApi;

/// <summary>Typed JSON both ways, without a server: the exact text of parameters and the CLR value of each $type.</summary>
public sealed class TypedJsonTests
{
    [Fact]
    public void ParametersKeepTheirTypesWithTypeBeforeValueAndAnExplicitNull()
    {
        var parameters = new Dictionary<string, object?>
        {
            ["f"] = 1.0,
            ["d"] = new DateOnly(2025, 10, 26),
            ["big"] = 9_007_199_254_740_993L,
            ["n"] = null,
            ["l"] = new object?[] { 1L, "a", null },
            ["m"] = new Dictionary<string, object?> { ["k"] = true, ["i"] = 7 },
            ["s"] = "héllo",
        };

        Assert.Equal(
            """{"f":{"$type":"Float","_value":"1.0"},"d":{"$type":"Date","_value":"2025-10-26"}""" +
            ""","big":{"$type":"Integer","_value":"9007199254740993"},"n":{"$type":"Null","_value":null}""" +
            ""","l":{"$type":"List","_value":[{"$type":"Integer","_value":"1"},{"$type":"String","_value":"a"},{"$type":"Null","_value":null}]}""" +
            ""","m":{"$type":"Map","_value":{"k":{"$type":"Boolean","_value":true},"i":{"$type":"Integer","_value":"7"}}}""" +
            ""","s":{"$type":"String","_value":"h\u00E9llo"}}""",
            Write(parameters));
    }

    [Theory]
    [InlineData(1.0, "1.0")]
    [InlineData(-2.0, "-2.0")]
    [InlineData(0.1, "0.1")]
    [InlineData(1.5e300, "1.5E+300")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "Infinity")]
    [InlineData(double.NegativeInfinity, "-Infinity")]
    public void FloatsAreWrittenSoNeo4jReadsTheSameDouble(double value, string expected) =>
        Assert.Equal(expected, TypedJson.FormatFloat(value));

    [Fact]
    public void OtherClrValuesMapToTheirNeo4jTypes()
    {
        var text = Write(new Dictionary<string, object?>
        {
            ["at"] = new DateTimeOffset(2026, 9, 27, 10, 0, 0, TimeSpan.FromHours(2)),
            ["bytes"] = new byte[] { 3, 111, 191 },
            ["plain"] = new Dictionary<string, string> { ["x"] = "y" },
            ["int"] = 42,
        });

        // System.Text.Json escapes '+' as \u002B: the same string to any JSON reader.
        Assert.Equal(
            """{"at":{"$type":"OffsetDateTime","_value":"2026-09-27T10:00:00+02:00"},"bytes":{"$type":"Base64","_value":"A2+/"}""" +
            ""","plain":{"$type":"Map","_value":{"x":{"$type":"String","_value":"y"}}},"int":{"$type":"Integer","_value":"42"}}""",
            text.Replace("\\u002B", "+", StringComparison.Ordinal));
    }

    [Fact]
    public void AValueNeo4jCannotTakeIsRefusedNamingTheParameter()
    {
        var error = Assert.Throws<ArgumentException>(() => Write(new Dictionary<string, object?> { ["m"] = new Dictionary<string, object?> { ["when"] = Guid.Empty } }));
        Assert.Contains("m.when", error.Message, StringComparison.Ordinal);

        var tooBig = Assert.Throws<ArgumentException>(() => Write(new Dictionary<string, object?> { ["u"] = ulong.MaxValue }));
        Assert.Contains("64-bit", tooBig.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryTypedValueDecodesToItsClrValue()
    {
        Assert.Null(Decode("""{"$type":"Null","_value":null}"""));
        Assert.Equal(true, Decode("""{"$type":"Boolean","_value":true}"""));
        Assert.Equal(long.MaxValue, Decode("""{"$type":"Integer","_value":"9223372036854775807"}"""));
        Assert.Equal(-9_007_199_254_740_993L, Decode("""{"$type":"Integer","_value":"-9007199254740993"}"""));
        Assert.Equal(0.1, Decode("""{"$type":"Float","_value":"0.1"}"""));
        Assert.Equal(3.2e9, Decode("""{"$type":"Float","_value":"3.2E9"}"""));
        Assert.True(double.IsNaN((double)Decode("""{"$type":"Float","_value":"NaN"}""")!));
        Assert.Equal(double.PositiveInfinity, Decode("""{"$type":"Float","_value":"Infinity"}"""));
        Assert.Equal(double.NegativeInfinity, Decode("""{"$type":"Float","_value":"-Infinity"}"""));
        Assert.Equal("Hello World", Decode("""{"$type":"String","_value":"Hello World"}"""));
        Assert.Equal(new DateOnly(2015, 3, 26), Decode("""{"$type":"Date","_value":"2015-03-26"}"""));
        Assert.Equal(new byte[] { 3, 111, 191 }, Decode("""{"$type":"Base64","_value":"A2+/"}"""));
        Assert.Equal(new DateTimeOffset(2026, 9, 27, 10, 0, 0, TimeSpan.FromHours(2)).AddTicks(1_234_567),
            Decode("""{"$type":"OffsetDateTime","_value":"2026-09-27T10:00:00.123456789+02:00"}"""));
        Assert.Equal(new DateTime(2015, 7, 4, 19, 32, 24), Decode("""{"$type":"LocalDateTime","_value":"2015-07-04T19:32:24"}"""));
        Assert.Equal(new TimeOnly(12, 50, 35).Add(TimeSpan.FromTicks(5_561_234)), Decode("""{"$type":"LocalTime","_value":"12:50:35.556123456"}"""));
        Assert.Equal("SRID=4979;POINT Z (10.7 59.9 3.0)", Decode("""{"$type":"Point","_value":"SRID=4979;POINT Z (10.7 59.9 3.0)"}"""));
    }

    [Fact]
    public void ListsMapsAndGraphValuesDecodeRecursively()
    {
        var list = Assert.IsAssignableFrom<IReadOnlyList<object?>>(Decode(
            """{"$type":"List","_value":[{"$type":"Integer","_value":"1"},{"$type":"String","_value":"a"},{"$type":"Null","_value":null}]}"""));
        Assert.Equal(new object?[] { 1L, "a", null }, list);

        var map = Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(Decode(
            """{"$type":"Map","_value":{"a":{"$type":"List","_value":[{"$type":"Integer","_value":"2"}]},"k":{"$type":"Integer","_value":"1"}}}"""));
        Assert.Equal(1L, map["k"]);
        Assert.Equal(new object?[] { 2L }, Assert.IsAssignableFrom<IReadOnlyList<object?>>(map["a"]));

        // A node (or relationship) becomes the map of its properties; our Cypher returns maps, but one may slip through.
        var node = Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(Decode(
            """{"$type":"Node","_value":{"_element_id":"4:ff04df25-ff2b-4b55-98f8-6888297b025e:2","_labels":["Person"],"_properties":{"name":{"$type":"String","_value":"Phil"}}}}"""));
        Assert.Equal("Phil", Assert.Single(node).Value);
    }

    [Fact]
    public void ValuesThatAreNotTypedOrOutOfRangeAreProtocolErrors()
    {
        Assert.Throws<JsonException>(() => Decode("42"));
        Assert.Throws<JsonException>(() => Decode("""{"$type":"Integer","_value":42}"""));
        Assert.Throws<JsonException>(() => Decode("""{"$type":"Date","_value":"+10000-01-01"}"""));
    }

    private static string Write(IReadOnlyDictionary<string, object?> parameters)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            TypedJson.WriteMap(writer, parameters);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static object? Decode(string json) => TypedJson.Decode(JsonDocument.Parse(json).RootElement);
}
