using Microsoft.Net.Http.Headers;

namespace TradeGraph.Api.GraphQLIde;

/// <summary>
/// Banana Cake Pop, self-hosted from its npm package (copied into graphql-ide/ by the build): a browser GET of the
/// GraphQL path shows the IDE, which reads bcp-config.json next to its page and queries the endpoint it was served from.
/// </summary>
public static class GraphQLIdeEndpoints
{
    public static string IdeFolder => Path.Combine(AppContext.BaseDirectory, "graphql-ide");

    public static IApplicationBuilder UseGraphQLIde(this IApplicationBuilder app, string path)
    {
        var files = StaticPage.Files(IdeFolder, "Banana Cake Pop", "The build installs it with npm: run `dotnet build` with npm on the PATH.");
        // Made once: every request passes this check, and a concatenation here was a string per request.
        var configPath = path + "/bcp-config.json";
        app.Use(async (context, next) =>
        {
            // A GET of the endpoint by a browser (not a GET query, nor ?sdl, which downloads the schema) shows the IDE.
            if (await StaticPage.TryServeIndexAsync(context, path, files, r => !r.Query.ContainsKey("query") && !r.Query.ContainsKey("sdl") && PrefersHtml(r)))
            {
                return;
            }

            var request = context.Request;
            var requestPath = request.Path.Value ?? "";
            if (requestPath == configPath && HttpMethods.IsGet(request.Method))
            {
                await context.Response.WriteAsJsonAsync(new BananaCakePopConfig(), context.RequestAborted);
                return;
            }

            await next(context);
        });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files, RequestPath = path });
        return app;
    }

    private static bool PrefersHtml(HttpRequest request) =>
        MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var values)
        && values.Any(v => v.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase) && v.Quality is not 0);

    /// <summary>
    /// What the IDE reads at start: use the page's own URL as the endpoint, and phone nobody home. Banana Cake Pop 18
    /// takes only endpoint, sdlEndpoint, httpHeaders, includeCookies and useGet from this file; it has no setting here for
    /// subscriptions. It derives them from the endpoint, which is what we want: the WebSocket URL is the endpoint with
    /// http replaced by ws (ws://host/graphql), the SSE URL is the endpoint itself, and its default protocol "auto" offers
    /// graphql-transport-ws and graphql-ws on the socket (we pick graphql-transport-ws) and falls back to SSE if the
    /// socket fails. A user can still pick "GraphQL WebSocket" or "GraphQL SSE" in the document's connection settings.
    /// </summary>
    private sealed record BananaCakePopConfig(
        bool UseBrowserUrlAsEndpoint = true,
        string Title = "TradeGraph",
        bool DisableTelemetry = true,
        string Mode = "self");
}
