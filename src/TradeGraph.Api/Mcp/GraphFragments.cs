using System.Text;
using System.Text.Json.Nodes;
using GraphQL.Types;
using TradeGraph.Api.GraphQL.Schema;
using TradeGraph.Core.Model;

namespace TradeGraph.Api.Mcp;

/// <summary>
/// The GraphQL fragments the tools select with, derived from the model so a new kind, property or relationship type
/// appears in every tool's answer without a change here. GraphQL refuses to merge one response name with two types
/// (Official's <c>title</c> is <c>String</c>, a Source's <c>String!</c>), so a property whose name another type gives a
/// different type is aliased <c>Type_property</c>; <see cref="PropertiesOf"/> gathers them back under their names.
/// </summary>
internal sealed class GraphFragments
{
    /// <summary>A citation: which source (title, date, link), where in it (¶N), and stated or inferred (with the note).</summary>
    public const string Citation = "Citation";

    /// <summary>A node named: type, key and name (a source's title).</summary>
    public const string Ref = "Ref";

    /// <summary>A node in full: its fields, its kind's properties and its citations.</summary>
    public const string Node = "NodeFacts";

    /// <summary>A relationship in full: type, properties, both ends and its citations.</summary>
    public const string Relationship = "RelationshipFacts";

    private const string NodeFields = "key name aliases description sources { ...Citation }";
    private const string SourceFields = "key title aliases description sources { ...Citation }";

    private readonly Dictionary<string, (string Text, string[] Uses)> _fragments;

    /// <summary>GraphQL type name → (property, response name) of its own properties.</summary>
    private readonly Dictionary<string, (string Property, string ResponseName)[]> _properties = new(StringComparer.Ordinal);

    public GraphFragments(GraphModel model, TradeGraphSchema schema)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(schema);
        schema.Initialize();
        var nodeTypes = model.Kinds.Select(k => (k.Name, k.Properties.Select(p => p.Name).ToList())).ToList();
        var relationshipTypes = model.RelationshipTypes.Select(r => (r.TypeName, r.Properties.Select(p => p.Name).ToList())).ToList();
        _fragments = new Dictionary<string, (string, string[])>(StringComparer.Ordinal)
        {
            [Citation] = ("fragment Citation on SourceReference { locator inferred note source { key title publishedOn publisher url } }", []),
            [Ref] = ("fragment Ref on Node { __typename ... on Entity { key name } ... on Source { key title } }", []),
            [Node] = (Fragment(schema, "fragment NodeFacts on Node { __typename ... on Entity { " + NodeFields + " } ... on Source { "
                + SourceFields + " } ", ["key", "name", "title", "aliases", "description", "sources"], nodeTypes, ""), [Citation]),
            [Relationship] = (Fragment(schema, "fragment RelationshipFacts on Relationship { __typename type sources { ...Citation } ",
                ["type", "sources", "from", "to"], relationshipTypes, "from { ...Ref } to { ...Ref } "), [Citation, Ref]),
        };
    }

    /// <summary>The definitions of <paramref name="names"/> and of the fragments they spread, each once, to append to a document.</summary>
    public string For(params string[] names)
    {
        var included = new List<string>();
        void Include(string name)
        {
            if (!included.Contains(name))
            {
                included.Add(name);
                foreach (var used in _fragments[name].Uses)
                {
                    Include(used);
                }
            }
        }

        foreach (var name in names)
        {
            Include(name);
        }

        return "\n" + string.Join('\n', included.Select(n => _fragments[n].Text));
    }

    /// <summary>The own properties of a node or relationship selected with these fragments, by name, nulls left out.</summary>
    public JsonObject PropertiesOf(JsonNode? selected)
    {
        var properties = new JsonObject();
        if (selected is JsonObject fields && fields["__typename"]?.GetValue<string>() is { } type && _properties.TryGetValue(type, out var own))
        {
            foreach (var (property, responseName) in own)
            {
                if (fields[responseName] is { } value)
                {
                    properties[property] = value.DeepClone();
                }
            }
        }

        return properties;
    }

    /// <summary>
    /// <paramref name="head"/>, then per type an inline fragment with <paramref name="perType"/> and its properties; a name
    /// given different GraphQL types by two types (or by a shared field in <paramref name="shared"/>) is aliased.
    /// </summary>
    private string Fragment(ISchema schema, string head, string[] shared, List<(string Type, List<string> Properties)> types, string perType)
    {
        string Signature(string type, string field) =>
            (schema.AllTypes[type] as IComplexGraphType)?.GetField(field)?.ResolvedType?.ToString() ?? "?";

        var signatures = types.SelectMany(t => t.Properties.Select(p => (Name: p, Signature: Signature(t.Type, p))))
            .Concat(shared.Select(s => (Name: s, Signature: "shared")))
            .GroupBy(p => p.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(p => p.Signature).Distinct(StringComparer.Ordinal).Count(), StringComparer.Ordinal);
        var text = new StringBuilder(head);
        foreach (var (type, properties) in types)
        {
            if (properties.Count == 0 && perType.Length == 0)
            {
                continue;
            }

            var own = properties.Select(p => (p, signatures[p] > 1 ? $"{type}_{p}" : p)).ToArray();
            _properties[type] = own;
            text.Append("... on ").Append(type).Append(" { ").Append(perType);
            foreach (var (property, responseName) in own)
            {
                text.Append(responseName == property ? property : $"{responseName}: {property}").Append(' ');
            }

            text.Append("} ");
        }

        return text.Append('}').ToString();
    }
}
