using GraphQL;
using TradeGraph.Core.Semantic;
using TradeGraph.Core.Writing;

namespace TradeGraph.Api.Semantic;

/// <summary>
/// How far the vectors are behind the graph, as the background maintenance last counted: entities left to embed (null
/// until the first count — the stored vectors are still loading). A SEMANTIC or HYBRID answer given meanwhile says so in
/// the response's <c>extensions.semanticCoverage</c> (<see cref="Annotate"/>) — after an <c>import</c> that left the
/// embedding to the server, during a backfill, right after a write — and is not kept by the response cache, so a client
/// never takes a partial ranking for a complete one. A count says nothing of a write committed after it: until the
/// maintenance has counted at the graph's current version, an answer is not complete (a search made in the moment after
/// a write would otherwise be cached without the written entity's new vector, and kept until the next write).
/// </summary>
public sealed class SemanticCoverage(GraphVersion version)
{
    /// <summary>The response extension's name.</summary>
    public const string ExtensionKey = "semanticCoverage";

    private readonly Lock _gate = new();
    private long _pending = -1;
    private long _countedAt = -1;

    /// <summary>
    /// Entities without a vector of the current model as last counted; null when not counted since the last commit (before
    /// the first count, or in the moment after a write).
    /// </summary>
    public long? Pending
    {
        get
        {
            lock (_gate)
            {
                return _pending >= 0 && _countedAt >= version.Value ? _pending : null;
            }
        }
    }

    /// <summary>Whether every entity had its vector at the last count, and that count saw every commit up to now.</summary>
    public bool Complete
    {
        get
        {
            lock (_gate)
            {
                return _pending == 0 && _countedAt >= version.Value;
            }
        }
    }

    /// <summary>
    /// Records how many entities are left to embed, as counted from a read that began at graph version <paramref name="countedAt"/>
    /// (read before the count, so a commit landing during it leaves the answer incomplete until the next count).
    /// </summary>
    public void Left(long pending, long countedAt)
    {
        lock (_gate)
        {
            _pending = Math.Max(0, pending);
            _countedAt = countedAt;
        }
    }

    /// <summary>
    /// Whether the coverage is complete now: read before a semantic answer is ranked and passed to
    /// <see cref="Annotate"/>, since the refresh may complete while the answer ranks without the vectors it adds.
    /// </summary>
    public static bool CompleteBefore(IResolveFieldContext context) =>
        context?.RequestServices?.GetService<SemanticCoverage>() is { Complete: true };

    /// <summary>
    /// Adds the coverage to a semantic answer's extensions when vectors are missing now or were when it began ranking
    /// (<paramref name="completeBefore"/>, from <see cref="CompleteBefore"/>).
    /// </summary>
    public static void Annotate(IResolveFieldContext context, bool completeBefore)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.RequestServices?.GetService<SemanticCoverage>() is not { } coverage || (completeBefore && coverage.Complete))
        {
            return;
        }

        var value = new Dictionary<string, object?>
        {
            ["complete"] = false,
            ["pending"] = coverage.Pending,
            ["embedded"] = context.RequestServices.GetService<EntitySearch>()?.Index?.Count,
        };
        // Root fields of a query run in parallel (aliased searches): the extensions are shared.
        lock (context.OutputExtensions)
        {
            context.OutputExtensions[ExtensionKey] = value;
        }
    }
}
