using GraphQL.Types;

namespace TradeGraph.Api.GraphQL.Schema.Filtering;

/// <summary>
/// <c>{Scalar}OperationFilterInput</c>: the operators <see cref="FilterConvention"/> gives a scalar, as Hot Chocolate's
/// operation inputs — over a built-in scalar (Int, Float, ID, Boolean) or one of the schema's own (Date, an enum).
/// </summary>
internal sealed class OperationFilterInputGraphType : InputObjectGraphType
{
    private OperationFilterInputGraphType(string name, string description)
    {
        Name = name;
        Description = description;
    }

    /// <summary>Over a built-in scalar, named by its graph type.</summary>
    public static OperationFilterInputGraphType Of<TScalar>(string name, string description, IReadOnlyList<FilterOperator> operators)
        where TScalar : ScalarGraphType
    {
        var input = new OperationFilterInputGraphType(name, description);
        AddOperators<TScalar>(input, operators);
        return input;
    }

    /// <summary>
    /// Over one of the schema's own types (an enum, Date). Enum lists take non-null items (<c>in: [MeetingFormat!]</c>), as
    /// Hot Chocolate's <c>EnumOperationFilterInput</c>.
    /// </summary>
    public static OperationFilterInputGraphType Of(string name, string description, IReadOnlyList<FilterOperator> operators, IGraphType scalar,
        bool nonNullItems = false)
    {
        var input = new OperationFilterInputGraphType(name, description);
        var item = nonNullItems ? new NonNullGraphType(scalar) : scalar;
        foreach (var op in operators)
        {
            input.Field(op.Name, op.TakesList ? new ListGraphType(item) : scalar).Description(op.Description);
        }

        return input;
    }

    /// <summary>Each operator as a field over <typeparamref name="TScalar"/> (a list of it for in / nin).</summary>
    public static void AddOperators<TScalar>(InputObjectGraphType input, IReadOnlyList<FilterOperator> operators)
        where TScalar : ScalarGraphType
    {
        foreach (var op in operators)
        {
            input.Field(op.Name, op.TakesList ? typeof(ListGraphType<TScalar>) : typeof(TScalar)).Description(op.Description);
        }
    }
}
