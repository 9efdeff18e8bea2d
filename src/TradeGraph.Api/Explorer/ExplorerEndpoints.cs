namespace TradeGraph.Api.Explorer;

/// <summary>
/// The visual explorer, a static page built from Explorer/src by the build (npm ci, tsc, esbuild) into explorer/ in the
/// app's output. It talks to the service only through the public GraphQL endpoint, so it needs nothing else here; the
/// view's state lives in the URL's fragment, which never reaches the server.
/// </summary>
public static class ExplorerEndpoints
{
    public static string ExplorerFolder => Path.Combine(AppContext.BaseDirectory, "explorer");

    public static IApplicationBuilder UseExplorer(this IApplicationBuilder app, string path)
    {
        var files = StaticPage.Files(ExplorerFolder, "The explorer", "The build makes it with npm: run `dotnet build` with npm on the PATH.");
        app.Use(async (context, next) =>
        {
            if (!await StaticPage.TryServeIndexAsync(context, path, files, _ => true))
            {
                await next(context);
            }
        });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            RequestPath = path,
            OnPrepareResponse = c => c.Context.Response.Headers.CacheControl = "no-cache",
        });
        return app;
    }
}
