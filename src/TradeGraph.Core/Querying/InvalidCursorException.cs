namespace TradeGraph.Core.Querying;

/// <summary>A cursor that this service did not make, or made for another order.</summary>
public sealed class InvalidCursorException(string cursor)
    : ArgumentException($"'{cursor}' is not a cursor this service made for this order.")
{
    public string Cursor { get; } = cursor;
}
