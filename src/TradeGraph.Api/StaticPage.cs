using Microsoft.Extensions.FileProviders;

namespace TradeGraph.Api;

/// <summary>
/// A single-page app the build copies into the output (Banana Cake Pop at /graphql/, the explorer at /explore/): its
/// index.html at path + "/" (path itself redirects there, since the page loads its assets relative to itself), and its
/// other files beside it.
/// </summary>
internal static class StaticPage
{
    /// <summary>The folder's files; refuses to start when the build did not put the page there.</summary>
    public static PhysicalFileProvider Files(string folder, string what, string how)
    {
        if (!File.Exists(Path.Combine(folder, "index.html")))
        {
            throw new InvalidOperationException($"{what} is missing from '{folder}'. {how}");
        }

        return new PhysicalFileProvider(folder);
    }

    /// <summary>
    /// Serves the page for a GET or HEAD of path or path + "/" that <paramref name="wanted"/> accepts (redirecting path to
    /// path + "/", query string kept); true when it answered.
    /// </summary>
    public static async Task<bool> TryServeIndexAsync(HttpContext context, string path, IFileProvider files, Func<HttpRequest, bool> wanted)
    {
        var request = context.Request;
        var requestPath = request.Path.Value ?? "";
        if (!(requestPath == path || requestPath == path + "/") || !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) || !wanted(request))
        {
            return false;
        }

        if (!requestPath.EndsWith('/'))
        {
            context.Response.Redirect(path + "/" + request.QueryString, permanent: false);
            return true;
        }

        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.CacheControl = "no-cache";
        await context.Response.SendFileAsync(files.GetFileInfo("index.html"), context.RequestAborted);
        return true;
    }
}
