using Microsoft.Extensions.Options;
using TradeGraph.Api.Commands;
using TradeGraph.Api.Security;
using TradeGraph.Core.Exchange;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;
using TradeGraph.Core.Seeding;
using TradeGraph.Core.Storage;

namespace TradeGraph.Api.Exchange;

/// <summary>
/// The whole graph over HTTP, for pipelines and backups: <c>GET /graph/export?format=seed|cypher|graphml</c> streams it
/// (allowed to whoever may read), <c>POST /graph/import</c> loads seed-format JSON in one transaction (admin keys only).
/// Plain HTTP rather than GraphQL: files stream, and curl can save them.
/// </summary>
public static partial class GraphExchangeEndpoints
{
    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.Ordinal)
    {
        ["seed"] = "application/json; charset=utf-8",
        ["cypher"] = "text/plain; charset=utf-8",
        ["graphml"] = "application/graphml+xml; charset=utf-8",
    };

    public static IEndpointRouteBuilder MapGraphExchange(this IEndpointRouteBuilder endpoints, string path)
    {
        endpoints.MapGet(path + "/export", ExportAsync);
        endpoints.MapPost(path + "/import", ImportAsync);
        return endpoints;
    }

    private static async Task ExportAsync(HttpContext context, IGraphStore store, GraphModel model, IOptionsMonitor<SecurityOptions> security,
        ILoggerFactory loggers)
    {
        var format = context.Request.Query["format"].ToString() is { Length: > 0 } given ? given : "seed";
        if (await RefusedAsync(context, security.CurrentValue.ReadsRequireKey ? Caller.Read : null) is { } refusal)
        {
            await refusal.ExecuteAsync(context);
            return;
        }

        if (!ContentTypes.TryGetValue(format, out var contentType))
        {
            await Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown format",
                detail: $"format must be one of {string.Join(", ", GraphCommands.Formats)} (got '{format}').").ExecuteAsync(context);
            return;
        }

        var writer = GraphCommands.Format(format, model);
        GraphDocument document;
        try
        {
            document = await store.ExportAsync(context.RequestAborted);
        }
        catch (StoreUnavailableException unavailable)
        {
            // Neo4j down, or writes kept committing during every read of the graph: a retry later can succeed, so 503, not
            // 500. The reason goes to the log only (it may name the server's address).
            LogExportUnavailable(loggers.CreateLogger(typeof(GraphExchangeEndpoints)), unavailable.Message);
            context.Response.Headers.RetryAfter = "5";
            await Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The export could not be made now",
                detail: "The graph store is unavailable, or the graph kept changing while it was read; try again shortly.").ExecuteAsync(context);
            return;
        }

        context.Response.ContentType = contentType;
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"tradegraph{writer.FileExtension}\"";
        await writer.WriteAsync(document, context.Response.Body, context.RequestAborted);
    }

    private static async Task<IResult> ImportAsync(HttpContext context, IGraphStore store, GraphModel model, Core.Writing.GraphVersion version,
        Core.Writing.LocalCommits commits, ILoggerFactory loggers)
    {
        if (await RefusedAsync(context, Caller.Admin) is { } refusal)
        {
            return refusal;
        }

        using var body = new StreamReader(context.Request.Body);
        var json = await body.ReadToEndAsync(context.RequestAborted);
        try
        {
            var document = new SeedReader(model, requireSources: false).Read([("request body", json)]);
            ImportResult result;
            using (commits.Begin())
            {
                result = await store.ImportAsync(document, context.RequestAborted);
                // A bulk load publishes no changes and writes no per-fact history (a deliberate choice: see the log line); it
                // still moves the graph's version on, so cached answers and projections are rebuilt; its bulk load is
                // handed over so the revision follower does not rebuild what the read model's import already rebuilt.
                version.Advance();
                if (result.BulkLoad > 0)
                {
                    commits.BulkLoaded(result.BulkLoad);
                }
            }

            // Who imported what: the audit record of a bulk load, since its facts get no history revision each.
            LogImport(loggers.CreateLogger(typeof(GraphExchangeEndpoints)), (await Caller.FromAsync(context)).Name, document.Entities.Count,
                document.Relationships.Count, result.Inserted, result.Updated, result.Unchanged, version.Value);
            return Results.Ok(new { entities = document.Entities.Count, relationships = document.Relationships.Count, result.Inserted, result.Updated, result.Unchanged });
        }
        catch (SeedValidationException invalid)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Nothing was imported",
                detail: $"{invalid.Errors.Count} problem(s) in the document; nothing was changed.",
                extensions: new Dictionary<string, object?> { ["errors"] = invalid.Errors.Select(e => new { item = e.Item, reason = e.Reason }) });
        }
        catch (InvalidOperationException refused)
        {
            // The store refused a fact against what it already holds (a key changing kind, a second single value).
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Nothing was imported", detail: refused.Message);
        }
    }

    [LoggerMessage(EventId = 41, Level = LogLevel.Warning, Message = "Export refused with 503: {Reason}")]
    private static partial void LogExportUnavailable(ILogger logger, string reason);

    [LoggerMessage(EventId = 40, Level = LogLevel.Information,
        Message = "Import by {Actor}: {Entities} entities and {Relationships} relationships ({Inserted} inserted, {Updated} updated, {Unchanged} unchanged); graph version {Version}")]
    private static partial void LogImport(ILogger logger, string actor, int entities, int relationships, int inserted, int updated, int unchanged, long version);

    /// <summary>401 for a missing or bad key where one is needed, 403 for a key without the scope; null when allowed.</summary>
    private static async Task<IResult?> RefusedAsync(HttpContext context, string? scope)
    {
        var caller = await Caller.FromAsync(context);
        if (caller.PresentedInvalidKey || (scope is not null && !caller.IsAuthenticated))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "UNAUTHENTICATED",
                detail: caller.PresentedInvalidKey ? "The API key is not valid." : $"This needs an API key with the {scope} scope.");
        }

        return scope is not null && !caller.Has(scope)
            ? Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "FORBIDDEN", detail: $"The key '{caller.Name}' has no {scope} scope.")
            : null;
    }
}
