using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;

namespace TradeGraph.Api.Startup;

/// <summary>
/// Kestrel's socket transport as this server runs it. By default Kestrel waits for data with a zero-byte receive before
/// it takes a buffer, so every request on a kept-alive connection costs a second receive call (one that finds nothing);
/// a buffer per connection is cheap next to that, so the receive reads into one at once.
/// </summary>
public static class SocketTransportSettings
{
    /// <summary>Kestrel's default (a zero-byte receive first, no buffer held by an idle connection) when true.</summary>
    public const string WaitForDataSetting = "Server:WaitForDataBeforeAllocatingBuffer";

    public static IServiceCollection AddSocketTransportSettings(this IServiceCollection services, IConfiguration configuration) =>
        services.Configure<SocketTransportOptions>(o => o.WaitForDataBeforeAllocatingBuffer = configuration.GetValue(WaitForDataSetting, false));
}
