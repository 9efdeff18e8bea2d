using GraphQL.Validation;

namespace TradeGraph.Api.GraphQL;

/// <summary>
/// A validation rule that does nothing once the request is already refused before the walk: by the method or access
/// rule, or by <see cref="DocumentShapeLimits"/>, which all come first. GraphQL.NET calls every rule's visitor whatever
/// the errors so far, and its overlapping-fields rule is quadratic: wrapped, the core rules never see a refused request
/// or a document over the shape limits.
/// </summary>
internal sealed class SkippedOnceRefused(IValidationRule rule) : IValidationRule
{
    public static IValidationRule[] Wrap(IEnumerable<IValidationRule> rules) => [.. rules.Select(r => new SkippedOnceRefused(r))];

    public ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context) =>
        context.HasErrors ? default : rule.GetPreNodeVisitorAsync(context);

    public ValueTask<IVariableVisitor?> GetVariableVisitorAsync(ValidationContext context) =>
        context.HasErrors ? default : rule.GetVariableVisitorAsync(context);

    public ValueTask<INodeVisitor?> GetPostNodeVisitorAsync(ValidationContext context) => rule.GetPostNodeVisitorAsync(context);
}
