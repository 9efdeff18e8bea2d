using System.Globalization;
using Microsoft.Data.Sqlite;

namespace TradeGraph.Storage.Sqlite;

/// <summary>The values of one statement: every user value becomes a parameter, never text in the SQL.</summary>
internal sealed class SqlParameters
{
    private readonly List<(string Name, object Value)> _values = [];

    /// <summary>Adds a value (CLR property values converted to their stored form) and returns its placeholder.</summary>
    public string Add(object? value)
    {
        var name = "@p" + _values.Count.ToString(CultureInfo.InvariantCulture);
        _values.Add((name, ToStored(value)));
        return name;
    }

    /// <summary>The values added so far, with their placeholders, in order.</summary>
    public IReadOnlyList<(string Name, object Value)> Values => _values;

    public void Bind(SqliteCommand command)
    {
        foreach (var (name, value) in _values)
        {
            command.Parameters.AddWithValue(name, value);
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
