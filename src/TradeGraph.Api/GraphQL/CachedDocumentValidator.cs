using System.Runtime.CompilerServices;
using GraphQL.Types;
using GraphQL.Validation;
using GraphQLParser.AST;

namespace TradeGraph.Api.GraphQL;

/// <summary>
/// GraphQL.NET's document validator, except for a document served from the <see cref="DocumentCache"/>: that document
/// passed the rules that depend on it alone, so only <see cref="CachedDocumentRules"/> run again, as direct checks
/// (<see cref="ICachedDocumentRule"/>) rather than visitors of a full document walk; the checks keep the rules' order
/// and their refusal before parsing.
/// <para>
/// The variable usages (which variable feeds which input type) and the fields that take arguments depend on the document
/// alone, yet GraphQL.NET finds them with two typed walks of the operation on every request (together about a third of a
/// cached request's CPU): they are found once per cached operation (<see cref="ArgumentPlan"/>); GraphQL.NET's own
/// variable coercion and argument coercion then run on them unchanged.
/// </para>
/// </summary>
internal sealed class CachedDocumentValidator : IDocumentValidator
{
    private readonly DocumentValidator inner = new();
    private readonly ConditionalWeakTable<GraphQLOperationDefinition, ArgumentPlan> plansByOperation = [];
    private int usageWalks;

    /// <summary>How many times an operation was walked for its variable usages and arguments (once per cached operation and schema).</summary>
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

        var parsed = await ParseAsync(context, options);
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
    /// The variables and arguments as GraphQL.NET's validator parses them given no rules, with the operation's
    /// <see cref="ArgumentPlan"/> instead of its two walks (variable usages, argument parsing).
    /// </summary>
    private async Task<IValidationResult> ParseAsync(ValidationContext context, ValidationOptions options)
    {
        var plan = plansByOperation.GetValue(options.Operation, operation => FindPlan(options.Schema, options.Document, operation));
        if (!ReferenceEquals(plan.Schema, options.Schema))
        {
            return await inner.ValidateAsync(options with { Rules = [] });
        }

        if (options.Operation.Variables is { Count: > 0 })
        {
            GraphQLNetInternals.VariableUsages(context)[options.Operation] = plan.Usages;
        }

        var (variables, errors) = await context.GetVariablesValuesAsync();
        foreach (var error in errors ?? [])
        {
            context.ReportError(error);
        }

        if (context.HasErrors)
        {
            return new ValidationResult(context.Errors) { Variables = variables };
        }

        var (arguments, directives) = plan.Parse(context, variables);
        return new ValidationResult(context.Errors) { Variables = variables, ArgumentValues = arguments, DirectiveValues = directives };
    }

    private ArgumentPlan FindPlan(ISchema schema, GraphQLDocument document, GraphQLOperationDefinition operation)
    {
        Interlocked.Increment(ref usageWalks);
        return ArgumentPlan.Find(schema, document, operation);
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
