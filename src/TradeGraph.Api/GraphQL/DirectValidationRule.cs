using GraphQL.Validation;

namespace TradeGraph.Api.GraphQL;

/// <summary>
/// A rule whose checks need no document walk: GraphQL.NET's two hooks call the same checks a cached document runs
/// (<see cref="ICachedDocumentRule"/>), so a walked and a cached document are checked by one piece of code.
/// </summary>
public abstract class DirectValidationRule : ValidationRuleBase, ICachedDocumentRule
{
    public sealed override ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context)
    {
        CheckOperation(context);
        return default;
    }

    public sealed override ValueTask<INodeVisitor?> GetPostNodeVisitorAsync(ValidationContext context)
    {
        CheckArguments(context);
        return default;
    }

    /// <inheritdoc cref="ICachedDocumentRule.CheckOperation"/>
    public virtual void CheckOperation(ValidationContext context)
    {
    }

    /// <inheritdoc cref="ICachedDocumentRule.CheckArguments"/>
    public virtual void CheckArguments(ValidationContext context)
    {
    }
}
