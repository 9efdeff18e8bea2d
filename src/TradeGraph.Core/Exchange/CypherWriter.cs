using System.Globalization;
using System.Text;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;

namespace TradeGraph.Core.Exchange;

/// <summary>
/// Writes a Cypher script (for cypher-shell or Neo4j Browser) that loads a <see cref="GraphDocument"/> into Neo4j, and
/// can be run again: key constraints first, then nodes merged by key, then relationships merged by (type, from, to),
/// in UNWIND batches. This is the Neo4j form of the graph:
/// <list type="bullet">
/// <item>a node per entity, labelled with its kind (plus <c>:Entity</c> when the kind <see cref="EntityKind.IsEntity"/>),
/// with <c>key</c>, <c>name</c>, <c>aliases</c> (list), <c>description</c> and each declared property;</item>
/// <item>a relationship per relationship, typed with its model name (PARTICIPATES_IN), with its declared properties;</item>
/// <item>values: dates as <c>date('YYYY-MM-DD')</c>, ints as integers, floats as floats, enums as their names;</item>
/// <item>provenance on both as three parallel lists, <c>sourceKeys</c>, <c>sourceLocators</c> ("" when there is no locator)
/// and <c>sourceNotes</c> (the note of an inferred citation, "" for a stated one).</item>
/// </list>
/// Labels, types and property names come only from the model and go through <see cref="Identifier"/>; every string
/// value goes through <see cref="StringLiteral"/>.
/// </summary>
public sealed class CypherWriter : IGraphFormatWriter
{
    /// <summary>
    /// The label every node of a kind that is an entity (not a Source) also carries; a relationship end declared
    /// <see cref="GraphModel.AnyEntity"/> (what a Source MENTIONS) matches it.
    /// </summary>
    public const string EntityLabel = GraphModel.AnyEntity;

    /// <summary>The provenance lists on every node and relationship.</summary>
    public const string SourceKeysProperty = "sourceKeys";

    public const string SourceLocatorsProperty = "sourceLocators";

    public const string SourceNotesProperty = "sourceNotes";

    private readonly GraphModel _model;
    private readonly int _batchSize;

    /// <param name="model">Where labels, types and property names come from.</param>
    /// <param name="batchSize">Rows per UNWIND statement.</param>
    public CypherWriter(GraphModel model, int batchSize = 500)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        // The provenance lists share the property namespace with declared properties.
        var clash = model.Kinds.SelectMany(k => k.Properties).Concat(model.RelationshipTypes.SelectMany(t => t.Properties))
            .FirstOrDefault(p => p.Name is SourceKeysProperty or SourceLocatorsProperty or SourceNotesProperty);
        if (clash is not null)
        {
            throw new ArgumentException($"The model declares a property '{clash.Name}', which the Neo4j form keeps for provenance.", nameof(model));
        }

        _model = model;
        _batchSize = batchSize;
    }

    public string FileExtension => ".cypher";

    public async Task WriteAsync(GraphDocument document, TextWriter writer, CancellationToken cancellationToken)
    {
        var entitiesByKind = document.Entities.ToLookup(e => e.Kind, StringComparer.Ordinal);
        var relationshipsByType = document.Relationships.ToLookup(r => r.Type, StringComparer.Ordinal);
        CheckDeclared(entitiesByKind.Select(g => g.Key), _model.Kinds.Select(k => k.Name), "Entity kind");
        CheckDeclared(relationshipsByType.Select(g => g.Key), _model.RelationshipTypes.Select(t => t.Name), "Relationship type");

        await WriteLineAsync(writer, Header(document, entitiesByKind, relationshipsByType), cancellationToken);
        await WriteLineAsync(writer, "", cancellationToken);
        await WriteLineAsync(writer, "// Constraints: a key is unique within its kind (keys are unique across the graph; MERGE relies on these indexes).", cancellationToken);
        // Reachable kinds: every kind, plus :Entity when a relationship type may end at any entity (it is MATCHed by key).
        foreach (var kind in _model.ReachableKinds)
        {
            await WriteLineAsync(writer, $"CREATE CONSTRAINT IF NOT EXISTS FOR (n:{Identifier(kind.Name)}) REQUIRE n.key IS UNIQUE;", cancellationToken);
        }

        foreach (var kind in _model.Kinds)
        {
            var tail = EntityTail(kind);
            foreach (var batch in entitiesByKind[kind.Name].Chunk(_batchSize))
            {
                await WriteStatementAsync(writer, $"// {kind.Name}: {batch.Length} node(s).", batch.Select(e => EntityRow(e, kind)), tail, cancellationToken);
            }
        }

        foreach (var type in _model.RelationshipTypes)
        {
            var tail = RelationshipTail(type);
            foreach (var batch in relationshipsByType[type.Name].Chunk(_batchSize))
            {
                await WriteStatementAsync(writer, $"// {type.Name}: {batch.Length} relationship(s).", batch.Select(r => RelationshipRow(r, type)), tail, cancellationToken);
            }
        }

        await writer.FlushAsync(cancellationToken);
    }

    /// <summary>A label, relationship type or property name as a Cypher identifier: in backticks, embedded backticks doubled.</summary>
    public static string Identifier(string name) => "`" + name.Replace("`", "``", StringComparison.Ordinal) + "`";

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

    private string Header(GraphDocument document, ILookup<string, Entity> entitiesByKind, ILookup<string, Relationship> relationshipsByType)
    {
        var kinds = _model.Kinds.Where(k => entitiesByKind.Contains(k.Name)).Select(k => $"{k.Name} {entitiesByKind[k.Name].Count()}");
        var types = _model.RelationshipTypes.Where(t => relationshipsByType.Contains(t.Name)).Select(t => $"{t.Name} {relationshipsByType[t.Name].Count()}");
        return $"""
            // TradeGraph for Neo4j: {document.Entities.Count} entities and {document.Relationships.Count} relationships.
            // Entities: {string.Join(", ", kinds)}.
            // Relationships: {string.Join(", ", types)}.
            // Load with `cypher-shell -f <this file>`. Running it again changes nothing: nodes and relationships are merged.
            """;
    }

    private static string EntityTail(EntityKind kind)
    {
        var set = new List<string>();
        if (kind.IsEntity)
        {
            set.Add($"n:{Identifier(EntityLabel)}");
        }

        set.AddRange(["n.name = row.name", "n.aliases = row.aliases", "n.description = row.description"]);
        set.AddRange(kind.Properties.Select(p => $"n.{Identifier(p.Name)} = row.properties.{Identifier(p.Name)}"));
        set.AddRange([$"n.{SourceKeysProperty} = row.sourceKeys", $"n.{SourceLocatorsProperty} = row.sourceLocators", $"n.{SourceNotesProperty} = row.sourceNotes"]);
        return $$"""
            MERGE (n:{{Identifier(kind.Name)}} {key: row.key})
            SET {{string.Join(", ", set)}};
            """;
    }

    private static string RelationshipTail(RelationshipType type)
    {
        var set = type.Properties.Select(p => $"r.{Identifier(p.Name)} = row.properties.{Identifier(p.Name)}")
            .Concat([$"r.{SourceKeysProperty} = row.sourceKeys", $"r.{SourceLocatorsProperty} = row.sourceLocators", $"r.{SourceNotesProperty} = row.sourceNotes"]);
        return $$"""
            MATCH (a:{{Identifier(type.From)}} {key: row.from})
            MATCH (b:{{Identifier(type.To)}} {key: row.to})
            MERGE (a)-[r:{{Identifier(type.Name)}}]->(b)
            SET {{string.Join(", ", set)}};
            """;
    }

    private static string EntityRow(Entity entity, EntityKind kind)
    {
        var row = new StringBuilder("  {key: ").Append(StringLiteral(entity.Key))
            .Append(", name: ").Append(StringLiteral(entity.Name))
            .Append(", aliases: [").AppendJoin(", ", entity.Aliases.Select(StringLiteral)).Append(']');
        if (entity.Description is not null)
        {
            row.Append(", description: ").Append(StringLiteral(entity.Description));
        }

        AppendProperties(row, entity.Properties, kind.Properties, $"entity '{entity.Key}'");
        AppendSources(row, entity.Sources);
        return row.Append('}').ToString();
    }

    private static string RelationshipRow(Relationship relationship, RelationshipType type)
    {
        var row = new StringBuilder("  {from: ").Append(StringLiteral(relationship.From))
            .Append(", to: ").Append(StringLiteral(relationship.To));
        AppendProperties(row, relationship.Properties, type.Properties, $"{type.Name} '{relationship.From}' -> '{relationship.To}'");
        AppendSources(row, relationship.Sources);
        return row.Append('}').ToString();
    }

    /// <summary>The declared properties that have a value, as a nested map (absent ones read as null, which SET removes).</summary>
    private static void AppendProperties(StringBuilder row, IReadOnlyDictionary<string, object?> values, IReadOnlyList<PropertyDefinition> declared, string owner)
    {
        if (values.Keys.FirstOrDefault(name => !declared.Any(p => p.Name == name)) is { } unknown)
        {
            throw new InvalidOperationException($"Property '{unknown}' of {owner} is not declared in the model.");
        }

        var present = declared.Where(p => values.GetValueOrDefault(p.Name) is not null)
            .Select(p => $"{Identifier(p.Name)}: {Literal(values[p.Name]!)}").ToList();
        if (present.Count > 0)
        {
            row.Append(", properties: {").AppendJoin(", ", present).Append('}');
        }
    }

    private static void AppendSources(StringBuilder row, IReadOnlyList<SourceReference> sources) =>
        row.Append(", sourceKeys: [").AppendJoin(", ", sources.Select(s => StringLiteral(s.Source)))
            .Append("], sourceLocators: [").AppendJoin(", ", sources.Select(s => StringLiteral(s.Locator ?? "")))
            .Append("], sourceNotes: [").AppendJoin(", ", sources.Select(s => StringLiteral(s.Note ?? ""))).Append(']');

    private static async Task WriteStatementAsync(TextWriter writer, string comment, IEnumerable<string> rows, string tail, CancellationToken cancellationToken)
    {
        await WriteLineAsync(writer, "", cancellationToken);
        await WriteLineAsync(writer, comment, cancellationToken);
        await WriteLineAsync(writer, "UNWIND [", cancellationToken);
        var first = true;
        foreach (var row in rows)
        {
            if (!first)
            {
                await WriteLineAsync(writer, ",", cancellationToken);
            }

            await writer.WriteAsync(row.AsMemory(), cancellationToken);
            first = false;
        }

        await WriteLineAsync(writer, "", cancellationToken);
        await WriteLineAsync(writer, "] AS row", cancellationToken);
        await WriteLineAsync(writer, tail, cancellationToken);
    }

    // Always "\n", whatever the platform, so the script is the same everywhere.
    private static Task WriteLineAsync(TextWriter writer, string line, CancellationToken cancellationToken) =>
        writer.WriteAsync((line + "\n").AsMemory(), cancellationToken);

    private static void CheckDeclared(IEnumerable<string> used, IEnumerable<string> declared, string what)
    {
        var known = declared.ToHashSet(StringComparer.Ordinal);
        if (used.FirstOrDefault(name => !known.Contains(name)) is { } unknown)
        {
            throw new InvalidOperationException($"{what} '{unknown}' is not declared in the model.");
        }
    }
}
