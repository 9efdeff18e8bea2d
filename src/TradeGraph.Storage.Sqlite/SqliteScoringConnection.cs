using Microsoft.Data.Sqlite;
using TradeGraph.Core.Querying;

namespace TradeGraph.Storage.Sqlite;

/// <summary>
/// A read connection that carries the score tables of the statement it runs: SQL calls <c>tg_score(i, key)</c> for the
/// i-th table the statement's parameters hold (<see cref="SqlStatement.Bind"/> hands them over; the lease clears them
/// when the connection goes back). The scores travel with the query that names them; nothing is kept process-wide.
/// </summary>
internal sealed class SqliteScoringConnection(string connectionString) : SqliteConnection(connectionString)
{
    public const string Function = "tg_score";

    private IReadOnlyList<ScoreTable> _tables = [];

    /// <summary>The tables the next statement on this connection refers to by index.</summary>
    public void Use(IReadOnlyList<ScoreTable> tables) => _tables = tables;

    /// <summary>Once, when the connection opens: <c>tg_score(index, key)</c>, null when the table has no score for the key.</summary>
    public void RegisterScoreFunction() =>
        CreateFunction(Function, (long index, string? key) => key is not null && index < _tables.Count ? _tables[(int)index].ScoreOf(key) : null,
            isDeterministic: true);
}
