using TradeGraph.Core.Storage;

namespace TradeGraph.Api.Tests.Hosting;

/// <summary>Puts a test's store (a <see cref="DelegatingGraphStore"/>) in front of the configured one.</summary>
public static class StoreWrapping
{
    /// <summary>Registers <typeparamref name="TStore"/>, made around the configured store, as itself and as the <see cref="IGraphStore"/>.</summary>
    public static IServiceCollection WrapGraphStore<TStore>(this IServiceCollection services, Func<IGraphStore, TStore> wrap)
        where TStore : class, IGraphStore
    {
        var original = services.Last(d => d.ServiceType == typeof(IGraphStore));
        services.Remove(original);
        services.AddSingleton(sp => wrap((IGraphStore)original.ImplementationFactory!(sp)));
        services.AddSingleton<IGraphStore>(sp => sp.GetRequiredService<TStore>());
        return services;
    }
}
