using GraphQL;
using GraphQL.Types;

namespace TradeGraph.Api.GraphQL;

/// <summary>
/// How many items a list field can return, declared where the field is defined (or settled by <see cref="CostModel"/>),
/// read by <see cref="CostAnalysis"/> and printed as Hot Chocolate's <c>@listSize</c> (assumedSize = <see cref="Max"/>,
/// slicingArgumentDefaultValue = <see cref="Default"/>): the value of the first of <see cref="SlicingArguments"/> given (an int, or a
/// list's length), at most <see cref="Max"/> (over it the field refuses the argument itself), else
/// <see cref="Default"/>, the size the resolver uses when the argument is left out.
/// </summary>
/// <param name="SlicingArguments">The arguments that set the size (first, last); empty for a list the client cannot size.</param>
/// <param name="Default">The size when the argument is not given (the resolver's default).</param>
/// <param name="Max">The largest size the resolver accepts.</param>
/// <param name="SizedFields">
/// Null when the field itself is the list (its selection is resolved once per item); otherwise the field returns one
/// object and these child fields are the lists of that size (<c>neighbourhood { nodes relationships }</c>).
/// </param>
public sealed record ListSize(IReadOnlyList<string> SlicingArguments, int Default, int Max, IReadOnlyList<string>? SizedFields = null)
{
    public const string MetadataKey = "tradegraph.listSize";

    /// <summary>Type metadata (an int): the items assumed for an unpaged list of this type, instead of CostOptions.AssumedListSize.</summary>
    public const string AssumedItemsKey = "tradegraph.assumedListItems";

    /// <summary>A list with no size argument: the server assumes <paramref name="assumedSize"/> items (CostOptions.AssumedListSize).</summary>
    public static ListSize Unpaged(int assumedSize) => new([], assumedSize, assumedSize);

    /// <summary>The size for a slicing argument's value (null when none was given or its variable was left out).</summary>
    public double For(object? argumentValue) => argumentValue switch
    {
        int n => Math.Clamp(n, 0, Max),
        long n => Math.Clamp(n, 0, Max),
        System.Collections.ICollection list => Math.Min(list.Count, Max),
        _ => Default,
    };
}

public static class ListSizeExtensions
{
    /// <summary>Declares how many items the field returns, for the cost analysis.</summary>
    public static FieldType WithListSize(this FieldType field, ListSize size) => field.WithMetadata(ListSize.MetadataKey, size);
}
