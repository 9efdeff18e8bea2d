using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;

namespace TradeGraph.Api.Startup;

/// <summary>
/// Kestrel's socket transport options from the <c>SocketTransport</c> section (for example
/// <c>SocketTransport:UnsafePreferInlineScheduling</c>), so a deployment can set them and the bench can measure them
/// without a rebuild. Unset keys keep Kestrel's defaults.
/// </summary>
public static class SocketTransportSettings
{
    public const string SectionName = "SocketTransport";

    public static IServiceCollection AddSocketTransportSettings(this IServiceCollection services, IConfiguration configuration) =>
        services.Configure<SocketTransportOptions>(configuration.GetSection(SectionName));
}
