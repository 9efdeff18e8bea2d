using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Options;

namespace TradeGraph.Api.Cors;

/// <summary>Cross-origin access for browsers on other origins. Off (no origins) by default.</summary>
public sealed class CorsSettings
{
    public const string SectionName = "Cors";

    /// <summary>Origins allowed to call (<c>https://app.example.com</c>), or <c>*</c> for any; empty turns CORS off.</summary>
    public List<string> AllowedOrigins { get; set; } = [];

    /// <summary>Methods a cross-origin request may use; unset means GET and POST.</summary>
    public List<string>? AllowedMethods { get; set; }

    /// <summary>Request headers a cross-origin request may send; unset means those the API reads (see <see cref="DefaultHeaders"/>).</summary>
    public List<string>? AllowedHeaders { get; set; }

    /// <summary>Whether browsers may send cookies or HTTP authentication along (never with <c>*</c>); API keys travel in headers, so off.</summary>
    public bool AllowCredentials { get; set; }

    /// <summary>How long a browser may keep a preflight's answer.</summary>
    [Range(0, 86_400)]
    public int PreflightMaxAgeSeconds { get; set; } = 600;

    public static IReadOnlyList<string> DefaultMethods { get; } = ["GET", "POST"];

    public static IReadOnlyList<string> DefaultHeaders { get; } =
        ["Content-Type", "Accept", "Authorization", "X-Api-Key", "GraphQL-Cost", "If-None-Match", "traceparent", "tracestate"];
}

/// <summary>
/// One named CORS policy (<see cref="PolicyName"/>) from <see cref="CorsSettings"/>, applied by ASP.NET Core's CORS
/// middleware to the endpoints that ask for it (<see cref="RequireTradeGraphCors"/>: /graphql, and /mcp when it exists). With no allowed origins the middleware is not added at all, so nothing changes.
/// </summary>
public static class TradeGraphCors
{
    public const string PolicyName = "TradeGraph";

    public static IServiceCollection AddTradeGraphCors(this IServiceCollection services)
    {
        services.AddOptions<CorsSettings>().BindConfiguration(CorsSettings.SectionName).ValidateDataAnnotations()
            .Validate(s => !(s.AllowCredentials && s.AllowedOrigins.Contains("*")), "Cors:AllowCredentials cannot be used with the origin *.")
            .ValidateOnStart();
        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<IOptions<CorsSettings>>((cors, settings) => cors.AddPolicy(PolicyName, policy => Build(policy, settings.Value)));
        return services;
    }

    /// <summary>Adds the CORS middleware when origins are configured.</summary>
    public static IApplicationBuilder UseTradeGraphCors(this IApplicationBuilder app) =>
        IsOn(app.ApplicationServices) ? app.UseCors() : app;

    /// <summary>
    /// Applies the policy to an endpoint when CORS is on (ASP.NET refuses to run an endpoint asking for CORS without the
    /// middleware, so with CORS off the endpoint asks for nothing).
    /// </summary>
    public static TBuilder RequireTradeGraphCors<TBuilder>(this TBuilder endpoint, IServiceProvider services)
        where TBuilder : IEndpointConventionBuilder =>
        IsOn(services) ? endpoint.RequireCors(PolicyName) : endpoint;

    private static bool IsOn(IServiceProvider services) => services.GetRequiredService<IOptions<CorsSettings>>().Value.AllowedOrigins.Count > 0;

    private static void Build(CorsPolicyBuilder policy, CorsSettings settings)
    {
        _ = settings.AllowedOrigins.Contains("*") ? policy.AllowAnyOrigin() : policy.WithOrigins([.. settings.AllowedOrigins]);
        policy.WithMethods([.. settings.AllowedMethods is { Count: > 0 } methods ? (IReadOnlyList<string>)methods : CorsSettings.DefaultMethods])
            .WithHeaders([.. settings.AllowedHeaders is { Count: > 0 } headers ? (IReadOnlyList<string>)headers : CorsSettings.DefaultHeaders])
            .WithExposedHeaders("ETag")
            .SetPreflightMaxAge(TimeSpan.FromSeconds(settings.PreflightMaxAgeSeconds));
        _ = settings.AllowCredentials ? policy.AllowCredentials() : policy.DisallowCredentials();
    }
}
