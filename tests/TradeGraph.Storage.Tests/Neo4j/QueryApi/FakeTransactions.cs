using System.Collections.Concurrent;
using System.Globalization;

namespace TradeGraph.Storage.Tests.Neo4j.QueryApi;

/// <summary>
/// Explicit transactions acted out as a Query API server does: begin opens a fresh id, run and commit answer for an
/// open one, commit and rollback close it, and an unknown or closed id gets 404 (Neo.ClientError.Request.Invalid, the
/// 5.26 message). As an Aura-like cluster (<see cref="Cluster"/>) begin sets <c>neo4j-cluster-affinity</c>, and a later
/// request that does not carry it back reaches another member: 404. A single instance or a self-managed cluster sends
/// no header. <see cref="LoseNext"/> makes a member switch or an expiry; every auto-commit request answers RETURN 1.
/// </summary>
internal sealed class FakeTransactions(bool cluster)
{
    private const string Affinity = "MTAuOC41Ljc6MTc0NzQ=";

    private readonly ConcurrentDictionary<string, bool> _open = new(StringComparer.Ordinal);
    private int _next = 0xd610dd;
    private int _lose;
    private int _committed;

    public bool Cluster { get; } = cluster;

    /// <summary>The next this many run or commit requests find no transaction (expired, or another member answered).</summary>
    public int LoseNext
    {
        get => Volatile.Read(ref _lose);
        set => Volatile.Write(ref _lose, value);
    }

    public int Committed => Volatile.Read(ref _committed);

    /// <summary>Transactions begun and neither committed nor rolled back (an abandoned one waits for the idle timeout).</summary>
    public int Open => _open.Count;

    public Responder Responder => (context, request) => Answer(request)(context, request);

    private Responder Answer(RecordedRequest request)
    {
        var path = request.Path;
        const string Tx = "/db/neo4j/query/v2/tx";
        if (request.Method == "POST" && path == "/db/neo4j/query/v2")
        {
            return Reply.ReturnOneOk;
        }

        if (request.Method == "POST" && path == Tx)
        {
            var id = Interlocked.Increment(ref _next).ToString("x", CultureInfo.InvariantCulture);
            _open[id] = true;
            return Cluster ? Reply.Json(202, Body(id), ("neo4j-cluster-affinity", Affinity)) : Reply.Json(202, Body(id));
        }

        if (!path.StartsWith(Tx + "/", StringComparison.Ordinal))
        {
            return Reply.Json(404, """{"errors":[{"code":"Test.UnexpectedRequest","message":"unexpected"}]}""");
        }

        var rest = path[(Tx.Length + 1)..];
        var commit = rest.EndsWith("/commit", StringComparison.Ordinal);
        var txId = commit ? rest[..^"/commit".Length] : rest;
        var reached = (!Cluster || request.Header("neo4j-cluster-affinity") == Affinity)
            && (request.Method == "DELETE" || !TakeLoss());
        if (!reached || !_open.ContainsKey(txId))
        {
            return Reply.Json(404, Reply.TransactionNotFound.Replace("d610dd", txId, StringComparison.Ordinal));
        }

        if (request.Method == "DELETE")
        {
            _open.TryRemove(txId, out _);
            return Reply.Empty(200);
        }

        if (commit)
        {
            _open.TryRemove(txId, out _);
            Interlocked.Increment(ref _committed);
            return Reply.Json(202, """{"bookmarks":["FB:committed"]}""");
        }

        return Reply.Json(202, Body(txId));
    }

    /// <summary>True when this request is one of those to lose (and counts it).</summary>
    private bool TakeLoss()
    {
        int left;
        do
        {
            left = Volatile.Read(ref _lose);
            if (left <= 0)
            {
                return false;
            }
        }
        while (Interlocked.CompareExchange(ref _lose, left - 1, left) != left);

        return true;
    }

    private static string Body(string id) =>
        $$$"""{"data":{"fields":["n"],"values":[[{"$type":"Integer","_value":"1"}]]},"transaction":{"id":"{{{id}}}","expires":"2026-12-04T20:00:00Z"}}""";
}
