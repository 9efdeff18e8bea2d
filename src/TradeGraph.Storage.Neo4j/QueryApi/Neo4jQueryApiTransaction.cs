using System.Runtime.ExceptionServices;
using Polly;

namespace TradeGraph.Storage.Neo4j.QueryApi;

/// <summary>
/// One explicit transaction (<c>/query/v2/tx</c>), one attempt of a unit of work. Begun lazily with its first statement
/// (saves a round trip; a unit that runs nothing sends nothing). Calls are serialized, as the server refuses concurrent
/// requests on one transaction. The <c>neo4j-cluster-affinity</c> header a response carries is sent on every later
/// request of the transaction (commit and rollback too), so Aura routes them to the member that holds it; a server that
/// sends none (a single instance, a self-managed cluster) gets none back. A later request that finds no such transaction
/// (404: expired, or another member answered) ends this attempt as <see cref="Neo4jTransactionLostException"/>, and the
/// whole unit runs again from begin: nothing of it was committed.
/// </summary>
internal sealed class Neo4jQueryApiTransaction(Neo4jQueryApiClient client, IReadOnlyList<string> sentBookmarks, CancellationToken unitToken)
    : INeo4jTransaction, IDisposable
{
    private static readonly byte[] EmptyBody = "{}"u8.ToArray();
    private static readonly TimeSpan MaxRollbackTime = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _id;
    private string? _affinity;
    private Exception? _failure;
    private bool _finished;

    /// <summary>The bookmarks sent with begin: the commit's bookmark supersedes them.</summary>
    public IReadOnlyList<string> SentBookmarks { get; } = sentBookmarks;

    public IReadOnlyList<string>? CommitBookmarks { get; private set; }

    private string TransactionPath => $"{client.QueryPath}/tx/{Uri.EscapeDataString(_id!)}";

    public async Task<QueryResult> RunAsync(CypherStatement statement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(statement);

        // The unit's token carries the attempt and total timeouts even when the work passes another token.
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, unitToken);
        await _gate.WaitAsync(linked.Token);
        try
        {
            if (_failure is not null)
            {
                throw new InvalidOperationException("The transaction failed earlier and Neo4j has ended it; run the unit of work again.", _failure);
            }

            if (_finished)
            {
                throw new InvalidOperationException("The transaction has ended (committed or rolled back); statements go in the unit of work.");
            }

            QueryApiReply reply;
            try
            {
                reply = _id is null
                    ? await client.SendAsync("begin", HttpMethod.Post, $"{client.QueryPath}/tx",
                        QueryApiProtocol.Body(statement, bookmarks: SentBookmarks), affinity: null, linked.Token)
                    : await client.SendAsync("run", HttpMethod.Post, TransactionPath, QueryApiProtocol.Body(statement), _affinity, linked.Token);
            }
            catch (Neo4jQueryException exception)
            {
                if (_id is null && exception.RefusesBookmarks)
                {
                    client.ForgetBookmarks(SentBookmarks);
                }

                _failure = _id is not null && exception.IsTransactionNotFound ? Lost(exception, "a statement") : exception;
                if (_failure != exception)
                {
                    throw _failure; // any error ends the transaction on the server
                }

                throw;
            }

            if (_id is null)
            {
                _id = reply.TransactionId
                    ?? throw new System.Text.Json.JsonException($"Neo4j at {client.Address} began a transaction without giving its id.");
            }

            _affinity = reply.Affinity ?? _affinity;
            return reply.Result;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Commits. When the commit may have reached the server and no answer came, marks the unit's outcome unknown so it
    /// is not retried. A definite answer (success, or a Neo4j error: not committed) ends the transaction either way.
    /// </summary>
    public async Task CommitAsync(ResilienceContext context)
    {
        await _gate.WaitAsync(context.CancellationToken);
        try
        {
            if (_failure is not null)
            {
                // The work swallowed a statement's error: the transaction is gone, so it must not look committed.
                _finished = true;
                ExceptionDispatchInfo.Throw(_failure);
            }

            if (_id is null)
            {
                _finished = true; // nothing ran, nothing to commit
                return;
            }

            try
            {
                var reply = await client.SendAsync("commit", HttpMethod.Post, $"{TransactionPath}/commit", EmptyBody, _affinity, context.CancellationToken);
                CommitBookmarks = reply.Bookmarks;
                _finished = true;
            }
            catch (Exception exception) when (Neo4jResilience.MayHaveReachedServer(exception))
            {
                context.Properties.Set(Neo4jResilience.OutcomeUnknownKey, true);
                throw;
            }
            catch (Neo4jQueryException exception) when (exception.IsTransactionNotFound)
            {
                // The member that answered does not hold the transaction, so it committed nothing: the unit may run again.
                // Not finished: the rollback still goes, in case the member that holds it (and its locks) gets it.
                throw Lost(exception, "the commit");
            }
            catch (Neo4jQueryException)
            {
                _finished = true;
                throw;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Rolls back when the work failed, so locks are released now rather than at the server's idle timeout. Runs with
    /// its own short timeout and not the caller's token: the caller may have cancelled, and the locks still must go. A
    /// 404 (Neo4j already ended it after an error) or any other failure here is ignored: the work's exception is the
    /// one that matters, and the server drops an abandoned transaction by itself.
    /// </summary>
    public async Task RollbackQuietlyAsync()
    {
        var options = client.Options;
        using var timeout = new CancellationTokenSource(options.AttemptTimeout < MaxRollbackTime ? options.AttemptTimeout : MaxRollbackTime);
        try
        {
            await _gate.WaitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        try
        {
            if (_id is null || _finished)
            {
                return;
            }

            _finished = true;
            await client.SendAsync("rollback", HttpMethod.Delete, TransactionPath, body: null, _affinity, timeout.Token);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // Ignored on purpose (see above).
        }
        finally
        {
            _gate.Release();
        }
    }

    private Neo4jTransactionLostException Lost(Neo4jQueryException exception, string request) => new(
        $"Neo4j at {client.Address} no longer knew transaction {_id} when {request} was sent ({exception.Code}): it expired " +
        $"(idle longer than the server's limit), or the request reached another cluster member than the one holding it " +
        (_affinity is null
            ? "(the server sent no neo4j-cluster-affinity header: on a self-managed cluster, make the load balancer sticky per client or point Storage:Neo4j:Uri at one member)."
            : "(the neo4j-cluster-affinity header was sent back)."),
        exception);

    public void Dispose() => _gate.Dispose();
}
