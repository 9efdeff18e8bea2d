using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace TradeGraph.Api.Security;

/// <summary>
/// ASP.NET Core authentication from an API key in <c>Authorization: Bearer &lt;key&gt;</c> or <c>X-Api-Key</c>.
/// The presented key is hashed and compared in fixed time with each configured hash. No key: no result (anonymous);
/// a key that matches nothing: failure, which the GraphQL transport answers with 401 UNAUTHENTICATED.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptionsMonitor<SecurityOptions> security)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string ApiKeyHeader = "X-Api-Key";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = PresentedKey(Request.Headers);
        if (presented is null)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        return Task.FromResult(Authenticate(security.CurrentValue, presented) is { } principal
            ? AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName))
            : AuthenticateResult.Fail("The API key is not valid."));
    }

    /// <summary>The principal of the configured key <paramref name="presented"/> is, compared by hash in fixed time; null when none.</summary>
    public static ClaimsPrincipal? Authenticate(SecurityOptions security, string presented)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        foreach (var key in security.ApiKeys)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, Convert.FromHexString(key.Hash)))
            {
                return new ClaimsPrincipal(new ClaimsIdentity(Caller.Claims(key), SchemeName, ClaimTypes.Name, Caller.ScopeClaim));
            }
        }

        return null;
    }

    /// <summary>The key from <c>X-Api-Key</c>, else from <c>Authorization: Bearer</c>; null when neither is sent.</summary>
    public static string? PresentedKey(IHeaderDictionary headers)
    {
        var apiKey = headers[ApiKeyHeader].ToString();
        if (!string.IsNullOrWhiteSpace(apiKey))
        {
            return apiKey.Trim();
        }

        var authorization = headers[HeaderNames.Authorization].ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && authorization.Length > 7
            ? authorization[7..].Trim()
            : null;
    }

    /// <summary>The hash to put in configuration for a key.</summary>
    public static string HashOf(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
