namespace TradeGraph.Core.Analytics;

/// <summary>
/// A projection or path argument the model or the data cannot serve: an unknown kind or relationship type, a date
/// window that ends before it starts, a weight property that is not a number. <see cref="Argument"/> names the
/// argument as clients write it (<c>weightProperty</c>, <c>from</c>); the message says what is wrong and what would do.
/// </summary>
public sealed class InvalidProjectionArgumentException(string argument, string message) : ArgumentException(message)
{
    /// <summary>The argument at fault, as clients write it (<c>kinds</c>, <c>relationshipTypes</c>, <c>from</c>, <c>weightProperty</c>).</summary>
    public string Argument { get; } = argument;
}
