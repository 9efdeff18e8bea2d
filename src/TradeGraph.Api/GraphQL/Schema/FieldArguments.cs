using GraphQL;

namespace TradeGraph.Api.GraphQL.Schema;

/// <summary>
/// A field's argument read straight from the values GraphQL.NET coerced for it. <c>GetArgument</c> first asks whether
/// the parent is an introspection type, runs the name converter and a reflection type test — a few percent of a cached
/// request's CPU for a page's six arguments; the values are already of the type asked for in our schema.
/// </summary>
internal static class FieldArguments
{
    /// <summary>The argument's value, or <paramref name="fallback"/> when it is absent or null; anything else converts as GetArgument does.</summary>
    public static T Argument<T>(this IResolveFieldContext context, string name, T fallback = default!) =>
        context.Arguments is not { } arguments || !arguments.TryGetValue(name, out var argument) || argument.Value is null
            ? fallback
            : argument.Value is T value ? value : context.GetArgument(name, fallback);
}
