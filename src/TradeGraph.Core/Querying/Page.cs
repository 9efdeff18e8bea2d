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
    // Null once encoded; else a Func<string> or an ICursorSource.
    private object? _encode;
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

    /// <param name="value">The item.</param>
    /// <param name="cursor">Encodes its cursor, once, when first asked: a row that already holds what the cursor is made of
    /// needs no closure and delegate of its own.</param>
    public PageItem(T value, ICursorSource cursor)
    {
        Value = value;
        _encode = cursor;
    }

    private PageItem(T value, string? cursor, object? encode)
    {
        Value = value;
        _cursor = cursor;
        _encode = encode;
    }

    public T Value { get; }

    /// <summary>Another value at the same position: the cursor (or how to encode it) is kept.</summary>
    public PageItem<TOther> WithValue<TOther>(TOther value) => new(value, _cursor, _cursor is null ? _encode : null);

    // Encoding twice under a race gives the same text: no lock needed.
    public string Cursor => _cursor ??= _encode is ICursorSource source ? source.EncodeCursor() : ((Func<string>)_encode!)();
}

/// <summary>What a page item's cursor is encoded from, when it is asked for (<see cref="PageItem{T}"/>).</summary>
public interface ICursorSource
{
    /// <summary>The cursor's text; the same on every call.</summary>
    string EncodeCursor();
}
