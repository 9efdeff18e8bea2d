using TradeGraph.Core.Graph;
using TradeGraph.Core.Passages;

namespace TradeGraph.Core.Storage;

/// <summary>
/// The whole graph read optimistically, for a store whose reads are no snapshot (read-committed): the count of committed
/// writes before and after a read, and the read kept only when no write committed in between and the document keeps
/// <see cref="DocumentReferences"/>' rule (every relationship's ends and cited sources in it); otherwise read again, up
/// to <paramref name="attempts"/> times. No writer waits for it.
/// </summary>
/// <param name="attempts">Reads of the whole graph before giving up.</param>
/// <param name="attemptsSetting">The setting that holds it, named in the failure's message.</param>
public sealed class ConsistentExport(int attempts, string attemptsSetting)
{
    private readonly int _attempts = attempts is >= 1 and <= 10
        ? attempts
        : throw new ArgumentOutOfRangeException(nameof(attempts), attempts, "Between 1 and 10 reads of the whole graph.");

    /// <summary>
    /// Reads with <paramref name="readAll"/> between two <paramref name="committedWrites"/>; a
    /// <see cref="StoreUnavailableException"/> when the graph changed during every read.
    /// </summary>
    public async Task<GraphDocument> ReadAsync(Func<CancellationToken, Task<long>> committedWrites, Func<CancellationToken, Task<GraphDocument>> readAll,
        CancellationToken cancellationToken)
    {
        string? problem = null;
        for (var attempt = 1; attempt <= _attempts; attempt++)
        {
            var before = await committedWrites(cancellationToken);
            var document = await readAll(cancellationToken);
            var after = await committedWrites(cancellationToken);
            var dangling = DocumentReferences.Dangling(document);
            if (before == after && dangling.Count == 0)
            {
                return document;
            }

            problem = dangling.Count > 0
                ? $"it referred to entities it did not hold ({string.Join("; ", dangling)})"
                : $"{after - before} write(s) committed while it was read";
        }

        throw new StoreUnavailableException(
            $"The graph changed during each of {_attempts} reads of it ({attemptsSetting}), so no consistent export " +
            $"could be made; the last read: {problem}. Nothing was changed; try again when fewer writes are running.");
    }

    /// <summary>
    /// The export's order, as every store returns it: entities by key, relationships by (type, from, to), passages by
    /// (source, paragraph) — ordinal, as SQLite's binary collation sorts these ASCII keys and type names.
    /// </summary>
    public static GraphDocument InOrder(IEnumerable<Entity> entities, IEnumerable<Relationship> relationships, IEnumerable<Passage> passages) => new(
        [.. entities.OrderBy(e => e.Key, StringComparer.Ordinal)],
        [.. relationships.OrderBy(r => r.Type, StringComparer.Ordinal).ThenBy(r => r.From, StringComparer.Ordinal).ThenBy(r => r.To, StringComparer.Ordinal)],
        [.. passages.OrderBy(p => p.SourceKey, StringComparer.Ordinal).ThenBy(p => p.Paragraph)]);
}
