namespace TradeGraph.Core.Querying;

/// <summary>One page of an ordered list, with the Relay page flags.</summary>
public sealed record Page<T>(IReadOnlyList<PageItem<T>> Items, bool HasNextPage, bool HasPreviousPage)
{
    public static Page<T> Empty { get; } = new([], false, false);
}

/// <summary>
/// An item of a page and the cursor that points at it, given encoded or as how to encode it: most requests read only the
/// page's last cursor (pageInfo.endCursor) or none, and encoding every item's sort values cost more than reading the item.
/// </summary>
public sealed class PageItem<T>
{
    private readonly Func<string>? _encode;
    private string? _cursor;

    public PageItem(T value, string cursor)
    {
        Value = value;
        _cursor = cursor;
    }

    /// <param name="value">The item.</param>
    /// <param name="encodeCursor">Encodes its cursor, once, when first asked (it must not depend on state that changes).</param>
    public PageItem(T value, Func<string> encodeCursor)
    {
        Value = value;
        _encode = encodeCursor;
    }

    public T Value { get; }

    /// <summary>Another value at the same position: the cursor (or how to encode it) is kept.</summary>
    public PageItem<TOther> WithValue<TOther>(TOther value) => _cursor is { } cursor ? new(value, cursor) : new(value, _encode!);

    // Encoding twice under a race gives the same text: no lock needed.
    public string Cursor => _cursor ??= _encode!();
}
