using TradeGraph.Core.Analytics;
using TradeGraph.Core.Storage;

namespace TradeGraph.Api.Analytics;

/// <summary>
/// The rankings computed ahead on the whole graph (PageRank, what sorting entities by a score needs first) kept beside
/// the store's topology file (<c>&lt;store&gt;.topology.rankings</c>, <see cref="KeptRankingsFormat"/>), stamped with the
/// topology's fingerprint: a restart on the same graph answers from the file instead of computing them, and a file
/// made on another graph, or damaged, is never read. A file that cannot be read or written is not an error: the
/// rankings are computed, as without one.
/// </summary>
internal sealed class KeptRankings(string path)
{
    private readonly Lock _writing = new();

    public string Path { get; } = path;

    /// <summary>The file beside the topology file the store keeps, if it keeps one and <see cref="AnalyticsOptions.KeepRankings"/> is on.</summary>
    public static KeptRankings? For(IGraphStore? storeOfRecord, AnalyticsOptions options) =>
        options.KeepRankings && (storeOfRecord as ITopologyFileStore)?.TopologyFilePath is { } topologyFile
            ? new KeptRankings(topologyFile + ".rankings")
            : null;

    public Ranking? TryRead(byte[] fingerprint, GraphTopology topology, string recipe)
    {
        try
        {
            using var input = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            return KeptRankingsFormat.TryRead(input, fingerprint, topology, recipe);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Replaces the file (written aside, then moved over) with these rankings of the topology.</summary>
    public void TryWrite(byte[] fingerprint, GraphTopology topology, IReadOnlyDictionary<string, Ranking> rankings)
    {
        lock (_writing)
        {
            var aside = Path + ".new";
            try
            {
                bool written;
                using (var output = new FileStream(aside, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
                {
                    written = KeptRankingsFormat.TryWrite(output, fingerprint, topology, rankings);
                }

                if (written)
                {
                    File.Move(aside, Path, overwrite: true);
                }
                else
                {
                    File.Delete(aside);
                }
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                // Read-only folder, full disk: the next start computes them, as it would without the file.
            }
        }
    }
}
