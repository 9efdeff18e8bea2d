using System.Collections.Frozen;
using TradeGraph.Core.Querying;

namespace TradeGraph.Api.GraphQL.Schema;

/// <summary>
/// One operator of an operation filter input (<c>gt</c>, <c>ngt</c>, …): its field name, the Core comparison it applies
/// and whether it is that comparison's negation (Hot Chocolate's <c>n…</c> operators: a null value matches them), and
/// whether it takes a list of values.
/// </summary>
internal sealed record FilterOperator(string Name, ComparisonOperator Comparison, bool Negated, bool TakesList, string Description);

/// <summary>
/// One quantifier of a list filter (<c>some</c>, <c>none</c>, <c>all</c>): over a relationship list and over a list of
/// elements (aliases, citations), with the descriptions the schema prints for each.
/// </summary>
internal sealed record FilterQuantifier(
    string Name, RelationshipQuantifier Relationship, ListQuantifier List, string RelationshipDescription, string ElementDescriptionFormat)
{
    /// <summary>The description over a list of <paramref name="noun"/>s (<c>At least one alias matches.</c>).</summary>
    public string ElementDescription(string noun) => string.Format(System.Globalization.CultureInfo.InvariantCulture, ElementDescriptionFormat, noun);
}

/// <summary>
/// The operator names of every filter input (the logical and / or / not, the list quantifiers, the comparison operators),
/// declared once, in Hot Chocolate's names and field order
/// (<c>Data.Filters</c>' default convention). <see cref="QueryInputTypes"/> builds the inputs from these lists and
/// <see cref="QueryArgumentParser"/> reads them back through <see cref="ByName"/> and <see cref="QuantifierByName"/>, so an operator added here is in the
/// schema and understood by the parser; the stores see only <see cref="Filter"/>s (a negated operator is a
/// <see cref="Not"/> of its comparison, a rule that lives here once, not in each store).
/// </summary>
internal static class FilterConvention
{
    public const string And = "and";
    public const string Or = "or";
    public const string Not = "not";
    public const string IgnoreCase = "ignoreCase";

    /// <summary>A list filter's <c>any: Boolean</c> (Hot Chocolate's): whether there is at least one.</summary>
    public const string Any = "any";

    /// <summary>some / none / all, in the schema's field order.</summary>
    public static IReadOnlyList<FilterQuantifier> Quantifiers { get; } =
    [
        new("some", RelationshipQuantifier.Some, ListQuantifier.Some, "At least one matches.", "At least one {0} matches."),
        new("none", RelationshipQuantifier.None, ListQuantifier.None, "None matches.", "No {0} matches."),
        new("all", RelationshipQuantifier.All, ListQuantifier.All, "Every one matches (true when there are none).", "Every {0} matches."),
    ];

    /// <summary>Every quantifier by its field name.</summary>
    public static FrozenDictionary<string, FilterQuantifier> QuantifierByName { get; } =
        Quantifiers.ToFrozenDictionary(q => q.Name, StringComparer.Ordinal);

    public static readonly FilterOperator Eq = new("eq", ComparisonOperator.Equal, false, false, "Equal to.");
    public static readonly FilterOperator Neq = new("neq", ComparisonOperator.NotEqual, false, false, "Not equal to (null included).");
    public static readonly FilterOperator In = new("in", ComparisonOperator.In, false, true, "One of.");
    public static readonly FilterOperator Nin = new("nin", ComparisonOperator.NotIn, false, true, "None of (null included).");

    /// <summary>eq / neq: Boolean.</summary>
    public static IReadOnlyList<FilterOperator> Equality { get; } = [Eq, Neq];

    /// <summary>eq / neq / in / nin: enums and global ids.</summary>
    public static IReadOnlyList<FilterOperator> Membership { get; } = [Eq, Neq, In, Nin];

    /// <summary>Int, Float, Date: membership and the orderings with their negations.</summary>
    public static IReadOnlyList<FilterOperator> Comparable { get; } =
    [
        .. Membership,
        new("gt", ComparisonOperator.GreaterThan, false, false, "Greater than."),
        new("ngt", ComparisonOperator.GreaterThan, true, false, "Not greater than (null included)."),
        new("gte", ComparisonOperator.GreaterThanOrEqual, false, false, "Greater than or equal to."),
        new("ngte", ComparisonOperator.GreaterThanOrEqual, true, false, "Not greater than or equal to (null included)."),
        new("lt", ComparisonOperator.LessThan, false, false, "Less than."),
        new("nlt", ComparisonOperator.LessThan, true, false, "Not less than (null included)."),
        new("lte", ComparisonOperator.LessThanOrEqual, false, false, "Less than or equal to."),
        new("nlte", ComparisonOperator.LessThanOrEqual, true, false, "Not less than or equal to (null included)."),
    ];

    /// <summary>String: eq / neq, the substring operators with their negations, in / nin (after <c>and</c> / <c>or</c>).</summary>
    public static IReadOnlyList<FilterOperator> Text { get; } =
    [
        Eq, Neq,
        new("contains", ComparisonOperator.Contains, false, false, "Contains."),
        new("ncontains", ComparisonOperator.NotContains, false, false, "Does not contain (null included)."),
        In, Nin,
        new("startsWith", ComparisonOperator.StartsWith, false, false, "Starts with."),
        new("nstartsWith", ComparisonOperator.NotStartsWith, false, false, "Does not start with (null included)."),
        new("endsWith", ComparisonOperator.EndsWith, false, false, "Ends with."),
        new("nendsWith", ComparisonOperator.NotEndsWith, false, false, "Does not end with (null included)."),
    ];

    /// <summary>Every operator by its field name.</summary>
    public static FrozenDictionary<string, FilterOperator> ByName { get; } =
        Comparable.Concat(Text).DistinctBy(o => o.Name).ToFrozenDictionary(o => o.Name, StringComparer.Ordinal);
}
