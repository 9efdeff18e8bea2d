namespace TradeGraph.Core.Querying;

/// <summary>A cursor that this service did not make.</summary>
public sealed class InvalidCursorException(string cursor)
    : ArgumentException($"'{cursor}' is not a cursor returned by this service.")
{
    public string Cursor { get; } = cursor;
}
