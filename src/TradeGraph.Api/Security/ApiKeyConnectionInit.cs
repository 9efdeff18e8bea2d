using System.Text.Json;
using Microsoft.Extensions.Options;
using TradeGraph.Api.GraphQLHttp;

namespace TradeGraph.Api.Security;

/// <summary>
/// API keys for WebSocket connections. Browsers cannot set headers on a WebSocket, so a client may send the key in the
/// <c>connection_init</c> payload (<c>{ "X-Api-Key": "…" }</c> or <c>{ "Authorization": "Bearer …" }</c>, any case);
/// otherwise the upgrade request's headers count. A bad key closes the connection (4403). The key is checked again against
/// the current configuration before every subscribe and whenever the configuration changes, so a revoked key stops
/// working on sockets already open.
/// </summary>
internal sealed class ApiKeyConnectionInit(IOptionsMonitor<SecurityOptions> security) : IGraphQLConnectionInitHandler
{
    public ValueTask<bool> OnConnectionInitAsync(HttpContext context, JsonElement? payload, CancellationToken cancellationToken) =>
        ReauthorizeAsync(context, payload, cancellationToken);

    /// <summary>Authenticates the key (from the payload, else the upgrade headers) with the keys configured now; no key is anonymous.</summary>
    public ValueTask<bool> ReauthorizeAsync(HttpContext context, JsonElement? payload, CancellationToken cancellationToken)
    {
        if ((KeyIn(payload) ?? ApiKeyAuthenticationHandler.PresentedKey(context.Request.Headers)) is not { } presented)
        {
            return ValueTask.FromResult(true);
        }

        if (ApiKeyAuthenticationHandler.Authenticate(security.CurrentValue, presented) is not { } principal)
        {
            return ValueTask.FromResult(false);
        }

        // Scopes and kinds as configured now.
        context.User = principal;
        return ValueTask.FromResult(true);
    }

    public IDisposable? WatchCredentials(Action changed) => security.OnChange((_, _) => changed());

    private static string? KeyIn(JsonElement? payload)
    {
        if (payload is not { ValueKind: JsonValueKind.Object } fields)
        {
            return null;
        }

        foreach (var field in fields.EnumerateObject().Where(f => f.Value.ValueKind == JsonValueKind.String))
        {
            var value = field.Value.GetString()!.Trim();
            if (field.Name.Equals(ApiKeyAuthenticationHandler.ApiKeyHeader, StringComparison.OrdinalIgnoreCase) && value.Length > 0)
            {
                return value;
            }

            if (field.Name.Equals("Authorization", StringComparison.OrdinalIgnoreCase) && value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            {
                return value[7..].Trim();
            }
        }

        return null;
    }
}
