using GraphQL.Validation;
using GraphQLParser.AST;

namespace TradeGraph.Api.GraphQL.Errors;

/// <summary>A refusal by <see cref="InputLimits"/>: an argument over one of its limits, coded by the kind of problem.</summary>
public abstract class InputLimitError : ValidationError
{
    protected InputLimitError(ValidationContext context, ASTNode node, string code, string message)
        : base(context.Document.Source, null, message, node)
    {
        // The base class would derive the code from the class name; the constants are what clients switch on.
        Code = code;
    }
}

/// <summary>A <c>where</c> argument sets more input fields than <see cref="InputLimitOptions.MaxFilterNodes"/>.</summary>
public sealed class FilterTooComplexError(ValidationContext context, ASTNode node, string message)
    : InputLimitError(context, node, ErrorCodes.FilterTooComplex, message);

/// <summary>A <c>where</c> argument nests more relationship hops than <see cref="InputLimitOptions.MaxFilterDepth"/>.</summary>
public sealed class FilterTooDeepError(ValidationContext context, ASTNode node, string message)
    : InputLimitError(context, node, ErrorCodes.FilterTooDeep, message);

/// <summary>An <c>and</c> / <c>or</c> or <c>in</c> / <c>nin</c> list over its length limit.</summary>
public sealed class FilterListTooLongError(ValidationContext context, ASTNode node, string message)
    : InputLimitError(context, node, ErrorCodes.FilterListTooLong, message);

/// <summary>A string operand or a search text over <see cref="InputLimitOptions.MaxStringLength"/> characters.</summary>
public sealed class ArgumentTooLongError(ValidationContext context, ASTNode node, string message)
    : InputLimitError(context, node, ErrorCodes.ArgumentTooLong, message);

/// <summary>An <c>order</c> argument with more keys than <see cref="InputLimitOptions.MaxSortKeys"/>.</summary>
public sealed class TooManySortKeysError(ValidationContext context, ASTNode node, string message)
    : InputLimitError(context, node, ErrorCodes.TooManySortKeys, message);

/// <summary>An <c>order</c> argument that names the same key twice.</summary>
public sealed class DuplicateSortKeyError(ValidationContext context, ASTNode node, string message)
    : InputLimitError(context, node, ErrorCodes.DuplicateSortKey, message);

/// <summary>A search text with too many distinct words, a word too long, or too many words for a fuzzy search.</summary>
public sealed class SearchTextTooLongError(ValidationContext context, ASTNode node, string message)
    : InputLimitError(context, node, ErrorCodes.SearchTextTooLong, message);
