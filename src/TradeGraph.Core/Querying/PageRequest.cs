namespace TradeGraph.Core.Querying;

/// <summary>
/// Relay-style window over an ordered list: <see cref="First"/> items after the cursor <see cref="After"/>,
/// or the <see cref="Last"/> items before <see cref="Before"/>. Cursors are opaque strings made by <see cref="Cursor"/>.
/// </summary>
public sealed record PageRequest(int? First = null, string? After = null, int? Last = null, string? Before = null);
