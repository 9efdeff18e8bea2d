using System.Text.Json;
using System.Text.RegularExpressions;
using TradeGraph.Core.Model;
using TradeGraph.Core.Querying;
using TradeGraph.Storage.Neo4j.Cypher;
using TradeGraph.Storage.Neo4j.QueryApi;
using static TradeGraph.Core.Querying.ComparisonOperator;

namespace TradeGraph.Storage.Tests.Neo4j;

/// <summary>
/// Properties of every statement the reads make, over generated hostile input (quotes, backticks, braces, Cypher and
/// Lucene syntax, parameter names, line breaks, non-ASCII): no user string reaches the Cypher text, the text has no
/// string literal at all, every backtick-quoted name is an escaped model or store name, and the text depends only on
/// the query's shape, never on its values.
/// </summary>
public sealed partial class CypherSafetyTests
{
    private static readonly GraphModel Model = CypherGoldenCases.Model;
    private static readonly CypherReads Reads = new(Model);

    private static readonly HashSet<string> AllowedNames =
    [
        .. Model.Kinds.Select(k => k.Name),
        .. Model.RelationshipTypes.Select(t => t.Name),
        .. Model.Kinds.SelectMany(k => k.Properties).Concat(Model.RelationshipTypes.SelectMany(t => t.Properties)).Select(p => p.Name),
        .. StoreNames.All,
        WriteStatements.MetaLabel,
        .. SearchTextStatements.Steps.Select(step => step.Index),
    ];

    private static readonly string[] Fragments =
    [
        "'", "\"", "`", "``", "\\", "$p0", "{", "}", "(", ")", "[", "]", "//", "/*", "*/", ";", ":", "\n", "\r\n", "\t",
        "MATCH (n) DETACH DELETE n", "` WITH 1 AS x //", "' OR 1=1 --", "\" OR \"\"=\"", "`Official`", "AND", "OR", "NOT", "+", "-", "!",
        "^", "~", "*", "?", "&&", "||", "name:xi*", "(?s).*", "\\x{41}", "Xí", "ß", "İ", "😀", "\u0301", "¶4", " ",
    ];

    /// <summary>A hostile string carrying a unique marker, so its presence in a text can be told apart from keywords.</summary>
    private static string Hostile(Random random, int i) =>
        $"ZQXJ{i}" + string.Concat(Enumerable.Range(0, random.Next(1, 6)).Select(_ => Fragments[random.Next(Fragments.Length)]));

    private static IEnumerable<(string Name, CypherStatement Statement)> StatementsWith(string s, string t)
    {
        var represents = Model.Relationship("REPRESENTS");
        var mentions = Model.Relationship("MENTIONS");
        var participates = Model.Relationship("PARTICIPATES_IN");
        foreach (var op in Enum.GetValues<ComparisonOperator>())
        {
            object? value = op is In or NotIn ? new object?[] { s, t } : s;
            foreach (var fold in new[] { false, true })
            {
                var comparison = new FieldComparison("name", op, value, fold);
                yield return ($"{op}/{fold}", Reads.AggregateEntities("Official", comparison, []).Statement);
                yield return ($"aliases {op}/{fold}", Reads.AggregateEntities("Official", new AliasesFilter(ListQuantifier.Some, [comparison]), []).Statement);
                yield return ($"relationship {op}/{fold}", Reads.AggregateEntities("Official",
                    new RelationshipFilter(mentions, Direction.Incoming, RelationshipQuantifier.All, comparison with { Field = "publisher" },
                        new FieldComparison("occurrences", Equal, 1L)), []).Statement);
            }
        }

        var order = new SortKey[] { new FieldSort("name", true), new RelatedFieldSort(represents, Direction.Outgoing, "isoCode", false) };
        yield return ("list after", Reads.ListEntities(new EntityQuery("Official", new PageRequest(First: 3, After: Cursor.Encode(order, [s, t], s)),
            new FieldComparison("description", Contains, t), order)).Statement);
        yield return ("list before", Reads.ListEntities(new EntityQuery("Official", new PageRequest(Last: 3, Before: Cursor.Encode(order, [t, s], t)), null, order)).Statement);
        yield return ("related", Reads.ListRelated(new RelatedQuery(participates, Direction.Incoming, [s, t],
            new PageRequest(First: 2, After: Cursor.Encode([], [], s)), new FieldComparison("title", StartsWith, t, true))).Statement);
        yield return ("count related", Reads.AggregateRelated(new RelatedQuery(mentions, Direction.Outgoing, [s], new PageRequest(),
            new FieldComparison("name", Equal, t)), []).Statement);
        yield return ("get", Reads.GetEntities([s, t]));
        yield return ("search", Reads.Search(s, 5));
        foreach (var fuzzy in new[] { false, true })
        {
            if (Reads.SearchRanked(new SearchQuery(s + " " + t,
                new PageRequest(First: 3, After: SearchCursor.Encode(1.5, t), Before: SearchCursor.Encode(0.5, s)), [s], fuzzy)) is { } ranked)
            {
                yield return ($"ranked {fuzzy}", ranked);
            }
        }

        yield return ("history", Reads.History([s, t]));
        yield return ("cited", Reads.CitedFacts([s], new KeysetPaging(true, 3), new CitationCursor(1, s, t, s, t)));
        yield return ("cited before", Reads.CitedFacts([s], new KeysetPaging(false, 3), null, new CitationCursor(0, t, null, null, s)));
    }

    [Fact]
    public void NoUserStringEverReachesTheText()
    {
        var random = new Random(20261129);
        for (var i = 0; i < 40; i++)
        {
            var (s, t) = (Hostile(random, 2 * i), Hostile(random, 2 * i + 1));
            foreach (var (name, statement) in StatementsWith(s, t))
            {
                Assert.False(statement.Text.Contains("ZQXJ", StringComparison.OrdinalIgnoreCase), $"{name}: user text in\n{statement.Text}");
                Assert.DoesNotContain('\'', statement.Text);
                Assert.DoesNotContain('"', statement.Text);
                Assert.True(statement.Text.All(char.IsAscii), $"{name}: non-ASCII text in\n{statement.Text}");
                Assert.All(Placeholders().Matches(statement.Text).Select(m => m.Groups[1].Value), p => Assert.True(statement.Parameters.ContainsKey(p), $"{name}: ${p} unbound"));
            }
        }
    }

    [Fact]
    public void PlainComparisonsCarryTheUserValueAsAParameter()
    {
        var statement = Reads.AggregateEntities("Official", new FieldComparison("name", Contains, "ZQXJ ' ` $p0"), []).Statement;

        Assert.Contains("ZQXJ ' ` $p0", statement.Parameters.Values);
        Assert.Equal("MATCH (n:`Official`)\nWHERE n.`name` CONTAINS $p0\nRETURN count(n) AS total", statement.Text);
    }

    [Fact]
    public void EveryQuotedNameIsAnEscapedModelOrStoreName()
    {
        var statements = CypherGoldenCases.All.Select(c => (c.Key, c.Value()))
            .Concat(StatementsWith("a`b", "c``d")).ToList();

        foreach (var (name, statement) in statements)
        {
            var unquoted = QuotedNames().Replace(statement.Text, "");
            Assert.DoesNotContain('`', unquoted);
            foreach (Match match in QuotedNames().Matches(statement.Text))
            {
                var identifier = match.Groups[1].Value.Replace("``", "`", StringComparison.Ordinal);
                Assert.True(AllowedNames.Contains(identifier), $"{name}: `{identifier}` is not a model or store name");
                Assert.Equal(CypherNames.Escape(identifier), match.Value);
            }
        }
    }

    [Fact]
    public void TheTextDependsOnlyOnTheShapeOfTheQuery()
    {
        var random = new Random(7);
        var first = StatementsWith(Hostile(random, 1), Hostile(random, 2)).ToList();
        var second = StatementsWith(Hostile(random, 3), Hostile(random, 4)).ToList();

        Assert.Equal(first.Select(f => f.Name), second.Select(s => s.Name));
        foreach (var (a, b) in first.Zip(second))
        {
            Assert.True(a.Statement.Text == b.Statement.Text, $"{a.Name}: the text changed with the values\n{a.Statement.Text}\n---\n{b.Statement.Text}");
        }
    }

    [Fact]
    public void LuceneSpecialCharactersNeverReachTheIndexUnescaped()
    {
        const string special = "AND OR + - ! ( ) { } [ ] ^ \" ~ * ? : \\ / && ||";

        Assert.Equal(@"\+\-\&\&\|\|\!\(\)\{\}\[\]\^\""\~\*\?\:\\\/", LuceneQuery.Escape("+-&&||!(){}[]^\"~*?:\\/"));
        Assert.Equal(@"\AND", LuceneQuery.Escape("AND"));
        Assert.Equal(@"a\ b", LuceneQuery.Escape("a b"));
        var query = (string)Reads.SearchRanked(new SearchQuery(special + " xi", new PageRequest(First: 3)))!.Parameters["p1"]!;
        Assert.Equal("(searchName:and*^10 OR searchAliases:and*^6 OR searchDescription:and*) AND (searchName:or*^10 OR searchAliases:or*^6 OR searchDescription:or*)"
            + " AND (searchName:xi*^10 OR searchAliases:xi*^6 OR searchDescription:xi*)", query);
        Assert.Null(Reads.SearchRanked(new SearchQuery("+ - ! ( ) { } [ ] ^ \" ~ * ? : \\ /", new PageRequest(First: 3))));
    }

    [Fact]
    public void ParametersAreOnlyValuesBothJsonFormsCarry()
    {
        foreach (var (name, statement) in CypherGoldenCases.All.Select(c => (c.Key, c.Value())))
        {
            foreach (var value in statement.Parameters.Values)
            {
                Assert.True(IsPlain(value), $"{name}: a {value?.GetType().Name} parameter");
            }

            // Serializes as plain JSON without a converter.
            JsonSerializer.Serialize(statement.Parameters);
        }

        static bool IsPlain(object? value) => value switch
        {
            null or string or long or double or bool => true,
            // Scores by entity key (a ScoreTable): a map of numbers, an object in plain JSON and a Map in typed JSON.
            IReadOnlyDictionary<string, double> scores => scores.Values.All(double.IsFinite),
            // A vector: a list of numbers.
            IEnumerable<double> numbers => numbers.All(double.IsFinite),
            // Rows of a batch (UNWIND $rows AS row): maps of plain values, an object in plain JSON and a Map in typed JSON.
            IReadOnlyDictionary<string, object?> map => map.Values.All(IsPlain),
            IEnumerable<object?> list => list.All(IsPlain),
            _ => false,
        };
    }

    [GeneratedRegex("`((?:[^`]|``)+)`")]
    private static partial Regex QuotedNames();

    [GeneratedRegex(@"\$(p\d+)")]
    private static partial Regex Placeholders();
}
