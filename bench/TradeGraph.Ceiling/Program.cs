using System.Collections.Frozen;
using System.Text;

// Usage: TradeGraph.Ceiling --responses <folder> [--urls http://127.0.0.1:4002]
// The folder holds pairs <name>.request.json / <name>.response.json (written by bench/driver.mjs); a POST whose body
// is one of the requests gets that response's bytes. Nothing is parsed, validated or executed: this is what the HTTP
// stack alone costs, the ceiling every GraphQL server on this machine is measured against.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var folder = builder.Configuration["responses"] ?? throw new InvalidOperationException("--responses <folder> is required.");
var responses = Directory.GetFiles(folder, "*.request.json")
    .ToFrozenDictionary(
        file => File.ReadAllText(file),
        file => File.ReadAllBytes(file[..^".request.json".Length] + ".response.json"),
        StringComparer.Ordinal);

var app = builder.Build();
app.MapPost("/graphql", async (HttpContext context) =>
{
    // The body is read whole, as any server must before it can answer.
    using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
    var body = await reader.ReadToEndAsync(context.RequestAborted);
    if (!responses.TryGetValue(body, out var bytes))
    {
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return;
    }

    context.Response.ContentType = "application/json; charset=utf-8";
    context.Response.ContentLength = bytes.Length;
    await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
});
await app.RunAsync();
