using GraphQL;
using GraphQL.Builders;
using GraphQL.Resolvers;

namespace TradeGraph.Api.GraphQL.Schema;

/// <summary>A resolver from a delegate; the generated types are built at run time, so their fields take delegates.</summary>
internal sealed class FieldResolver(Func<IResolveFieldContext, object?> resolve) : IFieldResolver
{
    public ValueTask<object?> ResolveAsync(IResolveFieldContext context) => new(resolve(context));
}

/// <summary>
/// A resolver that awaits the store or a service: the cost model weighs its field as Hot Chocolate weighs an asynchronous
/// resolver (<see cref="CostModel"/>).
/// </summary>
internal interface IAwaitingFieldResolver : IFieldResolver;

/// <summary>An asynchronous resolver from a delegate.</summary>
internal sealed class AsyncFieldResolver(Func<IResolveFieldContext, Task<object?>> resolve) : IAwaitingFieldResolver
{
    public async ValueTask<object?> ResolveAsync(IResolveFieldContext context) => await resolve(context);
}

/// <summary>An asynchronous resolver over a typed source, for the typed graph types (<see cref="AwaitingResolve"/>).</summary>
internal sealed class AsyncFieldResolver<TSource>(Func<TSource, IResolveFieldContext, Task<object?>> resolve) : IAwaitingFieldResolver
{
    public async ValueTask<object?> ResolveAsync(IResolveFieldContext context) => await resolve((TSource)context.Source!, context);
}

/// <summary>The typed classes' way to a resolver that awaits the store or a service (weighed as one by the cost model).</summary>
internal static class AwaitingResolve
{
    public static FieldBuilder<TSource, TReturn> ResolveAwaiting<TSource, TReturn>(
        this FieldBuilder<TSource, TReturn> field, Func<TSource, IResolveFieldContext, Task<object?>> resolve) =>
        field.Resolve(new AsyncFieldResolver<TSource>(resolve));
}
