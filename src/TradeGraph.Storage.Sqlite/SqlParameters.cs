using System.Globalization;
using Microsoft.Data.Sqlite;
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

    /// <summary>Sets the values on <paramref name="command"/> and gives its connection the statement's score tables.</summary>
    public void Bind(SqliteCommand command)
    {
        foreach (var (name, value) in _values)
        {
            command.Parameters.AddWithValue(name, value);
        }

        if (command.Connection is SqliteScoringConnection scoring)
        {
            scoring.Use(_scores);
        }
        else if (_scores.Count > 0)
        {
            throw new InvalidOperationException("A statement that sorts or filters by scores must run on a read connection (SqliteScoringConnection).");
        }
    }

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
