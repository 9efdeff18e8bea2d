using GraphQL.Types;
using GraphQLParser.AST;

namespace TradeGraph.Api.GraphQL.Schema;

/// <summary>
/// A scalar written as a string (a date, a date and time): a literal or a variable's string goes through
/// <see cref="Parse"/>, a value already of <typeparamref name="T"/> passes as it is, null stays null.
/// </summary>
public abstract class StringScalarGraphType<T> : ScalarGraphType
    where T : struct
{
    public override object? ParseLiteral(GraphQLValue value) => value switch
    {
        GraphQLStringValue s => Parse((string)s.Value),
        GraphQLNullValue => null,
        _ => ThrowLiteralConversionError(value),
    };

    public override object? ParseValue(object? value) => value switch
    {
        string s => Parse(s),
        T typed => typed,
        null => null,
        _ => ThrowValueConversionError(value),
    };

    /// <summary>The value <paramref name="text"/> writes; a <see cref="FormatException"/> saying what is expected otherwise.</summary>
    protected abstract T Parse(string text);
}
