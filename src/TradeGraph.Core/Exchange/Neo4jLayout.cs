using System.Globalization;
using System.Text;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;

namespace TradeGraph.Core.Exchange;

/// <summary>
/// How the graph is laid out in Neo4j, once, for the Neo4j store (its reads, writes and schema) and the Cypher export
/// (<see cref="CypherWriter"/>):
/// <list type="bullet">
/// <item>a node per entity, labelled with its kind, plus <see cref="EntityLabel"/> when the kind is an entity (not a
/// Source); <c>key</c>, <c>name</c>, <c>aliases</c> (a list), <c>description</c> and each declared property by its model name;</item>
/// <item>a relationship per relationship, typed with its model name, with its declared properties;</item>
/// <item>citations as three parallel lists on the node or relationship: <see cref="SourceKeysProperty"/>,
/// <see cref="SourceLocatorsProperty"/> ("" for no locator) and <see cref="SourceNotesProperty"/> ("" for a stated
/// citation, the note of an inferred one);</item>
/// <item>names only from the model or this layout, backtick-quoted by <see cref="Identifier"/>; values as literals of their
/// Neo4j type (<see cref="Literal"/>) where a script spells them, as parameters everywhere else.</item>
/// </list>
/// </summary>
public static class Neo4jLayout
{
    /// <summary>
    /// The label every node of a kind that is an entity (not a Source) also carries; a relationship end declared
    /// <see cref="GraphModel.AnyEntity"/> (what a Source MENTIONS) matches it.
    /// </summary>
    public const string EntityLabel = GraphModel.AnyEntity;

    public const string KeyProperty = "key";

    public const string NameProperty = "name";

    public const string AliasesProperty = "aliases";

    public const string DescriptionProperty = "description";

    /// <summary>The provenance lists on every node and relationship.</summary>
    public const string SourceKeysProperty = "sourceKeys";

    public const string SourceLocatorsProperty = "sourceLocators";

    public const string SourceNotesProperty = "sourceNotes";

    /// <summary>What a citation list holds for no locator, and for no note (a stated citation).</summary>
    public const string Absent = "";

    /// <summary>The label of a kind.</summary>
    public static string Label(EntityKind kind) => Identifier(kind.Name);

    /// <summary>The relationship type of a model type.</summary>
    public static string Type(RelationshipType type) => Identifier(type.Name);

    public static string Property(PropertyDefinition property) => Identifier(property.Name);

    /// <summary>A citation's locator as the locator list holds it.</summary>
    public static string StoredLocator(SourceReference citation) => citation.Locator ?? Absent;

    /// <summary>A citation's note as the note list holds it.</summary>
    public static string StoredNote(SourceReference citation) => citation.Note ?? Absent;

    /// <summary>A citation from the three lists' entries at one index.</summary>
    public static SourceReference Citation(string sourceKey, string locator, string? note) =>
        SourceReference.Stored(sourceKey, locator.Length == 0 ? null : locator, note);

    /// <summary>
    /// Refuses a model that declares a property the layout keeps for itself (the provenance lists share the property
    /// namespace with declared properties).
    /// </summary>
    public static void CheckModel(GraphModel model)
    {
        var clash = model.Kinds.SelectMany(k => k.Properties).Concat(model.RelationshipTypes.SelectMany(t => t.Properties))
            .FirstOrDefault(p => p.Name is SourceKeysProperty or SourceLocatorsProperty or SourceNotesProperty);
        if (clash is not null)
        {
            throw new ArgumentException($"The model declares a property '{clash.Name}', which the Neo4j form keeps for provenance.", nameof(model));
        }
    }

    /// <summary>A label, relationship type or property name as a Cypher identifier: in backticks, embedded backticks doubled.</summary>
    public static string Identifier(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return "`" + name.Replace("`", "``", StringComparison.Ordinal) + "`";
    }

    /// <summary>
    /// A Cypher string literal in single quotes. Backslash, quotes and line breaks are escaped; control characters,
    /// Unicode line separators and unpaired surrogates become \uXXXX; any other character, ¶ or – or an emoji, stays as it is.
    /// </summary>
    public static string StringLiteral(string value)
    {
        var builder = new StringBuilder(value.Length + 8).Append('\'');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '\\': builder.Append(@"\\"); break;
                case '\'': builder.Append(@"\'"); break;
                case '"': builder.Append("\\\""); break;
                case '\n': builder.Append(@"\n"); break;
                case '\r': builder.Append(@"\r"); break;
                case '\t': builder.Append(@"\t"); break;
                case '\b': builder.Append(@"\b"); break;
                case '\f': builder.Append(@"\f"); break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                    {
                        builder.Append(c).Append(value[++i]);
                    }
                    else if (char.IsControl(c) || char.IsSurrogate(c) || c is '\u2028' or '\u2029' or '\uFEFF')
                    {
                        builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.Append('\'').ToString();
    }

    /// <summary>A property value as a Cypher literal of its Neo4j type.</summary>
    public static string Literal(object value) => value switch
    {
        string text => StringLiteral(text),
        long integer => integer.ToString(CultureInfo.InvariantCulture),
        int integer => integer.ToString(CultureInfo.InvariantCulture),
        double number => FloatLiteral(number),
        bool flag => flag ? "true" : "false",
        DateOnly date => $"date('{date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}')",
        _ => throw new ArgumentException($"Unsupported property value type {value.GetType()}.", nameof(value)),
    };

    /// <summary>A float that Cypher reads as a float: always with a decimal point, exponent without '+'.</summary>
    private static string FloatLiteral(double number)
    {
        if (!double.IsFinite(number))
        {
            return double.IsNaN(number) ? "toFloat('NaN')" : number > 0 ? "toFloat('Infinity')" : "toFloat('-Infinity')";
        }

        var text = number.ToString("R", CultureInfo.InvariantCulture);
        var exponent = text.IndexOf('E', StringComparison.Ordinal);
        var mantissa = exponent < 0 ? text : text[..exponent];
        if (!mantissa.Contains('.', StringComparison.Ordinal))
        {
            mantissa += ".0";
        }

        return exponent < 0
            ? mantissa
            : mantissa + "e" + int.Parse(text[(exponent + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
    }
}
