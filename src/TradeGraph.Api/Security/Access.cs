using GraphQL;
using TradeGraph.Api.GraphQL.Errors;

namespace TradeGraph.Api.Security;

/// <summary>Checks in resolvers for what a validation rule cannot see: which kinds a write touches.</summary>
internal static class Access
{
    public static Caller CallerOf(IResolveFieldContext context) =>
        context.UserContext.TryGetValue(Caller.ContextKey, out var value) && value is Caller caller ? caller : Caller.Anonymous;

    /// <summary>The caller, when it may write every kind named; otherwise a FORBIDDEN (or UNAUTHENTICATED) error.</summary>
    public static Caller RequireKinds(IResolveFieldContext context, IEnumerable<string> kinds)
    {
        var caller = CallerOf(context);
        if (!caller.Has(Caller.Write))
        {
            throw new TradeGraphError(caller.IsAuthenticated ? ErrorCodes.Forbidden : ErrorCodes.Unauthenticated,
                "Writes need an API key with the write scope.");
        }

        var refused = kinds.Where(k => !caller.MayWrite(k)).Distinct().ToList();
        return refused.Count == 0
            ? caller
            : throw new TradeGraphError(ErrorCodes.Forbidden,
                $"The key '{caller.Name}' may not write {string.Join(", ", refused)} (it may write {string.Join(", ", caller.Kinds)}).");
    }
}
