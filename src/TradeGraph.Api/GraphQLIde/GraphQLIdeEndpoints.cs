using Microsoft.Extensions.FileProviders;
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
        var folder = IdeFolder;
        if (!File.Exists(Path.Combine(folder, "index.html")))
        {
            throw new InvalidOperationException(
                $"Banana Cake Pop is missing from '{folder}'. The build installs it with npm: run `dotnet build` with npm on the PATH.");
        }

        var files = new PhysicalFileProvider(folder);
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            var requestPath = request.Path.Value ?? "";
            var isRoot = requestPath == path || requestPath == path + "/";
            if (isRoot && (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
                && !request.Query.ContainsKey("query") && PrefersHtml(request))
            {
                if (!requestPath.EndsWith('/'))
                {
                    // The page loads its assets and bcp-config.json relative to itself, so it must live at path + "/".
                    context.Response.Redirect(path + "/" + request.QueryString, permanent: false);
                    return;
                }

                context.Response.ContentType = "text/html; charset=utf-8";
                context.Response.Headers.CacheControl = "no-cache";
                await context.Response.SendFileAsync(files.GetFileInfo("index.html"), context.RequestAborted);
                return;
            }

            if (requestPath == path + "/bcp-config.json" && HttpMethods.IsGet(request.Method))
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
