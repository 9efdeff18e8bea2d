using System.Collections;
using System.Globalization;
using System.Text.Json;

namespace TradeGraph.Storage.Neo4j.QueryApi;

/// <summary>
/// Neo4j's typed JSON (<c>application/vnd.neo4j.query</c>): every value is <c>{"$type": T, "_value": v}</c>.
/// We use it both ways so nothing is guessed from a JSON token: integers travel as decimal strings (exact past 2^53),
/// a whole-number double stays a Float (plain JSON would write 1.0 as 1, an INTEGER), NaN and ±Infinity are
/// representable, and a Date is a Date rather than a string that looks like one.
/// </summary>
internal static class TypedJson
{
    public const string MediaType = "application/vnd.neo4j.query";

    // ---- parameters (CLR → typed JSON) ----

    /// <summary>Writes a parameter map. <c>$type</c> is always written before <c>_value</c>: older servers require it.</summary>
    public static void WriteMap(Utf8JsonWriter writer, IEnumerable<KeyValuePair<string, object?>> map)
    {
        writer.WriteStartObject();
        foreach (var (key, value) in map)
        {
            writer.WritePropertyName(key);
            WriteValue(writer, value, key);
        }

        writer.WriteEndObject();
    }

    public static void WriteValue(Utf8JsonWriter writer, object? value, string path)
    {
        writer.WriteStartObject();
        switch (value)
        {
            case null:
                writer.WriteString("$type", "Null");
                writer.WriteNull("_value"); // an envelope without _value is a 400 (Request.Invalid)
                break;
            case bool b:
                writer.WriteString("$type", "Boolean");
                writer.WriteBoolean("_value", b);
                break;
            case string s:
                WriteScalar(writer, "String", s);
                break;
            case char c:
                WriteScalar(writer, "String", c.ToString());
                break;
            case long or int or short or sbyte or byte or ushort or uint:
                WriteScalar(writer, "Integer", Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture));
                break;
            case ulong u:
                if (u > long.MaxValue)
                {
                    throw new ArgumentException($"Parameter {path}: {u} does not fit a Neo4j INTEGER (64-bit signed).", nameof(value));
                }

                WriteScalar(writer, "Integer", u.ToString(CultureInfo.InvariantCulture));
                break;
            case double d:
                WriteScalar(writer, "Float", FormatFloat(d));
                break;
            case float f:
                WriteScalar(writer, "Float", FormatFloat(f));
                break;
            case DateOnly date:
                WriteScalar(writer, "Date", date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                break;
            case DateTimeOffset at:
                WriteScalar(writer, "OffsetDateTime", at.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture));
                break;
            case byte[] bytes:
                WriteScalar(writer, "Base64", Convert.ToBase64String(bytes));
                break;
            case IEnumerable<KeyValuePair<string, object?>> map:
                writer.WriteString("$type", "Map");
                writer.WritePropertyName("_value");
                writer.WriteStartObject();
                foreach (var (key, item) in map)
                {
                    writer.WritePropertyName(key);
                    WriteValue(writer, item, $"{path}.{key}");
                }

                writer.WriteEndObject();
                break;
            case IDictionary dictionary:
                writer.WriteString("$type", "Map");
                writer.WritePropertyName("_value");
                writer.WriteStartObject();
                foreach (DictionaryEntry entry in dictionary)
                {
                    var key = entry.Key as string
                        ?? throw new ArgumentException($"Parameter {path}: map keys must be strings, got {entry.Key.GetType().Name}.", nameof(value));
                    writer.WritePropertyName(key);
                    WriteValue(writer, entry.Value, $"{path}.{key}");
                }

                writer.WriteEndObject();
                break;
            case IEnumerable list:
                writer.WriteString("$type", "List");
                writer.WritePropertyName("_value");
                writer.WriteStartArray();
                var index = 0;
                foreach (var item in list)
                {
                    WriteValue(writer, item, $"{path}[{index++}]");
                }

                writer.WriteEndArray();
                break;
            default:
                throw new ArgumentException(
                    $"Parameter {path}: {value.GetType().Name} cannot be sent to Neo4j (use null, bool, long, double, string, DateOnly, " +
                    "DateTimeOffset, byte[], a list or an IReadOnlyDictionary<string, object?>).", nameof(value));
        }

        writer.WriteEndObject();
    }

    private static void WriteScalar(Utf8JsonWriter writer, string type, string value)
    {
        writer.WriteString("$type", type);
        writer.WriteString("_value", value);
    }

    /// <summary>Shortest round-trip text; a whole number gets ".0" so it reads as a float to a human too.</summary>
    internal static string FormatFloat(double value)
    {
        // Invariant culture spells the special values NaN, Infinity, -Infinity: exactly what Neo4j writes and reads.
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return double.IsFinite(value) && text.AsSpan().IndexOfAny(".E") < 0 ? text + ".0" : text;
    }

    // ---- results (typed JSON → CLR) ----

    /// <summary>
    /// One typed value as CLR: Null → null, Boolean → bool, Integer → long, Float → double, String → string,
    /// Date → DateOnly, OffsetDateTime → DateTimeOffset, LocalDateTime → DateTime, LocalTime → TimeOnly, Base64 → byte[],
    /// List → object?[], Map → Dictionary (ordinal keys), Node/Relationship → a map of their properties, Path → a list of
    /// those maps. Types we do not map (Time, ZonedDateTime, Duration, Point, Vector, UUID, Unsupported) come back as
    /// the server's text, so an unexpected column never breaks a whole result.
    /// </summary>
    public static object? Decode(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty("$type", out var typeElement)
            || typeElement.ValueKind != JsonValueKind.String)
        {
            throw new JsonException($"Expected a typed JSON value ({{\"$type\": …, \"_value\": …}}), got {Snippet(element)}.");
        }

        var type = typeElement.GetString()!;
        element.TryGetProperty("_value", out var value);
        return type switch
        {
            "Null" => null,
            "Boolean" => value.GetBoolean(),
            "Integer" => long.Parse(Text(value, type), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
            "Float" => double.Parse(Text(value, type), NumberStyles.Float, CultureInfo.InvariantCulture),
            "String" => Text(value, type),
            "Date" => ParseDate(Text(value, type)),
            "OffsetDateTime" => DateTimeOffset.Parse(TrimFraction(Text(value, type)), CultureInfo.InvariantCulture, DateTimeStyles.None),
            "LocalDateTime" => DateTime.Parse(TrimFraction(Text(value, type)), CultureInfo.InvariantCulture, DateTimeStyles.None),
            "LocalTime" => TimeOnly.Parse(TrimFraction(Text(value, type)), CultureInfo.InvariantCulture),
            "Base64" => Convert.FromBase64String(Text(value, type)),
            "List" or "Path" => DecodeList(value),
            "Map" => DecodeMap(value),
            "Node" or "Relationship" => value.TryGetProperty("_properties", out var properties)
                ? DecodeMap(properties)
                : new Dictionary<string, object?>(StringComparer.Ordinal),
            _ => value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText(),
        };
    }

    private static object?[] DecodeList(JsonElement value)
    {
        var list = new object?[value.GetArrayLength()];
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            list[i++] = Decode(item);
        }

        return list;
    }

    private static Dictionary<string, object?> DecodeMap(JsonElement value)
    {
        var map = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in value.EnumerateObject())
        {
            map[property.Name] = Decode(property.Value);
        }

        return map;
    }

    private static string Text(JsonElement value, string type) =>
        value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new JsonException($"A typed {type} must carry its value as a string, got {Snippet(value)}.");

    private static DateOnly ParseDate(string text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new JsonException($"The Neo4j date '{text}' is outside what DateOnly holds (years 0001–9999).");

    /// <summary>Neo4j writes up to 9 fractional digits; .NET parses at most 7 (100 ns), so the rest is cut.</summary>
    private static string TrimFraction(string text)
    {
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0)
        {
            return text;
        }

        var end = dot + 1;
        while (end < text.Length && char.IsAsciiDigit(text[end]))
        {
            end++;
        }

        return end - dot - 1 <= 7 ? text : string.Concat(text.AsSpan(0, dot + 8), text.AsSpan(end));
    }

    private static string Snippet(JsonElement element)
    {
        var raw = element.ValueKind == JsonValueKind.Undefined ? "nothing" : element.GetRawText();
        return raw.Length <= 80 ? raw : raw[..80] + "…";
    }
}
