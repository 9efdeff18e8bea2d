using Microsoft.Data.Sqlite;

namespace TradeGraph.Storage.Sqlite;

/// <summary>Commands inside an open transaction (the writers and the import run every statement in theirs).</summary>
internal static class SqliteTransactionCommands
{
    /// <summary>A command on the transaction's connection, enlisted in it.</summary>
    public static SqliteCommand Command(this SqliteTransaction transaction, string sql)
    {
        var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }
}
