using System.Globalization;
using GraphQL.Types;
using GraphQLParser.AST;

namespace TradeGraph.Api.GraphQL;

/// <summary>
/// The IBM GraphQL Cost Directives (<c>@cost</c>, <c>@listSize</c>) as Hot Chocolate defines and prints them: the same
/// names, arguments, types, defaults and descriptions, so a client or gateway that reads Hot Chocolate's SDL reads ours.
/// The values printed come from <see cref="CostModel"/>, which the estimate reads too.
/// </summary>
public static class CostDirectives
{
    public const string CostName = "cost";
    public const string ListSizeName = "listSize";

    public static Directive Cost() => new(CostName,
        DirectiveLocation.ArgumentDefinition, DirectiveLocation.Enum, DirectiveLocation.FieldDefinition,
        DirectiveLocation.InputFieldDefinition, DirectiveLocation.Object, DirectiveLocation.Scalar)
    {
        Description = "The purpose of the `cost` directive is to define a `weight` for GraphQL types, fields, and arguments. "
            + "Static analysis can use these weights when calculating the overall cost of a query or response.",
        Arguments = new QueryArguments(new QueryArgument<NonNullGraphType<StringGraphType>>
        {
            Name = "weight",
            Description = "The `weight` argument defines what value to add to the overall cost for every appearance, or possible appearance, of a type, field, argument, etc.",
        }),
    };

    public static Directive ListSize() => new(ListSizeName, DirectiveLocation.FieldDefinition)
    {
        Description = "The purpose of the `@listSize` directive is to either inform the static analysis about the size of returned lists "
            + "(if that information is statically available), or to point the analysis to where to find that information.",
        Arguments = new QueryArguments(
            new QueryArgument<IntGraphType>
            {
                Name = "assumedSize",
                Description = "The `assumedSize` argument can be used to statically define the maximum length of a list returned by a field.",
            },
            new QueryArgument<ListGraphType<NonNullGraphType<StringGraphType>>>
            {
                Name = "slicingArguments",
                Description = "The `slicingArguments` argument can be used to define which of the field's arguments with numeric type are slicing "
                    + "arguments, so that their value determines the size of the list returned by that field. It may specify a list of multiple slicing arguments.",
            },
            new QueryArgument<IntGraphType>
            {
                Name = "slicingArgumentDefaultValue",
                Description = "The `slicingArgumentDefaultValue` argument can be used to define a default value for a slicing argument, "
                    + "which is used if the argument is not present in a query.",
            },
            new QueryArgument<ListGraphType<NonNullGraphType<StringGraphType>>>
            {
                Name = "sizedFields",
                Description = "The `sizedFields` argument can be used to define that the value of the `assumedSize` argument or of a slicing "
                    + "argument does not affect the size of a list returned by a field itself, but that of a list returned by one of its sub-fields.",
            },
            new QueryArgument<NonNullGraphType<BooleanGraphType>>
            {
                Name = "requireOneSlicingArgument",
                DefaultValue = true,
                Description = "The `requireOneSlicingArgument` argument can be used to inform the static analysis that it should expect that "
                    + "exactly one of the defined slicing arguments is present in a query. If that is not the case (i.e., if none or multiple "
                    + "slicing arguments are present), the static analysis may throw an error.",
            }),
    };

    /// <summary>A weight as Hot Chocolate prints it: a string, invariant culture ("10", "0.5").</summary>
    public static string FormatWeight(double weight) => weight.ToString(CultureInfo.InvariantCulture);
}
