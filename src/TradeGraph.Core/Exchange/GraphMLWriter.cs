using System.Globalization;
using System.Text;
using System.Xml;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;

namespace TradeGraph.Core.Exchange;

/// <summary>
/// Writes a <see cref="GraphDocument"/> as GraphML for Gephi, yEd or NetworkX: a directed graph whose node ids are entity
/// keys and edge ids e0..eN. Nodes carry <c>kind</c>, <c>name</c>, <c>aliases</c> (joined with "; "), <c>description</c>,
/// every declared property and <c>sources</c>; edges carry <c>type</c> (again as <c>label</c>, which Gephi shows),
/// their declared properties and <c>sources</c>. Citations that infer rather than state the fact are also listed in
/// <c>inferences</c>, one line each: "source locator: note". A property name declared by several kinds (or types) with the same
/// GraphML type is one attribute; when the types differ, or the name is taken by a built-in attribute (TradeMeasure's
/// <c>kind</c>), each declaration gets its own attribute named Kind.property.
/// </summary>
public sealed class GraphMLWriter(GraphModel model) : IGraphFormatWriter
{
    public const string Namespace = "http://graphml.graphdrawing.org/xmlns";

    private const string SchemaInstance = "http://www.w3.org/2001/XMLSchema-instance";

    private static readonly XmlWriterSettings Settings = new()
    {
        Async = true,
        Indent = true,
        IndentChars = "  ",
        NewLineChars = "\n",
        // A carriage return inside a value is written as &#xD; so a parser gives it back.
        NewLineHandling = NewLineHandling.Entitize,
        CloseOutput = false,
    };

    private static readonly string[] NodeAttributes = ["kind", "name", "aliases", "description", "sources", "inferences"];

    private static readonly string[] EdgeAttributes = ["type", "label", "sources", "inferences"];

    public string FileExtension => ".graphml";

    public async Task WriteAsync(GraphDocument document, TextWriter writer, CancellationToken cancellationToken)
    {
        var nodeKeys = PropertyKeys("node", "n", model.Kinds.Select(k => (k.Name, k.Properties)), NodeAttributes);
        var edgeKeys = PropertyKeys("edge", "e", model.RelationshipTypes.Select(t => (t.Name, t.Properties)), EdgeAttributes);

        await using var xml = XmlWriter.Create(writer, Settings);
        await xml.WriteStartDocumentAsync();
        await xml.WriteCommentAsync($" TradeGraph: {document.Entities.Count} entities, {document.Relationships.Count} relationships ");
        await xml.WriteStartElementAsync(null, "graphml", Namespace);
        await xml.WriteAttributeStringAsync(null, "xmlns", null, Namespace);
        await xml.WriteAttributeStringAsync("xmlns", "xsi", null, SchemaInstance);
        await xml.WriteAttributeStringAsync("xsi", "schemaLocation", SchemaInstance, $"{Namespace} {Namespace}/1.0/graphml.xsd");

        foreach (var name in NodeAttributes)
        {
            await WriteKeyAsync(xml, new GraphMLKey("n_" + name, "node", name, "string"));
        }

        foreach (var key in nodeKeys.Values.Distinct())
        {
            await WriteKeyAsync(xml, key);
        }

        foreach (var name in EdgeAttributes)
        {
            await WriteKeyAsync(xml, new GraphMLKey("e_" + name, "edge", name, "string"));
        }

        foreach (var key in edgeKeys.Values.Distinct())
        {
            await WriteKeyAsync(xml, key);
        }

        await xml.WriteStartElementAsync(null, "graph", Namespace);
        await xml.WriteAttributeStringAsync(null, "id", null, "tradegraph");
        await xml.WriteAttributeStringAsync(null, "edgedefault", null, "directed");

        foreach (var entity in document.Entities)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var kind = model.TryGetKind(entity.Kind, out var found)
                ? found
                : throw new InvalidOperationException($"Entity '{entity.Key}' is of kind '{entity.Kind}', which the model does not declare.");
            await xml.WriteStartElementAsync(null, "node", Namespace);
            await xml.WriteAttributeStringAsync(null, "id", null, Clean(entity.Key));
            await WriteDataAsync(xml, "n_kind", entity.Kind);
            await WriteDataAsync(xml, "n_name", entity.Name);
            if (entity.Aliases.Count > 0)
            {
                await WriteDataAsync(xml, "n_aliases", string.Join("; ", entity.Aliases));
            }

            if (entity.Description is not null)
            {
                await WriteDataAsync(xml, "n_description", entity.Description);
            }

            await WritePropertiesAsync(xml, entity.Properties, kind.Name, kind.Properties, nodeKeys, $"entity '{entity.Key}'");
            await WriteDataAsync(xml, "n_sources", Sources(entity.Sources));
            await WriteInferencesAsync(xml, "n_inferences", entity.Sources);
            await xml.WriteEndElementAsync();
        }

        var index = 0;
        foreach (var relationship in document.Relationships)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var type = model.TryGetRelationship(relationship.Type, out var found)
                ? found
                : throw new InvalidOperationException($"Relationship type '{relationship.Type}' is not declared in the model.");
            await xml.WriteStartElementAsync(null, "edge", Namespace);
            await xml.WriteAttributeStringAsync(null, "id", null, $"e{index++}");
            await xml.WriteAttributeStringAsync(null, "source", null, Clean(relationship.From));
            await xml.WriteAttributeStringAsync(null, "target", null, Clean(relationship.To));
            await WriteDataAsync(xml, "e_type", relationship.Type);
            await WriteDataAsync(xml, "e_label", relationship.Type);
            await WritePropertiesAsync(xml, relationship.Properties, type.Name, type.Properties, edgeKeys,
                $"{type.Name} '{relationship.From}' -> '{relationship.To}'");
            await WriteDataAsync(xml, "e_sources", Sources(relationship.Sources));
            await WriteInferencesAsync(xml, "e_inferences", relationship.Sources);
            await xml.WriteEndElementAsync();
        }

        await xml.WriteEndElementAsync();
        await xml.WriteEndElementAsync();
        await xml.WriteEndDocumentAsync();
        await xml.FlushAsync();
    }

    /// <summary>The GraphML type of a declared property: dates and enums travel as strings.</summary>
    public static string AttributeType(PropertyType type) => type switch
    {
        PropertyType.Int => "long",
        PropertyType.Float => "double",
        PropertyType.Boolean => "boolean",
        _ => "string",
    };

    /// <summary>A GraphML key per declared property of each owner (kind or relationship type), shared where name and type agree.</summary>
    private static Dictionary<(string Owner, string Property), GraphMLKey> PropertyKeys(string domain, string prefix,
        IEnumerable<(string Owner, IReadOnlyList<PropertyDefinition> Properties)> owners, string[] builtIn)
    {
        var declarations = owners.SelectMany(o => o.Properties.Select(p => (o.Owner, Property: p))).ToList();
        var result = new Dictionary<(string, string), GraphMLKey>();
        foreach (var group in declarations.GroupBy(d => d.Property.Name, StringComparer.Ordinal))
        {
            var types = group.Select(d => AttributeType(d.Property.Type)).Distinct().ToList();
            var shared = types.Count == 1 && !builtIn.Contains(group.Key);
            var sharedKey = new GraphMLKey($"{prefix}_p_{group.Key}", domain, group.Key, types[0]);
            foreach (var (owner, property) in group)
            {
                result[(owner, property.Name)] = shared
                    ? sharedKey
                    : new GraphMLKey($"{prefix}_p_{owner}.{property.Name}", domain, $"{owner}.{property.Name}", AttributeType(property.Type));
            }
        }

        return result;
    }

    private static async Task WritePropertiesAsync(XmlWriter xml, IReadOnlyDictionary<string, object?> values, string owner,
        IReadOnlyList<PropertyDefinition> declared, Dictionary<(string, string), GraphMLKey> keys, string what)
    {
        if (values.Keys.FirstOrDefault(name => !declared.Any(p => p.Name == name)) is { } unknown)
        {
            throw new InvalidOperationException($"Property '{unknown}' of {what} is not declared in the model.");
        }

        foreach (var property in declared)
        {
            if (values.GetValueOrDefault(property.Name) is { } value)
            {
                await WriteDataAsync(xml, keys[(owner, property.Name)].Id, Text(value));
            }
        }
    }

    private static async Task WriteKeyAsync(XmlWriter xml, GraphMLKey key)
    {
        await xml.WriteStartElementAsync(null, "key", Namespace);
        await xml.WriteAttributeStringAsync(null, "id", null, key.Id);
        await xml.WriteAttributeStringAsync(null, "for", null, key.Domain);
        await xml.WriteAttributeStringAsync(null, "attr.name", null, key.Name);
        await xml.WriteAttributeStringAsync(null, "attr.type", null, key.Type);
        await xml.WriteEndElementAsync();
    }

    private static async Task WriteDataAsync(XmlWriter xml, string key, string value)
    {
        await xml.WriteStartElementAsync(null, "data", Namespace);
        await xml.WriteAttributeStringAsync(null, "key", null, key);
        await xml.WriteStringAsync(Clean(value));
        await xml.WriteEndElementAsync();
    }

    private static string Text(object value) => value switch
    {
        string text => text,
        long integer => XmlConvert.ToString(integer),
        int integer => XmlConvert.ToString(integer),
        double number => XmlConvert.ToString(number),
        bool flag => XmlConvert.ToString(flag),
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => throw new ArgumentException($"Unsupported property value type {value.GetType()}.", nameof(value)),
    };

    private static string Sources(IReadOnlyList<SourceReference> sources) =>
        string.Join("; ", sources.Select(Citation));

    private static string Citation(SourceReference source) => source.Locator is null or "" ? source.Source : $"{source.Source} {source.Locator}";

    /// <summary>The inferred citations, a line each; nothing when every citation is stated.</summary>
    private static async Task WriteInferencesAsync(XmlWriter xml, string key, IReadOnlyList<SourceReference> sources)
    {
        if (sources.Any(s => s.Inferred))
        {
            await WriteDataAsync(xml, key, string.Join("\n", sources.Where(s => s.Inferred).Select(s => $"{Citation(s)}: {s.Note}")));
        }
    }

    /// <summary>XML 1.0 cannot carry some characters (most control characters, unpaired surrogates); they become U+FFFD.</summary>
    private static string Clean(string text)
    {
        StringBuilder? builder = null;
        for (var i = 0; i < text.Length; i++)
        {
            if (i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], text[i]))
            {
                builder?.Append(text[i]).Append(text[i + 1]);
                i++;
            }
            else if (XmlConvert.IsXmlChar(text[i]))
            {
                builder?.Append(text[i]);
            }
            else
            {
                builder ??= new StringBuilder(text.Length).Append(text, 0, i);
                builder.Append('\uFFFD');
            }
        }

        return builder?.ToString() ?? text;
    }

    private sealed record GraphMLKey(string Id, string Domain, string Name, string Type);
}
