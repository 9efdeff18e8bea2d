namespace TradeGraph.Api.GraphQL.Errors;

/// <summary>
/// Hot Chocolate's code for a failure we also report under our own descriptive code, with the extension fields Hot
/// Chocolate puts beside it. <see cref="HotChocolateErrorInfoProvider"/> adds the code to <c>extensions.codes</c> (our code
/// stays first, in <c>extensions.code</c>) and the fields to <c>extensions</c>, so a Hot Chocolate client's checks carry over.
/// </summary>
public sealed record HotChocolateCode(string Code, IReadOnlyDictionary<string, object?> Extensions)
{
    /// <summary>HC0047: the operation's cost is over the limit (<c>fieldCost</c>, <c>maxFieldCost</c>).</summary>
    public const string CostExceededCode = "HC0047";

    /// <summary>HC0051: a page size over the maximum (<c>requestedItems</c>, <c>maxAllowedItems</c>).</summary>
    public const string MaxPaginationItemsCode = "HC0051";

    /// <summary>HC0076: <c>nodes</c> asked for more ids than allowed at once.</summary>
    public const string TooManyNodesCode = "HC0076";

    /// <summary>HC0078: a cursor this service did not return.</summary>
    public const string InvalidCursorCode = "HC0078";

    /// <summary>HC0079: a negative page size.</summary>
    public const string NegativePageSizeCode = "HC0079";

    public static HotChocolateCode MaxPaginationItems(int requestedItems, int maxAllowedItems) =>
        new(MaxPaginationItemsCode, new Dictionary<string, object?> { ["requestedItems"] = requestedItems, ["maxAllowedItems"] = maxAllowedItems });

    public static HotChocolateCode CostExceeded(double fieldCost, double maxFieldCost) =>
        new(CostExceededCode, new Dictionary<string, object?> { ["fieldCost"] = fieldCost, ["maxFieldCost"] = maxFieldCost });

    public static HotChocolateCode TooManyNodes { get; } = new(TooManyNodesCode, new Dictionary<string, object?>());

    public static HotChocolateCode InvalidCursor { get; } = new(InvalidCursorCode, new Dictionary<string, object?>());

    public static HotChocolateCode NegativePageSize { get; } = new(NegativePageSizeCode, new Dictionary<string, object?>());
}

/// <summary>An error that has a <see cref="HotChocolateCode"/> beside its own.</summary>
public interface IHasHotChocolateCode
{
    HotChocolateCode? HotChocolate { get; }
}
