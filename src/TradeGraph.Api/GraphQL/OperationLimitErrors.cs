using GraphQL.Validation;
using GraphQLParser.AST;
using TradeGraph.Api.GraphQL.Errors;

namespace TradeGraph.Api.GraphQL;

/// <summary>An operation over one of the limits in <see cref="CostOptions"/>, refused before anything runs, with a stable code.</summary>
public abstract class OperationLimitError : ValidationError
{
    protected OperationLimitError(ValidationContext context, ASTNode node, string code, string message)
        : base(context.Document.Source, null, message, node)
    {
        // Set, not derived from the class name, so renaming a class never changes what clients switch on.
        Code = code;
    }
}

public sealed class MaxDepthExceededError(ValidationContext context, string message)
    : OperationLimitError(context, context.Operation, ErrorCodes.MaxDepthExceeded, message);

public sealed class CostLimitExceededError(ValidationContext context, string message, HotChocolateCode? hotChocolate)
    : OperationLimitError(context, context.Operation, ErrorCodes.CostLimitExceeded, message), IHasHotChocolateCode
{
    public HotChocolateCode? HotChocolate { get; } = hotChocolate;
}

public sealed class MaxAliasesExceededError(ValidationContext context, string message)
    : OperationLimitError(context, context.Operation, ErrorCodes.MaxAliasesExceeded, message);

public sealed class MaxFragmentSpreadsExceededError(ValidationContext context, string message)
    : OperationLimitError(context, context.Operation, ErrorCodes.MaxFragmentSpreadsExceeded, message);

public sealed class MaxFieldSelectionsExceededError(ValidationContext context, string message)
    : OperationLimitError(context, context.Operation, ErrorCodes.MaxFieldSelectionsExceeded, message);

public sealed class MaxFragmentDepthExceededError(ValidationContext context, string message)
    : OperationLimitError(context, context.Operation, ErrorCodes.MaxFragmentDepthExceeded, message);

/// <summary>An introspection path nests a list field, or <c>ofType</c>, deeper than allowed (Hot Chocolate's HC0086).</summary>
public sealed class MaxIntrospectionDepthExceededError(ValidationContext context, GraphQLField field, string message)
    : OperationLimitError(context, field, ErrorCodes.MaxIntrospectionDepthExceeded, message);
