using Microsoft.Extensions.FileProviders;

namespace TradeGraph.Api.Explorer;

/// <summary>
/// The visual explorer, a static page built from Explorer/src by the build (npm ci, tsc, esbuild) into explorer/ in the
/// app's output. It talks to the service only through the public GraphQL endpoint, so it needs nothing else here.
/// </summary>
public static class ExplorerEndpoints
{
    public static string ExplorerFolder => Path.Combine(AppContext.BaseDirectory, "explorer");

    public static IApplicationBuilder UseExplorer(this IApplicationBuilder app, string path)
    {
        var folder = ExplorerFolder;
        if (!File.Exists(Path.Combine(folder, "index.html")))
        {
            throw new InvalidOperationException(
                $"The explorer is missing from '{folder}'. The build makes it with npm: run `dotnet build` with npm on the PATH.");
        }

        var files = new PhysicalFileProvider(folder);
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            var requestPath = request.Path.Value ?? "";
            if ((requestPath == path || requestPath == path + "/") && (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)))
            {
                if (!requestPath.EndsWith('/'))
                {
                    // The page loads its assets relative to itself, so it lives at path + "/"; the view's state is in the fragment.
                    context.Response.Redirect(path + "/" + request.QueryString, permanent: false);
                    return;
                }

                context.Response.ContentType = "text/html; charset=utf-8";
                context.Response.Headers.CacheControl = "no-cache";
                await context.Response.SendFileAsync(files.GetFileInfo("index.html"), context.RequestAborted);
                return;
            }

            await next(context);
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
