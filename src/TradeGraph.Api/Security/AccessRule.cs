using GraphQL.Types;
using GraphQL.Validation;
using GraphQLParser.AST;
using Microsoft.Extensions.Options;
using TradeGraph.Api.GraphQL;
using TradeGraph.Api.GraphQL.Errors;

namespace TradeGraph.Api.Security;

/// <summary>
/// Refuses an operation the caller may not run before anything executes: a bad key always; a mutation without the
/// write scope; a query or subscription without the read scope when reads require a key; and a mutation document any
/// of whose root fields (or <c>applyChanges</c> items, from literals or variables) names a kind the key may not write,
/// so no field of it commits. A validation rule, so it also runs for cached documents. The transport answers
/// UNAUTHENTICATED with 401 and FORBIDDEN with 403.
/// </summary>
internal sealed class AccessRule(IOptionsMonitor<SecurityOptions> security) : DirectValidationRule
{
    /// <summary>Metadata on a Mutation field: the entity kinds (string[]) it writes, for keys limited to kinds.</summary>
    public const string WritesKindsMetadata = "tradegraph.writesKinds";

    /// <summary>Metadata on a Mutation field whose <c>input.changes</c> items each name a Mutation field (applyChanges).</summary>
    public const string WritesChangesMetadata = "tradegraph.writesChanges";

    /// <summary>Why <paramref name="caller"/> may not run an operation of <paramref name="operation"/> type now; null when it may.</summary>
    public AccessRefusal? Refusal(Caller caller, OperationType operation)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var needed = operation == OperationType.Mutation ? Caller.Write
            : security.CurrentValue.ReadsRequireKey ? Caller.Read
            : null;
        if (caller.PresentedInvalidKey)
        {
            return new AccessRefusal(ErrorCodes.Unauthenticated, "The API key is not valid.");
        }

        if (needed is null || caller.Has(needed))
        {
            return null;
        }

        var what = needed == Caller.Write ? "Writes" : "Reads";
        return caller.IsAuthenticated
            ? new AccessRefusal(ErrorCodes.Forbidden, $"The key '{caller.Name}' has no {needed} scope.")
            : new AccessRefusal(ErrorCodes.Unauthenticated,
                $"{what} need an API key with the {needed} scope: send it as `Authorization: Bearer <key>` or `X-Api-Key: <key>`.");
    }


    /// <summary>After variables are parsed: the kinds every root mutation field writes, checked against a key limited to kinds.</summary>
    /// <summary>The caller's key and scopes against the operation's type.</summary>
    public override void CheckOperation(ValidationContext context)
    {
        if (Refusal(CallerOf(context), context.Operation.Operation) is { } refusal)
        {
            context.ReportError(new AccessError(context, context.Operation, refusal.Code, refusal.Message));
        }
    }

    public override void CheckArguments(ValidationContext context)
    {
        var caller = CallerOf(context);
        if (context.Operation.Operation != OperationType.Mutation || !caller.Has(Caller.Write) || caller.Kinds.Count == 0
            || context.Schema.Mutation is not { } mutation)
        {
            return;
        }

        foreach (var field in RootFields(context, context.Operation.SelectionSet, []))
        {
            var refused = KindsWritten(context, mutation, field).Where(k => !caller.MayWrite(k)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            if (refused.Count > 0)
            {
                var name = field.Alias?.Name.StringValue ?? field.Name.StringValue;
                context.ReportError(new AccessError(context, field, ErrorCodes.Forbidden,
                    $"The key '{caller.Name}' may not write {string.Join(", ", refused)} (field `{name}`; it may write "
                    + $"{string.Join(", ", caller.Kinds.Order(StringComparer.Ordinal))}); nothing of this document was run."));
            }
        }
    }

    private static Caller CallerOf(ValidationContext context) =>
        context.UserContext.TryGetValue(Caller.ContextKey, out var value) && value is Caller known ? known : Caller.Anonymous;

    /// <summary>The root fields of a selection set, through fragment spreads and inline fragments.</summary>
    private static IEnumerable<GraphQLField> RootFields(ValidationContext context, GraphQLSelectionSet selectionSet, HashSet<string> visitedFragments)
    {
        foreach (var selection in selectionSet.Selections)
        {
            var nested = selection switch
            {
                GraphQLField field => [field],
                GraphQLInlineFragment inline => RootFields(context, inline.SelectionSet, visitedFragments),
                GraphQLFragmentSpread spread when visitedFragments.Add(spread.FragmentName.Name.StringValue)
                    && context.Document.Definitions.OfType<GraphQLFragmentDefinition>()
                        .FirstOrDefault(f => f.FragmentName.Name == spread.FragmentName.Name) is { } fragment
                    => RootFields(context, fragment.SelectionSet, visitedFragments),
                _ => [],
            };
            foreach (var field in nested)
            {
                yield return field;
            }
        }
    }

    /// <summary>The kinds a root mutation field writes: its own, or for applyChanges those of each item's field.</summary>
    private static IEnumerable<string> KindsWritten(ValidationContext context, IObjectGraphType mutation, GraphQLField node)
    {
        if (mutation.GetField(node.Name.StringValue) is not { } field)
        {
            return [];
        }

        if (!field.GetMetadata(WritesChangesMetadata, false))
        {
            return field.GetMetadata<string[]>(WritesKindsMetadata) ?? [];
        }

        // The parsed argument, whether the items came as literals or through variables.
        var changes = context.ArgumentValues is { } arguments && arguments.TryGetValue(node, out var values)
            && values.TryGetValue("input", out var input) && input.Value is IDictionary<string, object?> fields
            && fields.TryGetValue("changes", out var items) && items is IEnumerable<object?> list
            ? list.OfType<IDictionary<string, object?>>()
            : [];
        return changes
            .SelectMany(change => change.Where(c => c.Value is not null).Select(c => c.Key))
            .SelectMany(item => mutation.GetField(item)?.GetMetadata<string[]>(WritesKindsMetadata) ?? []);
    }
}

/// <summary>Why an operation is refused: UNAUTHENTICATED or FORBIDDEN, and a message.</summary>
internal sealed record AccessRefusal(string Code, string Message);

/// <summary>The refusal <see cref="AccessRule"/> reports, coded UNAUTHENTICATED or FORBIDDEN.</summary>
internal sealed class AccessError : ValidationError
{
    public AccessError(ValidationContext context, ASTNode node, string code, string message)
        : base(context.Document.Source, null, message, node)
    {
        // The base class would derive the code from the class name; clients switch on these two.
        Code = code;
    }
}
