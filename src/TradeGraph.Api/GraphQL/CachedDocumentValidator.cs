using System.Runtime.CompilerServices;
using GraphQL.Types;
using GraphQL.Validation;
using GraphQLParser.AST;

namespace TradeGraph.Api.GraphQL;

/// <summary>
/// GraphQL.NET's document validator, except for a document served from the <see cref="DocumentCache"/>: that document
/// passed the rules that depend on it alone, so only <see cref="CachedDocumentRules"/> run again, as direct checks
/// (<see cref="ICachedDocumentRule"/>) rather than visitors of a full document walk. The variables and arguments are still
/// parsed by GraphQL.NET (given no rules, it parses them without walking for visitors); the checks keep the rules' order
/// and their refusal before parsing.
/// <para>
/// The variable usages (which variable feeds which input type) depend on the document alone, yet GraphQL.NET finds them
/// with a full typed walk of the operation on every request (a quarter of a key lookup's CPU): they are found once per
/// cached operation and handed to GraphQL.NET's own context, so its variable coercion runs unchanged.
/// </para>
/// </summary>
internal sealed class CachedDocumentValidator : IDocumentValidator
{
    private readonly DocumentValidator inner = new();
    private readonly ConditionalWeakTable<GraphQLOperationDefinition, KnownUsages> usagesByOperation = [];
    private int usageWalks;

    /// <summary>How many times an operation was walked for its variable usages (once per cached operation and schema).</summary>
    internal int UsageWalks => Volatile.Read(ref usageWalks);

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

        var parsed = await ValidatorFor(options).ValidateAsync(options with { Rules = [] });
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

    /// <summary>
    /// A validator whose context already knows the operation's variable usages (GraphQL.NET looks them up by operation
    /// before walking for them); an operation without variables needs none, so the shared validator serves it.
    /// </summary>
    private IDocumentValidator ValidatorFor(ValidationOptions options)
    {
        if (options.Operation.Variables is not { Count: > 0 })
        {
            return inner;
        }

        var schema = options.Schema;
        var document = options.Document;
        var known = usagesByOperation.GetValue(options.Operation, operation => FindUsages(schema, document, operation));
        if (!ReferenceEquals(known.Schema, options.Schema))
        {
            return inner;
        }

        var context = new ValidationContext();
        GraphQLNetInternals.VariableUsages(context)[options.Operation] = known.Usages;
        var validator = new DocumentValidator();
        GraphQLNetInternals.ReusableContext(validator) = context;
        return validator;
    }

    private KnownUsages FindUsages(ISchema schema, GraphQLDocument document, GraphQLOperationDefinition operation)
    {
        Interlocked.Increment(ref usageWalks);
        var context = new ValidationContext { Schema = schema, Document = document, Operation = operation, TypeInfo = new TypeInfo(schema) };
        return new KnownUsages(schema, context.GetRecursiveVariables(operation));
    }

    /// <summary>An operation's variable usages, read only once found, and the schema they were found against.</summary>
    private sealed record KnownUsages(ISchema Schema, List<VariableUsage>? Usages);

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
