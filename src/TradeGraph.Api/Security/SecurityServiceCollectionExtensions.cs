using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TradeGraph.Core.Model;

namespace TradeGraph.Api.Security;

public static class SecurityServiceCollectionExtensions
{
    // What UseAuthentication marks on the application builder; WebApplication adds its own UseAuthentication in front
    // of the pipeline unless the mark is there (not a public constant of ASP.NET Core).
    private const string AuthenticationMiddlewareSetKey = "__AuthenticationMiddlewareSet";

    private static readonly string[] KnownScopes = [Caller.Read, Caller.Write, Caller.Admin];

    /// <summary>API-key authentication and the access rule, with the configured keys checked at start-up.</summary>
    public static IServiceCollection AddApiKeys(this IServiceCollection services)
    {
        services.AddOptions<SecurityOptions>().BindConfiguration(SecurityOptions.SectionName)
            // A key left blank (no name, no hash: a template's empty slot, as in docker-compose.yml) is no key.
            .PostConfigure(o => o.ApiKeys.RemoveAll(k => string.IsNullOrWhiteSpace(k.Name) && string.IsNullOrWhiteSpace(k.Hash)))
            .Validate(o => o.ApiKeys.All(k => k.Hash.Length == 64 && k.Hash.All(char.IsAsciiHexDigit)),
                "Security:ApiKeys:*:Hash must be the 64 hex digits of a SHA-256 (run the service with `new-key` to make one).")
            .Validate(o => o.ApiKeys.All(k => !string.IsNullOrWhiteSpace(k.Name)), "Security:ApiKeys:*:Name is required (history records it).")
            .Validate(o => o.ApiKeys.All(k => !k.Name.Trim().Equals(Caller.Anonymous.Name, StringComparison.OrdinalIgnoreCase)),
                $"Security:ApiKeys:*:Name may not be '{Caller.Anonymous.Name}': history and live updates would not tell the key from callers without one.")
            .Validate(o => o.ApiKeys.Select(k => k.Name.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).Count() == o.ApiKeys.Count,
                "Security:ApiKeys:*:Name must be unique (history records who wrote by name).")
            .Validate(o => o.ApiKeys.All(k => k.Scopes.All(s => KnownScopes.Contains(s.ToLowerInvariant()))),
                "Security:ApiKeys:*:Scopes may hold read, write and admin.")
            .Validate<GraphModel>((o, model) => o.ApiKeys.All(k => k.Kinds.All(kind => model.TryGetKind(kind, out _))),
                "Security:ApiKeys:*:Kinds must name entity kinds of the model.")
            .ValidateOnStart();
        // The authentication core without AddAuthentication's data protection: a key is compared with its hash, nothing is
        // signed or encrypted, and the key ring it would load at every start (on a fresh machine or container: write, in
        // the home folder, unencrypted, with a warning) served nothing.
        services.AddAuthenticationCore(o => o.DefaultScheme = ApiKeyAuthenticationHandler.SchemeName).AddWebEncoders();
        services.TryAddSingleton(TimeProvider.System); // the scheme's options read their clock from it
        new AuthenticationBuilder(services)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddSingleton<AccessRule>();
        services.AddSingleton<GraphQLHttp.IGraphQLConnectionInitHandler, ApiKeyConnectionInit>();
        return services;
    }

    /// <summary>
    /// ASP.NET Core's authentication middleware for the requests that present a key (<c>X-Api-Key</c> or
    /// <c>Authorization: Bearer</c>), in place of the one WebApplication would add for every request: for a request
    /// without a key the handler answers no result, so the user stays anonymous either way, but resolving and running it
    /// cost every request ≈ 3 % of an executed query's CPU. Call it first, where WebApplication would have put it.
    /// </summary>
    public static IApplicationBuilder UseApiKeys(this IApplicationBuilder app)
    {
        app.Properties[AuthenticationMiddlewareSetKey] = true;
        return app.UseWhen(
            context => ApiKeyAuthenticationHandler.PresentedKey(context.Request.Headers) is not null,
            keyed => keyed.UseAuthentication());
    }
}
