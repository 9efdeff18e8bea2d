using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace TradeGraph.Api.Security;

/// <summary>
/// Headers every response carries, and those of answers that depend on the caller: no MIME sniffing anywhere, no
/// server banner, and answers of the GraphQL, SDL and export routes neither stored by a shared cache nor served to a
/// caller with another key (they vary by the key headers).
/// </summary>
public static class HttpHardening
{
    private const string CallerHeaders = "Authorization, " + ApiKeyAuthenticationHandler.ApiKeyHeader;

    /// <summary>Drops Kestrel's <c>Server</c> header.</summary>
    public static IServiceCollection AddHttpHardening(this IServiceCollection services) =>
        services.Configure<KestrelServerOptions>(o => o.AddServerHeader = false);

    /// <summary>
    /// Adds names to the <c>Vary</c> header, keeping those already there (CORS's <c>Origin</c>, an ETag's <c>Accept</c>).
    /// <paramref name="names"/> as a header holds them: comma and space between, each once.
    /// </summary>
    public static void AddVary(IHeaderDictionary headers, string names)
    {
        if (headers.Vary.Count == 0)
        {
            // Nothing to keep: the names as given, without splitting and joining (every request of a caller-dependent route).
            headers.Vary = names;
            return;
        }

        var known = headers.Vary.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList();
        foreach (var name in names.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!known.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                known.Add(name);
            }
        }

        headers.Vary = string.Join(", ", known);
    }

    /// <param name="app">The pipeline.</param>
    /// <param name="callerDependentPaths">Routes whose answers depend on the caller's key (exact paths).</param>
    public static IApplicationBuilder UseHttpHardening(this IApplicationBuilder app, params string[] callerDependentPaths)
    {
        // One callback for the application, the request as its state: no closure per request.
        var headers = new ResponseHeaders(callerDependentPaths.ToHashSet(StringComparer.OrdinalIgnoreCase));
        Func<object, Task> apply = headers.Apply;
        return app.Use((context, next) =>
        {
            context.Response.OnStarting(apply, context);
            return next(context);
        });
    }

    private sealed class ResponseHeaders(HashSet<string> callerDependentPaths)
    {
        public Task Apply(object state)
        {
            var context = (HttpContext)state;
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            if (callerDependentPaths.Contains(context.Request.Path.Value?.TrimEnd('/') ?? ""))
            {
                // A GET query answer with an ETag carries its own, revalidating Cache-Control (GraphQLHttp/Caching).
                if (!headers.ContainsKey(Microsoft.Net.Http.Headers.HeaderNames.ETag))
                {
                    headers.CacheControl = "no-store";
                }

                AddVary(headers, CallerHeaders);
            }

            return Task.CompletedTask;
        }
    }
}
