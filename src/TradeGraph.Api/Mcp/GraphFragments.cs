using System.Text;
using TradeGraph.Core.Model;

namespace TradeGraph.Api.Mcp;

/// <summary>
/// The GraphQL fragments the tools select with, derived from the model so a new kind, property or relationship type
/// appears in every tool's answer without a change here. A kind's own property is aliased <c>Kind_property</c>: two kinds
/// may give one property name different types, which GraphQL refuses to merge under one name; <see cref="ToolJson"/> folds
/// the aliases back into a <c>properties</c> object.
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

    private readonly Dictionary<string, (string Text, string[] Uses)> _fragments;

    public GraphFragments(GraphModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        _fragments = new Dictionary<string, (string, string[])>(StringComparer.Ordinal)
        {
            [Citation] = ("fragment Citation on SourceReference { locator inferred note source { key title publishedOn publisher url } }", []),
            [Ref] = ("fragment Ref on Node { __typename ... on Entity { key name } ... on Source { key title } }", []),
            [Node] = (NodeFragment(model), [Citation]),
            [Relationship] = (RelationshipFragment(model), [Citation, Ref]),
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

        return string.Join('\n', included.Select(n => _fragments[n].Text));
    }

    private static string NodeFragment(GraphModel model)
    {
        var text = new StringBuilder("fragment NodeFacts on Node { __typename ");
        text.Append("... on Entity { key name aliases description sources { ...Citation } } ");
        text.Append("... on Source { key title aliases description sources { ...Citation } } ");
        foreach (var kind in model.Kinds.Where(k => k.Properties.Count > 0))
        {
            Properties(text, kind.Name, kind.Properties);
        }

        return text.Append('}').ToString();
    }

    private static string RelationshipFragment(GraphModel model)
    {
        var text = new StringBuilder("fragment RelationshipFacts on Relationship { __typename type sources { ...Citation } ");
        foreach (var type in model.RelationshipTypes)
        {
            text.Append("... on ").Append(type.TypeName).Append(" { from { ...Ref } to { ...Ref } ");
            foreach (var property in type.Properties)
            {
                text.Append(type.TypeName).Append('_').Append(property.Name).Append(": ").Append(property.Name).Append(' ');
            }

            text.Append("} ");
        }

        return text.Append('}').ToString();
    }

    private static void Properties(StringBuilder text, string typeName, IReadOnlyList<PropertyDefinition> properties)
    {
        text.Append("... on ").Append(typeName).Append(" { ");
        foreach (var property in properties)
        {
            text.Append(typeName).Append('_').Append(property.Name).Append(": ").Append(property.Name).Append(' ');
        }

        text.Append("} ");
    }
}
