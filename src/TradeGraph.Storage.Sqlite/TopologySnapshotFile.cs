using TradeGraph.Core.Analytics;

namespace TradeGraph.Storage.Sqlite;

/// <summary>
/// The analytics topology kept next to the store's file (<c>&lt;store&gt;.topology</c>, <see cref="TopologySnapshotFormat"/>):
/// read back when its stamp matches the store's, replaced (written aside, then moved over) after every read of the
/// tables. A file that cannot be read or written is not an error: the tables answer, as without one.
/// </summary>
internal sealed class TopologySnapshotFile(string path)
{
    private readonly Lock _writing = new();

    public string Path { get; } = path;

    /// <summary>The file for a store's path; null for an in-memory database (nothing to keep it next to).</summary>
    public static TopologySnapshotFile? For(string storePath) =>
        string.IsNullOrWhiteSpace(storePath) || storePath.Trim() == ":memory:" ? null
            : new TopologySnapshotFile(System.IO.Path.GetFullPath(storePath) + ".topology");

    public GraphTopology? TryRead(string stamp, CancellationToken cancellationToken)
    {
        try
        {
            // Unbuffered: the format's reader buffers itself and reads the large arrays straight into place (issue 13).
            using var input = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
            return TopologySnapshotFormat.TryRead(input, stamp, cancellationToken);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public void TryWrite(GraphTopology topology, string stamp)
    {
        // One writer at a time (two reads of the tables at once would race for the temporary file).
        lock (_writing)
        {
            var aside = Path + ".new";
            try
            {
                bool written;
                using (var output = new FileStream(aside, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
                {
                    written = TopologySnapshotFormat.TryWrite(topology, stamp, output);
                }

                if (written)
                {
                    File.Move(aside, Path, overwrite: true);
                }
                else
                {
                    File.Delete(aside);
                    File.Delete(Path);
                }
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                // Read-only folder, full disk: the next start reads the tables, as it would without the file.
            }
        }
    }
}
