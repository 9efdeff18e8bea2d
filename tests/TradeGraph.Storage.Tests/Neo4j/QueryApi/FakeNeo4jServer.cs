using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TradeGraph.Storage.Tests.Neo4j.QueryApi;

/// <summary>A request as the fake server saw it.</summary>
internal sealed record RecordedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public JsonElement Json() => JsonDocument.Parse(Body).RootElement.Clone();
}

/// <summary>How the fake server answers one request.</summary>
internal delegate Task Responder(HttpContext context, RecordedRequest request);

/// <summary>
/// A real Kestrel server on a loopback port standing in for Neo4j: it records every request and answers from a script
/// (one responder per request, in order), then from <see cref="Fallback"/>. Responders replay the documented bodies or
/// inject faults (<see cref="Reply.Reset"/>, <see cref="Reply.Hang"/>), so the client's real sockets see them.
/// </summary>
internal sealed class FakeNeo4jServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Responder> _script = new();
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    private FakeNeo4jServer(WebApplication app, Uri uri)
    {
        _app = app;
        Uri = uri;
    }

    public Uri Uri { get; }

    /// <summary>
    /// Refuses what a real server refuses (<see cref="QueryApiRules"/>: 415, 406, 400 for unknown fields or a typed value
    /// without <c>$type</c> first) before the script answers; on by default, off for a test that must see the raw request.
    /// </summary>
    public bool Strict { get; set; } = true;

    /// <summary>Answers every request the script does not cover.</summary>
    public Responder Fallback { get; set; } = Reply.Json(500, """{"errors":[{"code":"Test.NoScriptedAnswer","message":"the test scripted no answer"}]}""");

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    public int Hits => _requests.Count;

    /// <summary>The next requests get these answers, in order.</summary>
    public void Then(params Responder[] responders)
    {
        foreach (var responder in responders)
        {
            _script.Enqueue(responder);
        }
    }

    public static async Task<FakeNeo4jServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        var app = builder.Build();
        FakeNeo4jServer? server = null;
        app.Run(context => server!.HandleAsync(context));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server = new FakeNeo4jServer(app, new Uri(address));
        return server;
    }

    /// <summary>An address where nothing listens: connecting is refused at once.</summary>
    public static Uri UnusedLoopbackUri()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}");
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var request = new RecordedRequest(context.Request.Method, context.Request.Path.Value ?? "", headers, body);
        _requests.Enqueue(request);
        if (Strict && QueryApiRules.Refusal(request) is { } refusal)
        {
            await refusal(context, request);
            return;
        }

        var responder = _script.TryDequeue(out var next) ? next : Fallback;
        await responder(context, request);
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
    }
}

/// <summary>Answers for <see cref="FakeNeo4jServer"/>.</summary>
internal static class Reply
{
    public const string TypedJson = "application/vnd.neo4j.query";

    public static Responder Json(int status, string body, params (string Name, string Value)[] headers) => async (context, _) =>
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = TypedJson;
        foreach (var (name, value) in headers)
        {
            context.Response.Headers[name] = value;
        }

        await context.Response.WriteAsync(body, context.RequestAborted);
    };

    /// <summary>A status with no body at all (Content-Length: 0, no content type), as 5.26 answers a rollback.</summary>
    public static Responder Empty(int status) => (context, _) =>
    {
        context.Response.StatusCode = status;
        context.Response.ContentLength = 0;
        return Task.CompletedTask;
    };

    /// <summary>The connection is dropped after the request was read: the client gets no answer.</summary>
    public static readonly Responder Reset = (context, _) =>
    {
        context.Abort();
        return Task.CompletedTask;
    };

    /// <summary>Never answers; ends when the client gives up (or the server stops).</summary>
    public static readonly Responder Hang = async (context, _) =>
    {
        try
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            // the client gave up
        }
    };

    /// <summary>Picks an answer by method and path (explicit transactions).</summary>
    public static Responder Route(Func<RecordedRequest, Responder> choose) => (context, request) => choose(request)(context, request);

    // ---- documented bodies (neo4j-query-api.md §2.6, §2.8, §2.11, §2.12) ----

    public const string ReturnOne = """{"data":{"fields":["ok"],"values":[[{"$type":"Integer","_value":"1"}]]},"bookmarks":["FB:kcwQSG4fY8QMT4SLuHKatrwxMskCUZA="]}""";

    public const string SyntaxError = """{"errors":[{"code":"Neo.ClientError.Statement.SyntaxError","message":"Expected exactly one statement per query but got: 2 (line 0, column 0 (offset: 0))\n\"RETURN 1 AS a; RETURN 2 AS b\"\n ^"}]}""";

    public const string Deadlock = """{"errors":[{"code":"Neo.TransientError.Transaction.DeadlockDetected","message":"ForsetiClient[transactionId=42] can't acquire ExclusiveLock{owner=ForsetiClient[transactionId=41]}"}]}""";

    public const string Unauthorized = """{"errors":[{"code":"Neo.ClientError.Security.Unauthorized","message":"Invalid username or password."}]}""";

    public const string TransactionNotFound = """{"errors":[{"code":"Neo.ClientError.Request.Invalid","message":"Transaction with Id: \"d610dd\" was not found. It may have timed out and therefore rolled back or the routing header 'neo4j-cluster-affinity' was not provided."}]}""";

    public static Responder ReturnOneOk => Json(202, ReturnOne);

    /// <summary>
    /// 5.26's answer when the embedded driver failed without a Neo4j status (a member unavailable during a leader
    /// switch): 500 with the code "N/A" (audit R1).
    /// </summary>
    public const string Unclassified = """{"errors":[{"code":"N/A","message":"Unable to connect to database 'neo4j': the leader is switching"}]}""";

    /// <summary>An error raised while rows streamed: 202, the rows so far, then errors (recorded on 5.26 and 2026.09).</summary>
    public const string FailedWhileStreaming = """{"data":{"fields":["ok"],"values":[[{"$type":"Integer","_value":"1"}]]},"errors":[{"code":"Neo.ClientError.Statement.ArithmeticError","message":"/ by zero"}]}""";

    public const string MemoryLimit = """{"errors":[{"code":"Neo.TransientError.General.MemoryPoolOutOfMemoryError","message":"The allocation of an extra 2.0 MiB would use more than the limit 1.0 GiB. Currently using 1.0 GiB. dbms.memory.transaction.total.max threshold reached"}]}""";

    public const string BookmarkTimeout = """{"errors":[{"code":"Neo.TransientError.Transaction.BookmarkTimeout","message":"Database 'neo4j' not up to the requested version: 2355850144. Latest database version is 12"}]}""";

    public const string InvalidBookmark = """{"errors":[{"code":"Neo.ClientError.Transaction.InvalidBookmark","message":"Supplied bookmark(s) refer to a database that does not exist"}]}""";

    /// <summary>Picks an answer by whether the request's statement contains <paramref name="text"/>.</summary>
    public static Responder When(string text, Responder then, Responder otherwise) =>
        Route(request => request.Body.Contains(text, StringComparison.Ordinal) ? then : otherwise);
}
