using GraphQL.Validation;
using GraphQLParser.AST;

namespace TradeGraph.Api.GraphQL;

/// <summary>
/// GraphQL.NET's document validator, except for a document served from the <see cref="DocumentCache"/>: that document
/// passed the rules that depend on it alone, so only <see cref="CachedDocumentRules"/> run again, as direct checks
/// (<see cref="ICachedDocumentRule"/>) rather than visitors of a full document walk. The variables and arguments are still
/// parsed by GraphQL.NET (given no rules, it parses them without walking for visitors); the checks keep the rules' order
/// and their refusal before parsing.
/// </summary>
internal sealed class CachedDocumentValidator : IDocumentValidator
{
    private readonly DocumentValidator inner = new();

    public Task<IValidationResult> ValidateAsync(in ValidationOptions options) =>
        options.Rules is CachedDocumentRules cached ? ValidateCachedAsync(options, cached) : inner.ValidateAsync(options);

    private async Task<IValidationResult> ValidateCachedAsync(ValidationOptions options, CachedDocumentRules cached)
    {
        var context = new ValidationContext
        {
            Schema = options.Schema,
            Document = options.Document,
            Operation = options.Operation,
            UserContext = options.UserContext,
            Variables = options.Variables,
            Extensions = options.Extensions,
            Metrics = options.Metrics,
            RequestServices = options.RequestServices,
            User = options.User,
            CancellationToken = options.CancellationToken,
            TypeInfo = new TypeInfo(options.Schema),
        };
        foreach (var rule in cached.Rules)
        {
            rule.CheckOperation(context);
        }

        if (context.HasErrors)
        {
            return new ValidationResult(context.Errors);
        }

        var parsed = await inner.ValidateAsync(options with { Rules = [] });
        if (!parsed.IsValid)
        {
            return parsed;
        }

        context.ArgumentValues = Writable(parsed.ArgumentValues);
        context.DirectiveValues = Writable(parsed.DirectiveValues);
        foreach (var rule in cached.Rules)
        {
            rule.CheckArguments(context);
        }

        return context.HasErrors
            ? new ValidationResult(context.Errors) { Variables = parsed.Variables, ArgumentValues = parsed.ArgumentValues, DirectiveValues = parsed.DirectiveValues }
            : parsed;
    }

    // GraphQL.NET hands out the dictionaries its context filled; the context's properties want them as such.
    private static Dictionary<TKey, TValue>? Writable<TKey, TValue>(IReadOnlyDictionary<TKey, TValue>? values)
        where TKey : ASTNode =>
        values switch
        {
            null => null,
            Dictionary<TKey, TValue> dictionary => dictionary,
            _ => values.ToDictionary(),
        };
}
