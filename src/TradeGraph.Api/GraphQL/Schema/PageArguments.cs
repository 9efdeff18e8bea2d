using GraphQL;
using GraphQL.Types;
using TradeGraph.Api.GraphQL.Errors;
using TradeGraph.Core.Querying;

namespace TradeGraph.Api.GraphQL.Schema;

/// <summary>The Relay paging arguments every connection field takes, and their checks.</summary>
internal static class PageArguments
{
    /// <summary>The field's own arguments (<paramref name="leading"/>), then first / after / last / before.</summary>
    public static QueryArguments Create(params QueryArgument[] leading) => new(
    [
        .. leading,
        new QueryArgument<IntGraphType> { Name = "first", Description = "Return the first n items after `after`." },
        new QueryArgument<StringGraphType> { Name = "after", Description = "A cursor: return items after it." },
        new QueryArgument<IntGraphType> { Name = "last", Description = "Return the last n items before `before`." },
        new QueryArgument<StringGraphType> { Name = "before", Description = "A cursor: return items before it." },
    ]);

    /// <summary>
    /// Reads and checks the arguments; a bad value is a GraphQL error with a code, not a silent correction. A cursor is
    /// checked by <paramref name="isCursor"/> (the entity lists' keyset cursors unless told); where a cursor's form is the
    /// store's own (cited facts), null leaves it to the store, which refuses a bad one with the same code.
    /// </summary>
    public static PageRequest Read(IResolveFieldContext context, PagingOptions options, Func<string, bool>? isCursor)
    {
        var first = context.Argument<int?>("first");
        var last = context.Argument<int?>("last");
        var after = context.Argument<string?>("after");
        var before = context.Argument<string?>("before");

        if (first is not null && last is not null)
        {
            throw new TradeGraphError(ErrorCodes.InvalidPaging, "Pass either `first` or `last`, not both.");
        }

        foreach (var (name, value) in new[] { ("first", first), ("last", last) })
        {
            if (value is { } size && PageSizeError(name, size, options.MaxPageSize) is { } error)
            {
                throw error;
            }
        }

        foreach (var (name, cursor) in new[] { ("after", after), ("before", before) })
        {
            if (cursor is not null && isCursor is not null && !isCursor(cursor))
            {
                throw new TradeGraphError(ErrorCodes.InvalidCursor, $"`{name}`: '{cursor}' is not a cursor returned by this service.",
                    HotChocolateCode.InvalidCursor);
            }
        }

        return first is null && last is null
            ? new PageRequest(options.DefaultPageSize, after, null, before)
            : new PageRequest(first, after, last, before);
    }

    /// <summary>Reads and checks the arguments of a connection over entities (<see cref="Cursor"/>'s keyset cursors).</summary>
    public static PageRequest Read(IResolveFieldContext context, PagingOptions options) => Read(context, options, Cursor.IsWellFormed);

    /// <summary>
    /// The <c>first</c> of a list that takes only a size (a ranking's top n, communities): the default page size when not
    /// given, refused over the maximum as every connection's (PAGE_SIZE_EXCEEDED), and below <paramref name="least"/>.
    /// </summary>
    public static int ReadFirst(IResolveFieldContext context, PagingOptions options, int least)
    {
        var first = context.Argument<int?>("first") ?? options.DefaultPageSize;
        if (PageSizeError("first", first, options.MaxPageSize) is { } error)
        {
            throw error;
        }

        return first >= least ? first : throw new TradeGraphError(ErrorCodes.InvalidArgument, $"`first` must be at least {least} (got {first}).");
    }

    /// <summary>The cost analysis' list size of a field that takes a size-only <c>first</c> (<see cref="ReadFirst"/>).</summary>
    public static ListSize FirstListSize(PagingOptions options) => new(["first"], Default: options.DefaultPageSize, Max: options.MaxPageSize);

    /// <summary>What a size-only <c>first</c> says of itself: "10 unless given, at most 50."</summary>
    public static string FirstDescription(PagingOptions options) => $"{options.DefaultPageSize} unless given, at most {options.MaxPageSize}.";

    /// <summary>
    /// The error for a page size argument out of range, or null: negative is INVALID_PAGING_ARGUMENTS (Hot Chocolate's
    /// HC0079), over the maximum PAGE_SIZE_EXCEEDED (HC0051, with <c>requestedItems</c> and <c>maxAllowedItems</c>).
    /// </summary>
    public static TradeGraphError? PageSizeError(string name, int value, int maxPageSize) => value switch
    {
        < 0 => new TradeGraphError(ErrorCodes.InvalidPaging, $"`{name}` must not be negative (got {value}).", HotChocolateCode.NegativePageSize),
        _ when value > maxPageSize => new TradeGraphError(ErrorCodes.PageSizeExceeded,
            $"`{name}` is {value}, over the maximum page size of {maxPageSize}. Page through with `after`/`before`.",
            HotChocolateCode.MaxPaginationItems(value, maxPageSize)),
        _ => null,
    };
}
