using System.Globalization;
using System.Text.Json;
using TradeGraph.Core.Model;

namespace TradeGraph.Core.Graph;

/// <summary>
/// Converts declared property values between JSON (seed files, storage) and their CLR form,
/// checking each against its <see cref="PropertyDefinition"/>.
/// </summary>
public static class PropertyValues
{
    /// <summary>Reads a JSON value as the property's CLR type; returns an error message instead when it does not fit.</summary>
    public static object? FromJson(PropertyDefinition property, JsonElement json, GraphModel model, out string? error)
    {
        error = null;
        if (json.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        switch (property.Type)
        {
            case PropertyType.String when json.ValueKind == JsonValueKind.String:
                return json.GetString();
            case PropertyType.Int when json.ValueKind == JsonValueKind.Number && json.TryGetInt64(out var integer):
                return integer;
            case PropertyType.Float when json.ValueKind == JsonValueKind.Number:
                return json.GetDouble();
            case PropertyType.Boolean when json.ValueKind is JsonValueKind.True or JsonValueKind.False:
                return json.GetBoolean();
            case PropertyType.Date when json.ValueKind == JsonValueKind.String:
                if (DateOnly.TryParseExact(json.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    return date;
                }

                error = $"'{json.GetString()}' is not a date (expected YYYY-MM-DD)";
                return null;
            case PropertyType.Enum when json.ValueKind == JsonValueKind.String:
                var value = json.GetString()!;
                var definition = model.Enum(property.EnumName!);
                if (definition.Values.Contains(value))
                {
                    return value;
                }

                error = $"'{value}' is not a value of {definition.Name} ({string.Join(", ", definition.Values)})";
                return null;
            default:
                error = $"expected {Describe(property)}, got a JSON {json.ValueKind.ToString().ToLowerInvariant()}";
                return null;
        }
    }

    /// <summary>Writes a CLR property value in its JSON form (dates as YYYY-MM-DD).</summary>
    public static void WriteJson(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case string s: writer.WriteStringValue(s); break;
            case long l: writer.WriteNumberValue(l); break;
            case int i: writer.WriteNumberValue(i); break;
            case double d: writer.WriteNumberValue(d); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case DateOnly date: writer.WriteStringValue(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)); break;
            default: throw new ArgumentException($"Unsupported property value type {value.GetType()}.", nameof(value));
        }
    }

    /// <summary>Serializes a property map to a JSON object, in the model's declaration order.</summary>
    public static string ToJson(IReadOnlyDictionary<string, object?> properties)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in properties.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                if (value is not null)
                {
                    writer.WritePropertyName(name);
                    WriteJson(writer, value);
                }
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Reads a stored JSON object back to CLR values, trusting that it was validated when written.</summary>
    public static IReadOnlyDictionary<string, object?> FromStoredJson(IReadOnlyList<PropertyDefinition> properties, string json, GraphModel model)
    {
        if (json is "{}" or "")
        {
            return EmptyProperties;
        }

        using var document = JsonDocument.Parse(json);
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in properties)
        {
            if (document.RootElement.TryGetProperty(property.Name, out var value))
            {
                result[property.Name] = FromJson(property, value, model, out _);
            }
        }

        return result;
    }

    public static IReadOnlyDictionary<string, object?> EmptyProperties { get; } = new Dictionary<string, object?>();

    public static string Describe(PropertyDefinition property) => property.Type switch
    {
        PropertyType.Enum => $"a {property.EnumName} value",
        PropertyType.Date => "a date (YYYY-MM-DD)",
        PropertyType.Int => "an integer",
        PropertyType.Float => "a number",
        PropertyType.Boolean => "true or false",
        _ => "a string",
    };
}
