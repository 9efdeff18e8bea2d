using System.Text.RegularExpressions;
using TradeGraph.Core.Exchange;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;

namespace TradeGraph.Core.Tests.Exchange;

public sealed partial class CypherWriterTests
{
    [Fact]
    public async Task TheScriptForATinyGraphMatchesTheSnapshot()
    {
        var script = await new CypherWriter(ExchangeFixtures.TinyModel, batchSize: 2).WriteToStringAsync(ExchangeFixtures.Tiny, CancellationToken.None);

        script.MatchSnapshot();
    }

    /// <summary>The whole seed's script, pinned by its length and SHA-256: the export stays byte-identical (issue 20's layout module).</summary>
    [Fact]
    public async Task TheScriptForTheSeedMatchesItsHash()
    {
        var script = await new CypherWriter(TradeModel.Define()).WriteToStringAsync(ExchangeFixtures.Seed, CancellationToken.None);

        var bytes = System.Text.Encoding.UTF8.GetBytes(script);
        $"{bytes.Length} bytes, sha256 {Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes))}".MatchSnapshot();
    }

    [Fact]
    public async Task EveryLabelAndTypeComesFromTheModel()
    {
        var model = TradeModel.Define();

        var tiny = await new CypherWriter(ExchangeFixtures.TinyModel).WriteToStringAsync(ExchangeFixtures.Tiny, CancellationToken.None);
        var seed = await new CypherWriter(model).WriteToStringAsync(ExchangeFixtures.Seed, CancellationToken.None);

        AssertLabelsAndTypes(ExchangeFixtures.TinyModel, ExchangeFixtures.Tiny, tiny);
        AssertLabelsAndTypes(model, ExchangeFixtures.Seed, seed);
    }

    [Fact]
    public async Task BatchesRowsAndEndsEveryStatementWithASemicolon()
    {
        var model = TradeModel.Define();
        var seed = ExchangeFixtures.Seed;

        var script = await new CypherWriter(model, batchSize: 5).WriteToStringAsync(seed, CancellationToken.None);

        var statements = Statements(script);
        var expectedBatches = seed.Entities.GroupBy(e => e.Kind).Sum(g => (g.Count() + 4) / 5)
            + seed.Relationships.GroupBy(r => r.Type).Sum(g => (g.Count() + 4) / 5);
        var constraints = model.ReachableKinds.Count();
        Assert.Equal(constraints, statements.Count(s => s.StartsWith("CREATE CONSTRAINT IF NOT EXISTS", StringComparison.Ordinal)));
        Assert.Equal(expectedBatches, statements.Count(s => s.StartsWith("UNWIND [", StringComparison.Ordinal)));
        Assert.Equal(constraints + expectedBatches, statements.Count);
        Assert.Equal(seed.Entities.Count, Regex.Matches(script, @"^  \{key: ", RegexOptions.Multiline).Count);
        Assert.Equal(seed.Relationships.Count, Regex.Matches(script, @"^  \{from: ", RegexOptions.Multiline).Count);
        Assert.StartsWith($"// TradeGraph for Neo4j: {seed.Entities.Count} entities and {seed.Relationships.Count} relationships.\n", script, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARelationshipToAnyEntityMatchesTheEntityLabelWhichHasAConstraint()
    {
        var model = TradeModel.Define();
        var seed = ExchangeFixtures.Seed;
        var source = seed.Entities.First(e => e.Kind == GraphModel.SourceKind);
        var document = new GraphDocument([source, seed.Entities.Single(e => e.Key == "xi-jinping")],
            [new Relationship("MENTIONS", source.Key, "xi-jinping", new Dictionary<string, object?> { ["occurrences"] = 2L },
                [new SourceReference(source.Key, "¶3:0-10")])]);

        var script = await new CypherWriter(model).WriteToStringAsync(document, CancellationToken.None);

        Assert.Contains("CREATE CONSTRAINT IF NOT EXISTS FOR (n:`Entity`) REQUIRE n.key IS UNIQUE;", script, StringComparison.Ordinal);
        Assert.Contains("""
            MATCH (a:`Source` {key: row.from})
            MATCH (b:`Entity` {key: row.to})
            MERGE (a)-[r:`MENTIONS`]->(b)
            SET r.`occurrences` = row.properties.`occurrences`, r.sourceKeys = row.sourceKeys, r.sourceLocators = row.sourceLocators, r.sourceNotes = row.sourceNotes;
            """, script, StringComparison.Ordinal);
        Assert.Contains("SET n:`Entity`, n.name = row.name", script, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("plain", "'plain'")]
    [InlineData("O'Brien", @"'O\'Brien'")]
    [InlineData("say \"hi\"", @"'say \""hi\""'")]
    [InlineData(@"back\slash \n", @"'back\\slash \\n'")]
    [InlineData("two\nlines\r\n\tand a tab", @"'two\nlines\r\n\tand a tab'")]
    [InlineData("¶3 – 😀 中文", "'¶3 – 😀 中文'")]
    public void EscapesStringLiterals(string value, string expected) =>
        Assert.Equal(expected, Neo4jLayout.StringLiteral(value));

    [Fact]
    public void EscapesControlCharactersLineSeparatorsAndLoneSurrogatesAsUnicodeEscapes()
    {
        // Kept out of theory data: test runners pass theory arguments through serializers that mangle these.
        Assert.Equal(@"'bell\u0007 nul\u0000 sep\u2028'", Neo4jLayout.StringLiteral("bell\u0007 nul\0 sep\u2028"));
        Assert.Equal(@"'lone \uD800 surrogate \uDC00'", Neo4jLayout.StringLiteral("lone \ud800 surrogate \udc00"));
    }

    [Theory]
    [InlineData("Official", "`Official`")]
    [InlineData("we`ird", "`we``ird`")]
    [InlineData("``", "``````")]
    public void EscapesIdentifiersInBackticks(string name, string expected) =>
        Assert.Equal(expected, Neo4jLayout.Identifier(name));

    [Fact]
    public void WritesEachPropertyTypeAsItsNeo4jLiteral()
    {
        Assert.Equal("42", Neo4jLayout.Literal(42L));
        Assert.Equal("-7", Neo4jLayout.Literal(-7L));
        Assert.Equal("2.0", Neo4jLayout.Literal(2d));
        Assert.Equal("0.25", Neo4jLayout.Literal(0.25));
        Assert.Equal("1.0e21", Neo4jLayout.Literal(1e21));
        Assert.Equal("1.5e-7", Neo4jLayout.Literal(1.5e-7));
        Assert.Equal("true", Neo4jLayout.Literal(true));
        Assert.Equal("date('2025-10-05')", Neo4jLayout.Literal(new DateOnly(2025, 10, 5)));
        Assert.Equal("'TRADE_TALKS'", Neo4jLayout.Literal("TRADE_TALKS"));
    }

    [Fact]
    public void RefusesAModelWhosePropertiesClashWithProvenance()
    {
        var model = new GraphModelBuilder()
            .Entity("Thing", "things", "A thing.", p => p.String("sourceKeys", "Oops."))
            .Entity(GraphModel.SourceKind, "sources", "A document.", isEntity: false)
            .Build();

        var error = Assert.Throws<ArgumentException>(() => new CypherWriter(model));

        Assert.Contains("'sourceKeys'", error.Message, StringComparison.Ordinal);
    }

    private static void AssertLabelsAndTypes(GraphModel model, GraphDocument document, string script)
    {
        // String literals are taken out first: a name or description may contain anything.
        var code = StringLiteralPattern().Replace(script, "''");
        var labels = LabelPattern().Matches(code).Select(m => m.Groups[1].Value.Replace("``", "`", StringComparison.Ordinal)).ToHashSet();
        var allowed = model.Kinds.Select(k => k.Name).Concat(model.RelationshipTypes.Select(t => t.Name)).Append(Neo4jLayout.EntityLabel).ToHashSet();

        Assert.NotEmpty(labels);
        Assert.Subset(allowed, labels);
        Assert.Superset(model.Kinds.Select(k => k.Name).ToHashSet(), labels);
        Assert.Superset(document.Relationships.Select(r => r.Type).ToHashSet(), labels);
        Assert.DoesNotContain(":`", LabelPattern().Replace(code, ""), StringComparison.Ordinal);
    }

    /// <summary>The statements of a script: comments and blank lines dropped, each ending in ';'.</summary>
    private static List<string> Statements(string script)
    {
        var code = string.Join("\n", script.Split('\n').Where(l => l.Length > 0 && !l.StartsWith("//", StringComparison.Ordinal))) + "\n";
        var parts = code.Split(";\n");
        Assert.Equal("", parts[^1]);
        return [.. parts[..^1]];
    }

    [GeneratedRegex(@"'(?:[^'\\]|\\.)*'")]
    private static partial Regex StringLiteralPattern();

    [GeneratedRegex(@":`((?:[^`]|``)*)`")]
    private static partial Regex LabelPattern();
}
