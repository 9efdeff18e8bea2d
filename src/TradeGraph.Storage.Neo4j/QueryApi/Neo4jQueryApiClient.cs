using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;
using TradeGraph.Core.Storage;
using TradeGraph.Core.Telemetry;

namespace TradeGraph.Storage.Neo4j.QueryApi;

/// <summary>
/// <see cref="INeo4jQueryRunner"/> over Neo4j's HTTP Query API v2 (<c>/db/{db}/query/v2</c>, 5.26 or later, Aura
/// included), typed JSON both ways (see <see cref="TypedJson"/>), every unit of work through
/// <see cref="Neo4jResilience"/>. Keeps the bookmarks of the latest writes and sends them with every later request, so
/// reads see this client's writes even on another cluster member. Meant to be one instance per server (a singleton):
/// register it with <c>AddNeo4jQueryApi</c>.
/// </summary>
public sealed class Neo4jQueryApiClient : INeo4jQueryRunner
{
    /// <summary>The name of its HttpClient in IHttpClientFactory.</summary>
    public const string HttpClientName = "Neo4jQueryApi";

    /// <summary>The store's name in telemetry (<c>db.system.name</c>).</summary>
    internal const string StoreName = "neo4j";

    private static readonly CypherStatement Probe = new("RETURN 1 AS ok");
    private static readonly StatementOptions ProbeOptions = new(AccessMode.Read) { WithoutBookmarks = true };

    // The same on every request: parsed once, not per call (HttpClient only reads a request's header values).
    private static readonly MediaTypeWithQualityHeaderValue AcceptTypedJson = new(TypedJson.MediaType);
    private static readonly MediaTypeHeaderValue TypedJsonContent = new(TypedJson.MediaType);

    private readonly HttpClient _http;
    private readonly Neo4jOptions _options;
    private readonly Neo4jResilience _resilience;
    private readonly BookmarkSet _bookmarks = new();
    private readonly AuthenticationHeaderValue? _authorization;
    private readonly Uri _queryUri;

    public Neo4jQueryApiClient(HttpClient httpClient, IOptions<Neo4jOptions> options, Neo4jResilience resilience)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        _http = httpClient;
        _options = options.Value;
        _resilience = resilience;
        var uri = _options.Uri ?? throw new ArgumentException("Neo4jOptions.Uri is required.", nameof(options));
        _http.BaseAddress ??= BaseAddressOf(uri);
        Address = Describe(uri);
        QueryPath = $"db/{Uri.EscapeDataString(_options.Database)}/query/v2";
        _queryUri = new Uri(QueryPath, UriKind.Relative);
        if (!string.IsNullOrEmpty(_options.Username))
        {
            // Without a user name auth is off on the server (NEO4J_AUTH=none): no header at all.
            _authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_options.Username}:{_options.Password}")));
        }
    }

    /// <summary>The server's address as shown in messages: scheme, host, port and path, never credentials.</summary>
    public string Address { get; }

    internal string QueryPath { get; }

    internal Neo4jOptions Options => _options;

    /// <summary>The bookmarks the next request will carry.</summary>
    internal IReadOnlyList<string> Bookmarks => _bookmarks.Current;

    /// <summary>The base address with a trailing slash, so relative paths keep a path prefix (a proxy's /neo4j/).</summary>
    public static Uri BaseAddressOf(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var text = uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
        return new Uri(text.EndsWith('/') ? text : text + "/");
    }

    private static string Describe(Uri uri) => uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);

    /// <inheritdoc />
    public Task<QueryResult> RunAsync(CypherStatement statement, AccessMode mode, CancellationToken cancellationToken) =>
        RunAsync(statement, new StatementOptions(mode), cancellationToken);

    /// <inheritdoc />
    public Task<QueryResult> RunAsync(CypherStatement statement, StatementOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(statement);
        ArgumentNullException.ThrowIfNull(options);
        return ExecuteAsync(context => AutoCommitAsync(statement, options, context), options.Timeout, options.Heavy, retry: true, cancellationToken);
    }

    /// <inheritdoc />
    public Task<T> InTransactionAsync<T>(Func<INeo4jTransaction, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        return ExecuteAsync(context => TransactionAsync(work, context), _options.TransactionTimeout, heavy: false, retry: true, cancellationToken);
    }

    /// <summary>
    /// <c>RETURN 1</c> as a read, one attempt, no retries, no bookmarks (it must not wait for a lagging member to catch
    /// up): for the health check, which must answer quickly. It still goes through the circuit breaker, so with the
    /// circuit open it fails at once, and a success after the break closes the circuit.
    /// </summary>
    internal Task<QueryResult> ProbeAsync(CancellationToken cancellationToken) =>
        ExecuteAsync(context => AutoCommitAsync(Probe, ProbeOptions, context), timeout: null, heavy: false, retry: false, cancellationToken);

    // timeout: the attempt's own limit (a transaction, a schema statement, a heavy read); its retries then share
    // TotalTimeout, or this much when that is longer.
    private async Task<T> ExecuteAsync<T>(Func<ResilienceContext, Task<T>> unit, TimeSpan? timeout, bool heavy, bool retry, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            context.Properties.Set(Neo4jResilience.RetryKey, retry);
            context.Properties.Set(Neo4jResilience.HeavyKey, heavy);
            if (timeout is { } attempt)
            {
                context.Properties.Set(Neo4jResilience.AttemptTimeoutKey, attempt);
                context.Properties.Set(Neo4jResilience.TotalTimeoutKey, _options.TotalTimeout > attempt ? _options.TotalTimeout : attempt);
            }

            return await _resilience.Pipeline.ExecuteAsync(static async (ctx, run) => await run(ctx), context, unit);
        }
        catch (Exception exception) when (Translate(exception, context, cancellationToken) is { } translated)
        {
            throw translated;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>What the caller sees when the pipeline gave up; null keeps the exception as it is.</summary>
    private Exception? Translate(Exception exception, ResilienceContext context, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && cancellationToken.IsCancellationRequested)
        {
            return null; // the caller cancelled: that is what they get, whatever was in flight
        }

        if (context.Properties.GetValue(Neo4jResilience.OutcomeUnknownKey, false) && Neo4jResilience.MayHaveReachedServer(exception))
        {
            return new Neo4jOutcomeUnknownException(
                $"Neo4j at {Address} may or may not have committed the write: {Reason(exception)} after the request was sent. " +
                "It was not retried, as that could apply it twice; check the data before writing it again.", exception);
        }

        return exception switch
        {
            Neo4jQueryException { IsMemoryLimit: true } query => new Neo4jQueryTooLargeException(
                $"The query needed more memory than Neo4j at {Address} allows one transaction ({query.Code}); ask for less at once " +
                "(a smaller page, fewer keys, a smaller import batch) or raise the server's dbms.memory.transaction.total.max.", query),
            BrokenCircuitException broken => new StoreUnavailableException(
                $"Neo4j at {Address} is not reachable: it failed repeatedly, so calls fail fast for {Seconds(broken.RetryAfter)} " +
                $"before the next try (last failure: {(broken.InnerException is { } inner ? Reason(inner) : "unknown")}).", exception),
            TimeoutRejectedException or OperationCanceledException or HttpRequestException or IOException
                or Neo4jHttpException { IsTransient: true } => new StoreUnavailableException($"Neo4j at {Address} is not reachable: {Reason(exception)}.", exception),
            Neo4jQueryException { IsTransient: true } => new StoreUnavailableException($"Neo4j at {Address} is not available: {exception.Message}", exception),
            _ => null,
        };
    }

    private static string Seconds(TimeSpan? wait) =>
        wait is { } time ? $"{Math.Max(1, Math.Ceiling(time.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture)} s" : "a while";

    private static string Reason(Exception exception) => exception switch
    {
        TimeoutRejectedException timeout => $"no answer within {timeout.Timeout}",
        OperationCanceledException => "no answer in time",
        HttpRequestException { InnerException: { } inner } http when http.HttpRequestError == HttpRequestError.Unknown => inner.Message,
        _ => exception.Message.TrimEnd('.'),
    };

    private async Task<QueryResult> AutoCommitAsync(CypherStatement statement, StatementOptions options, ResilienceContext context)
    {
        var mode = options.Mode;
        IReadOnlyList<string> sent = options.WithoutBookmarks ? [] : _bookmarks.Current;
        QueryApiReply reply;
        try
        {
            reply = await SendAsync(mode == AccessMode.Write ? "write" : "read", HttpMethod.Post, QueryPath, QueryApiProtocol.Body(statement, mode, sent), affinity: null, context.CancellationToken);
        }
        catch (Neo4jQueryException refused) when (refused.RefusesBookmarks)
        {
            ForgetBookmarks(sent);
            throw;
        }
        catch (Exception exception) when (mode == AccessMode.Write && !options.Idempotent && Neo4jResilience.MayHaveReachedServer(exception))
        {
            context.Properties.Set(Neo4jResilience.OutcomeUnknownKey, true);
            throw;
        }

        if (mode == AccessMode.Write)
        {
            _bookmarks.Update(sent, reply.Bookmarks);
        }

        return reply.Result;
    }

    private async Task<T> TransactionAsync<T>(Func<INeo4jTransaction, CancellationToken, Task<T>> work, ResilienceContext context)
    {
        var transaction = new Neo4jQueryApiTransaction(this, _bookmarks.Current, context.CancellationToken);
        T result;
        try
        {
            result = await work(transaction, context.CancellationToken);
            await transaction.CommitAsync(context);
        }
        catch
        {
            await transaction.RollbackQuietlyAsync();
            throw;
        }
        finally
        {
            transaction.Dispose();
        }

        _bookmarks.Update(transaction.SentBookmarks, transaction.CommitBookmarks);
        return result;
    }

    /// <summary>Drops bookmarks the server refused (see <see cref="Neo4jQueryException.RefusesBookmarks"/>), so the retry goes without them.</summary>
    internal void ForgetBookmarks(IReadOnlyList<string> refused) => _bookmarks.Forget(refused);

    /// <summary>
    /// One HTTP exchange, read whole and interpreted (<see cref="QueryApiProtocol.Interpret"/>): one store round trip, its
    /// kind (read, write, begin, run, commit, rollback) and row count recorded, never the statement or its parameters.
    /// </summary>
    internal async Task<QueryApiReply> SendAsync(string statementKind, HttpMethod method, string path, byte[]? body, string? affinity, CancellationToken cancellationToken)
    {
        using var roundTrip = TradeGraphTelemetry.StartStoreRoundTrip(StoreName, statementKind);
        try
        {
            var reply = await ExchangeAsync(method, path, body, affinity, cancellationToken);
            roundTrip.Rows(reply.Result.Rows.Count);
            return reply;
        }
        catch (Exception exception)
        {
            roundTrip.Failed(exception);
            throw;
        }
    }

    private async Task<QueryApiReply> ExchangeAsync(HttpMethod method, string path, byte[]? body, string? affinity, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path == QueryPath ? _queryUri : new Uri(path, UriKind.Relative));
        request.Headers.Accept.Add(AcceptTypedJson);
        request.Headers.Authorization = _authorization;
        if (affinity is not null)
        {
            request.Headers.TryAddWithoutValidation(QueryApiProtocol.AffinityHeader, affinity);
        }

        if (body is not null)
        {
            // No charset parameter: JSON is UTF-8, and the unadorned media type is what every server version accepts.
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = TypedJsonContent;
        }

        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return QueryApiProtocol.Interpret(response, bytes, $"{method} /{path}", Address, _options.Username);
    }
}
