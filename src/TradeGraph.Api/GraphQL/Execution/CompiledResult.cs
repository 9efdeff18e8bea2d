using System.Text.Json;
using System.Text.Json.Serialization;

namespace TradeGraph.Api.GraphQL.Execution;

/// <summary>
/// An object of a compiled answer: one slot per field of its selection, in response order. A slot holds null, a scalar
/// already serialized by its graph type, a <see cref="ResultObject"/> or a <see cref="ResultList"/>. Written by
/// <see cref="CompiledResultConverter"/> straight to the response's UTF-8, the bytes GraphQL.NET's writer produces.
/// </summary>
[JsonConverter(typeof(CompiledResultConverter))]
internal sealed class ResultObject(CompiledSelection selection, ResultObject? parent, CompiledField? field, int index)
{
    public CompiledSelection Selection { get; } = selection;

    public object?[] Values { get; } = new object?[selection.Fields.Length];

    /// <summary>Where the object sits (for a resolver's <c>Path</c>): the parent object, the field, the list index or -1.</summary>
    public ResultObject? Parent { get; } = parent;

    public CompiledField? Field { get; } = field;

    public int Index { get; } = index;

    /// <summary>The response path of a field of this object, from the root.</summary>
    public List<object> PathTo(CompiledField child)
    {
        var path = new List<object>();
        for (var at = this; at?.Field is not null; at = at.Parent)
        {
            if (at.Index >= 0)
            {
                path.Add(at.Index);
            }

            path.Add(at.Field.ResponseName);
        }

        path.Reverse();
        path.Add(child.ResponseName);
        return path;
    }
}

/// <summary>A list of a compiled answer.</summary>
internal sealed class ResultList(object?[] items)
{
    public object?[] Items { get; } = items;
}

/// <summary>
/// Writes a compiled answer as GraphQL.NET's ExecutionResultJsonConverter writes its node tree: object fields in order,
/// lists as arrays, each scalar as <see cref="JsonSerializer"/> writes its serialized value with the same options (strings,
/// integers and booleans written directly: the bytes are the same).
/// </summary>
internal sealed class CompiledResultConverter : JsonConverter<ResultObject>
{
    public override ResultObject Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("A compiled answer is only written.");

    public override void Write(Utf8JsonWriter writer, ResultObject value, JsonSerializerOptions options) => WriteObject(writer, value, options);

    private static void WriteObject(Utf8JsonWriter writer, ResultObject value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        var fields = value.Selection.Fields;
        for (var i = 0; i < fields.Length; i++)
        {
            if (options.PropertyNamingPolicy is { } naming)
            {
                writer.WritePropertyName(naming.ConvertName(fields[i].ResponseName));
            }
            else
            {
                writer.WritePropertyName(fields[i].EncodedName);
            }

            WriteValue(writer, value.Values[i], options);
        }

        writer.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value, JsonSerializerOptions options)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            case int number:
                writer.WriteNumberValue(number);
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            case ResultObject child:
                WriteObject(writer, child, options);
                break;
            case ResultList list:
                writer.WriteStartArray();
                foreach (var item in list.Items)
                {
                    WriteValue(writer, item, options);
                }

                writer.WriteEndArray();
                break;
            default:
                JsonSerializer.Serialize(writer, value, options);
                break;
        }
    }
}
