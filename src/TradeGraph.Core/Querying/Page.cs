namespace TradeGraph.Core.Querying;

/// <summary>One page of an ordered list, with the Relay page flags.</summary>
public sealed record Page<T>(IReadOnlyList<PageItem<T>> Items, bool HasNextPage, bool HasPreviousPage)
{
    public static Page<T> Empty { get; } = new([], false, false);
}

/// <summary>An item of a page and the cursor that points at it.</summary>
public sealed record PageItem<T>(T Value, string Cursor);
