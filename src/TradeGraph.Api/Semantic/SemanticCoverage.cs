using GraphQL;
using TradeGraph.Core.Semantic;

namespace TradeGraph.Api.Semantic;

/// <summary>
/// How far the vectors are behind the graph, as the background maintenance last counted: entities left to embed (null
/// until the first count — the stored vectors are still loading). A SEMANTIC or HYBRID answer given meanwhile says so in
/// the response's <c>extensions.semanticCoverage</c> (<see cref="Annotate"/>) — after an <c>import</c> that left the
/// embedding to the server, during a backfill, right after a write — and is not kept by the response cache, so a client
/// never takes a partial ranking for a complete one.
/// </summary>
public sealed class SemanticCoverage
{
    /// <summary>The response extension's name.</summary>
    public const string ExtensionKey = "semanticCoverage";

    private long _pending = -1;

    /// <summary>Entities without a vector of the current model as last counted; null before the first count.</summary>
    public long? Pending => Interlocked.Read(ref _pending) is var pending and >= 0 ? pending : null;

    /// <summary>Whether every entity had its vector at the last count.</summary>
    public bool Complete => Interlocked.Read(ref _pending) == 0;

    /// <summary>Records how many entities are left to embed.</summary>
    public void Left(long pending) => Interlocked.Exchange(ref _pending, Math.Max(0, pending));

    /// <summary>Adds the coverage to a semantic answer's extensions when vectors are missing.</summary>
    public static void Annotate(IResolveFieldContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.RequestServices?.GetService<SemanticCoverage>() is not { Complete: false } coverage)
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
