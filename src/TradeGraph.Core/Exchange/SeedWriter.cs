using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;

namespace TradeGraph.Core.Exchange;

/// <summary>
/// Writes a <see cref="GraphDocument"/> in the seed format that <see cref="Seeding.SeedReader"/> reads, laid out like the
/// files in seed/: two-space indents, fields in the seed order, properties in the model's declaration order, non-ASCII
/// text (¶, –) as itself. Entities and relationships keep the document's order, so reading the output gives the document back.
/// </summary>
public sealed class SeedWriter(GraphModel model) : IGraphFormatWriter
{
    // Hand the text on in pieces of about this many bytes.
    private const int ChunkBytes = 32 * 1024;

    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        NewLine = "\n",
        // Only what JSON requires is escaped: quotes, backslashes and control characters.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public string FileExtension => ".json";

    public async Task WriteAsync(GraphDocument document, TextWriter writer, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(ChunkBytes * 2);
        await using var json = new Utf8JsonWriter(buffer, Options);

        json.WriteStartObject();
        json.WriteStartArray("entities");
        foreach (var entity in document.Entities)
        {
            WriteEntity(json, entity);
            await FlushWhenFullAsync();
        }

        json.WriteEndArray();
        json.WriteStartArray("relationships");
        foreach (var relationship in document.Relationships)
        {
            WriteRelationship(json, relationship);
            await FlushWhenFullAsync();
        }

        json.WriteEndArray();
        // Only when there are any: a document without passages is written as before.
        if (document.PassagesOrNone.Count > 0)
        {
            json.WriteStartArray("passages");
            foreach (var passage in document.PassagesOrNone)
            {
                json.WriteStartObject();
                json.WriteString("source", passage.SourceKey);
                json.WriteNumber("paragraph", passage.Paragraph);
                json.WriteString("text", passage.Text);
                json.WriteEndObject();
                await FlushWhenFullAsync();
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
        await FlushAsync();
        await writer.WriteAsync("\n".AsMemory(), cancellationToken);

        async Task FlushWhenFullAsync()
        {
            if (json.BytesPending + buffer.WrittenCount >= ChunkBytes)
            {
                await FlushAsync();
            }
        }

        // After Flush the buffer ends on a whole token, so it never splits a UTF-8 sequence.
        async Task FlushAsync()
        {
            json.Flush();
            await writer.WriteAsync(Encoding.UTF8.GetString(buffer.WrittenSpan).AsMemory(), cancellationToken);
            buffer.ResetWrittenCount();
        }
    }

    private void WriteEntity(Utf8JsonWriter json, Entity entity)
    {
        if (!model.TryGetKind(entity.Kind, out var kind))
        {
            throw new InvalidOperationException($"Entity '{entity.Key}' is of kind '{entity.Kind}', which the model does not declare.");
        }

        json.WriteStartObject();
        json.WriteString("kind", entity.Kind);
        json.WriteString("key", entity.Key);
        json.WriteString("name", entity.Name);
        json.WriteStartArray("aliases");
        foreach (var alias in entity.Aliases)
        {
            json.WriteStringValue(alias);
        }

        json.WriteEndArray();
        if (entity.Description is not null)
        {
            json.WriteString("description", entity.Description);
        }

        WriteProperties(json, entity.Properties, kind.Properties, $"entity '{entity.Key}'");
        WriteSources(json, entity.Sources);
        json.WriteEndObject();
    }

    private void WriteRelationship(Utf8JsonWriter json, Relationship relationship)
    {
        if (!model.TryGetRelationship(relationship.Type, out var type))
        {
            throw new InvalidOperationException($"Relationship type '{relationship.Type}' is not declared in the model.");
        }

        json.WriteStartObject();
        json.WriteString("type", relationship.Type);
        json.WriteString("from", relationship.From);
        json.WriteString("to", relationship.To);
        WriteProperties(json, relationship.Properties, type.Properties, $"{relationship.Type} '{relationship.From}' -> '{relationship.To}'");
        WriteSources(json, relationship.Sources);
        json.WriteEndObject();
    }

    /// <summary>Declared properties in declaration order; null values are left out, as the seed files leave out what is not stated.</summary>
    private static void WriteProperties(Utf8JsonWriter json, IReadOnlyDictionary<string, object?> values,
        IReadOnlyList<PropertyDefinition> declared, string owner)
    {
        if (values.Keys.FirstOrDefault(name => !declared.Any(p => p.Name == name)) is { } unknown)
        {
            throw new InvalidOperationException($"Property '{unknown}' of {owner} is not declared in the model.");
        }

        json.WriteStartObject("properties");
        foreach (var property in declared)
        {
            if (values.TryGetValue(property.Name, out var value) && value is not null)
            {
                json.WritePropertyName(property.Name);
                PropertyValues.WriteJson(json, value);
            }
        }

        json.WriteEndObject();
    }

    private static void WriteSources(Utf8JsonWriter json, IReadOnlyList<SourceReference> sources)
    {
        json.WriteStartArray("sources");
        foreach (var source in sources)
        {
            json.WriteStartObject();
            json.WriteString("source", source.Source);
            if (source.Locator is not null)
            {
                json.WriteString("locator", source.Locator);
            }

            if (source.Inferred)
            {
                json.WriteBoolean("inferred", true);
                json.WriteString("note", source.Note);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
    }
}
