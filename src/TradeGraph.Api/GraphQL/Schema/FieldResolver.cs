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
/// A resolver that reads its value from the field's typed source alone. GraphQL.NET's typed <c>Resolve(c =&gt; …)</c> wraps
/// every call in a shared adapter context taken and given back with interlocked exchanges; the connection and page-info
/// fields run for every page of every request, so they read the source directly.
/// </summary>
internal sealed class SourceFieldResolver<TSource>(Func<TSource, object?> read) : IFieldResolver
{
    public ValueTask<object?> ResolveAsync(IResolveFieldContext context) => new(read((TSource)context.Source!));
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

/// <summary>The typed classes' way to a resolver that only reads its source.</summary>
internal static class SourceResolve
{
    /// <summary>The typed classes' way to a resolver that only reads its source (<see cref="SourceFieldResolver{TSource}"/>).</summary>
    public static FieldBuilder<TSource, TReturn> ResolveFromSource<TSource, TReturn>(this FieldBuilder<TSource, TReturn> field, Func<TSource, object?> read) =>
        field.Resolve(new SourceFieldResolver<TSource>(read));
}
