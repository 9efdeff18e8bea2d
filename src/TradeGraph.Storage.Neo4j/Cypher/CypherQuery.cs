using TradeGraph.Storage.Neo4j.QueryApi;

namespace TradeGraph.Storage.Neo4j.Cypher;

/// <summary>
/// A Cypher statement built clause by clause. Its text holds only keywords, the builder's variables, names from
/// <see cref="Cypher"/> (escaped by <see cref="CypherNames"/>) and placeholders; values live in <see cref="Parameters"/>,
/// which subqueries share with their statement so placeholders never clash.
/// </summary>
internal sealed class CypherQuery
{
    private readonly List<string> _clauses = [];

    public CypherQuery()
        : this(new ParameterBag())
    {
    }

    public CypherQuery(ParameterBag parameters) => Parameters = parameters;

    public ParameterBag Parameters { get; }

    public string Text => string.Join("\n", _clauses);

    public CypherQuery Match(string pattern) => Add("MATCH " + pattern);

    public CypherQuery OptionalMatch(string pattern) => Add("OPTIONAL MATCH " + pattern);

    /// <summary>A WHERE clause; left out when the predicate always holds.</summary>
    public CypherQuery Where(string? predicate) => predicate is null or "true" ? this : Add("WHERE " + predicate);

    public CypherQuery With(params IEnumerable<string> items) => Add("WITH " + string.Join(", ", items));

    public CypherQuery WithDistinct(params IEnumerable<string> items) => Add("WITH DISTINCT " + string.Join(", ", items));

    public CypherQuery Unwind(string list, string variable) => Add($"UNWIND {list} AS {variable}");

    /// <summary>A subquery that sees only <paramref name="imports"/> of the outer scope: <c>CALL (a, b) { … }</c> (Neo4j 5.23+).</summary>
    public CypherQuery Call(IEnumerable<string> imports, Action<CypherQuery> body)
    {
        var subquery = new CypherQuery(Parameters);
        body(subquery);
        var indented = string.Join("\n", subquery._clauses.SelectMany(c => c.Split('\n')).Select(line => "  " + line));
        return Add($"CALL ({string.Join(", ", imports)}) {{\n{indented}\n}}");
    }

    /// <summary>A procedure call with its arguments (placeholders or expressions) and the columns it yields.</summary>
    public CypherQuery CallProcedure(string procedure, IEnumerable<string> arguments, params IEnumerable<string> yields) =>
        Add($"CALL {procedure}({string.Join(", ", arguments)}) YIELD {string.Join(", ", yields)}");

    public CypherQuery UnionAll() => Add("UNION ALL");

    public CypherQuery Return(params IEnumerable<string> items) => Add("RETURN " + string.Join(", ", items));

    public CypherQuery ReturnDistinct(params IEnumerable<string> items) => Add("RETURN DISTINCT " + string.Join(", ", items));

    public CypherQuery OrderBy(params IEnumerable<string> items) => Add("ORDER BY " + string.Join(", ", items));

    public CypherQuery Skip(long count) => Add("SKIP " + Parameters.Add(count));

    public CypherQuery Limit(long count) => Add("LIMIT " + Parameters.Add(count));

    public CypherStatement Build() => new(Text, new Dictionary<string, object?>(Parameters.Values, StringComparer.Ordinal));

    public override string ToString() => Text;

    private CypherQuery Add(string clause)
    {
        _clauses.Add(clause);
        return this;
    }
}
