using System.Collections;
using System.Globalization;

namespace TradeGraph.Storage.Neo4j.Cypher;

/// <summary>
/// The values of one statement, named $p0, $p1, … in the order they are added. Every value a statement uses goes
/// here, never into its text. Values are kept in forms that plain and typed JSON both carry without loss of type:
/// strings, longs, doubles, booleans, null and lists of them; a date travels as 'YYYY-MM-DD' text and the statement
/// turns it back into a date with date(…), so a date parameter is a date whichever JSON the runner speaks.
/// </summary>
internal sealed class ParameterBag
{
    private readonly Dictionary<string, object?> _values = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, object?> Values => _values;

    /// <summary>Adds a value as it is (after normalizing its CLR type) and returns its placeholder, such as <c>$p3</c>.</summary>
    public string Add(object? value)
    {
        var name = "p" + _values.Count.ToString(CultureInfo.InvariantCulture);
        _values.Add(name, Normalize(value));
        return "$" + name;
    }

    /// <summary>
    /// The Cypher expression for a value: its placeholder, wrapped in date(…) for a date (or, with
    /// <paramref name="asDate"/>, for the 'YYYY-MM-DD' text a cursor holds), mapped element-wise for a list holding dates.
    /// </summary>
    public string Value(object? value, bool asDate = false)
    {
        if (value is DateOnly || (asDate && value is string))
        {
            return $"date({Add(value)})";
        }

        if (value is not string && value is IEnumerable list && list.Cast<object?>().Any(v => v is DateOnly || (asDate && v is string)))
        {
            // The comprehension's variable lives only inside the brackets; no statement binds one named like it.
            return $"[v IN {Add(value)} | date(v)]";
        }

        return Add(value);
    }

    private static object? Normalize(object? value) => value switch
    {
        null or string or long or double or bool => value,
        int number => (long)number,
        float number => (double)number,
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        // Scores by entity key (a ScoreTable), looked up in the statement as $p[key]; sent as a map.
        IReadOnlyDictionary<string, double> scores => scores,
        IEnumerable list => list.Cast<object?>().Select(Normalize).ToList(),
        _ => throw new ArgumentException($"A {value.GetType().Name} cannot be a Cypher parameter here.", nameof(value)),
    };
}
