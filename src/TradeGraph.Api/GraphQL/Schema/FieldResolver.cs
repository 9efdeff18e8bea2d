using GraphQL;
using GraphQL.Resolvers;

namespace TradeGraph.Api.GraphQL.Schema;

/// <summary>A resolver from a delegate; the generated types are built at run time, so their fields take delegates.</summary>
internal sealed class FieldResolver(Func<IResolveFieldContext, object?> resolve) : IFieldResolver
{
    public ValueTask<object?> ResolveAsync(IResolveFieldContext context) => new(resolve(context));
}

/// <summary>An asynchronous resolver from a delegate.</summary>
internal sealed class AsyncFieldResolver(Func<IResolveFieldContext, Task<object?>> resolve) : IFieldResolver
{
    public async ValueTask<object?> ResolveAsync(IResolveFieldContext context) => await resolve(context);
}
