using System.Text;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;

namespace TradeGraph.Core.Exchange;

/// <summary>
/// Writes a Cypher script (for cypher-shell or Neo4j Browser) that loads a <see cref="GraphDocument"/> into Neo4j, and
/// can be run again: key constraints first, then nodes merged by key, then relationships merged by (type, from, to),
/// in UNWIND batches. The graph is laid out as <see cref="Neo4jLayout"/> says (the Neo4j store reads and writes the same
/// layout): labels, types and property names through <see cref="Neo4jLayout.Identifier"/>, every value through
/// <see cref="Neo4jLayout.Literal"/> (dates as <c>date('YYYY-MM-DD')</c>, ints as integers, floats as floats, enums as their names).
/// </summary>
public sealed class CypherWriter : IGraphFormatWriter
{
    private readonly GraphModel _model;
    private readonly int _batchSize;

    /// <param name="model">Where labels, types and property names come from.</param>
    /// <param name="batchSize">Rows per UNWIND statement.</param>
    public CypherWriter(GraphModel model, int batchSize = 500)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        Neo4jLayout.CheckModel(model);
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
            await WriteLineAsync(writer, $"CREATE CONSTRAINT IF NOT EXISTS FOR (n:{Neo4jLayout.Identifier(kind.Name)}) REQUIRE n.key IS UNIQUE;", cancellationToken);
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
            set.Add($"n:{Neo4jLayout.Identifier(Neo4jLayout.EntityLabel)}");
        }

        set.AddRange([$"n.{Neo4jLayout.NameProperty} = row.name", $"n.{Neo4jLayout.AliasesProperty} = row.aliases", $"n.{Neo4jLayout.DescriptionProperty} = row.description"]);
        set.AddRange(kind.Properties.Select(p => $"n.{Neo4jLayout.Identifier(p.Name)} = row.properties.{Neo4jLayout.Identifier(p.Name)}"));
        set.AddRange(Provenance("n"));
        return $$"""
            MERGE (n:{{Neo4jLayout.Label(kind)}} {{{Neo4jLayout.KeyProperty}}: row.key})
            SET {{string.Join(", ", set)}};
            """;
    }

    private static string RelationshipTail(RelationshipType type)
    {
        var set = type.Properties.Select(p => $"r.{Neo4jLayout.Identifier(p.Name)} = row.properties.{Neo4jLayout.Identifier(p.Name)}")
            .Concat(Provenance("r"));
        return $$"""
            MATCH (a:{{Neo4jLayout.Identifier(type.From)}} {{{Neo4jLayout.KeyProperty}}: row.from})
            MATCH (b:{{Neo4jLayout.Identifier(type.To)}} {{{Neo4jLayout.KeyProperty}}: row.to})
            MERGE (a)-[r:{{Neo4jLayout.Type(type)}}]->(b)
            SET {{string.Join(", ", set)}};
            """;
    }

    /// <summary>The three citation lists set on <paramref name="element"/> from the row's lists of the same names.</summary>
    private static string[] Provenance(string element) =>
        [.. new[] { Neo4jLayout.SourceKeysProperty, Neo4jLayout.SourceLocatorsProperty, Neo4jLayout.SourceNotesProperty }.Select(p => $"{element}.{p} = row.{p}")];

    private static string EntityRow(Entity entity, EntityKind kind)
    {
        var row = new StringBuilder("  {key: ").Append(Neo4jLayout.StringLiteral(entity.Key))
            .Append(", name: ").Append(Neo4jLayout.StringLiteral(entity.Name))
            .Append(", aliases: [").AppendJoin(", ", entity.Aliases.Select(Neo4jLayout.StringLiteral)).Append(']');
        if (entity.Description is not null)
        {
            row.Append(", description: ").Append(Neo4jLayout.StringLiteral(entity.Description));
        }

        AppendProperties(row, entity.Properties, kind.Properties, $"entity '{entity.Key}'");
        AppendSources(row, entity.Sources);
        return row.Append('}').ToString();
    }

    private static string RelationshipRow(Relationship relationship, RelationshipType type)
    {
        var row = new StringBuilder("  {from: ").Append(Neo4jLayout.StringLiteral(relationship.From))
            .Append(", to: ").Append(Neo4jLayout.StringLiteral(relationship.To));
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
            .Select(p => $"{Neo4jLayout.Identifier(p.Name)}: {Neo4jLayout.Literal(values[p.Name]!)}").ToList();
        if (present.Count > 0)
        {
            row.Append(", properties: {").AppendJoin(", ", present).Append('}');
        }
    }

    private static void AppendSources(StringBuilder row, IReadOnlyList<SourceReference> sources) =>
        row.Append(", sourceKeys: [").AppendJoin(", ", sources.Select(s => Neo4jLayout.StringLiteral(s.Source)))
            .Append("], sourceLocators: [").AppendJoin(", ", sources.Select(s => Neo4jLayout.StringLiteral(Neo4jLayout.StoredLocator(s))))
            .Append("], sourceNotes: [").AppendJoin(", ", sources.Select(s => Neo4jLayout.StringLiteral(Neo4jLayout.StoredNote(s)))).Append(']');

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
