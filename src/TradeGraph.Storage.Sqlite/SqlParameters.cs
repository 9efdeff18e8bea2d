using System.Globalization;
using TradeGraph.Core.Querying;

namespace TradeGraph.Storage.Sqlite;

/// <summary>The values of one statement: every user value becomes a parameter, never text in the SQL.</summary>
internal sealed class SqlParameters
{
    private readonly List<(string Name, object Value)> _values = [];
    private readonly List<ScoreTable> _scores = [];

    /// <summary>Adds a value (CLR property values converted to their stored form) and returns its placeholder.</summary>
    public string Add(object? value)
    {
        var name = "@p" + _values.Count.ToString(CultureInfo.InvariantCulture);
        _values.Add((name, ToStored(value)));
        return name;
    }

    /// <summary>The values added so far, with their placeholders, in order.</summary>
    public IReadOnlyList<(string Name, object Value)> Values => _values;

    /// <summary>
    /// A score table the statement looks scores up in (<c>tg_score(placeholder, key)</c>): its index among the statement's
    /// tables (the same one for the same table), handed to the connection with the values.
    /// </summary>
    public string AddScores(ScoreTable table)
    {
        var index = _scores.IndexOf(table);
        if (index < 0)
        {
            index = _scores.Count;
            _scores.Add(table);
        }

        return Add((long)index);
    }

    /// <summary>The score tables the statement looks scores up in, by the index <see cref="AddScores"/> gave each.</summary>
    public IReadOnlyList<ScoreTable> Scores => _scores;

    /// <summary>The statement of <paramref name="text"/>: the <paramref name="leading"/> parameters, then these values and score tables.</summary>
    public SqlStatement Statement(string text, params IEnumerable<(string Name, object Value)> leading) => new(text, [.. leading, .. _values], _scores);

    /// <summary>The form json_extract returns: dates as ISO text, booleans as 0/1.</summary>
    public static object ToStored(object? value) => value switch
    {
        null => DBNull.Value,
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        bool flag => flag ? 1L : 0L,
        int number => (long)number,
        _ => value,
    };
}
