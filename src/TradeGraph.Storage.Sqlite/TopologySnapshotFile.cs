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
            // The whole file in one read, parsed from memory: no stream call per key or count (issue 13).
            using var handle = File.OpenHandle(Path, FileMode.Open, FileAccess.Read, FileShare.Read);
            var length = RandomAccess.GetLength(handle);
            if (length > Array.MaxLength)
            {
                return null;
            }

            var bytes = GC.AllocateUninitializedArray<byte>((int)length);
            for (var read = 0; read < bytes.Length;)
            {
                var got = RandomAccess.Read(handle, bytes.AsSpan(read), read);
                if (got == 0)
                {
                    return null;
                }

                read += got;
            }

            return TopologySnapshotFormat.TryRead(bytes, stamp, cancellationToken);
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
