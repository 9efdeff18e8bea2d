using System.Buffers;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace TradeGraph.Core.Analytics;

/// <summary>
/// Rankings computed on a <see cref="GraphTopology"/> (PageRank over the whole graph) as bytes, so a restart on the same
/// graph answers from them instead of computing them again (decision 0017). The file carries the topology's fingerprint
/// (<see cref="Fingerprint"/>: a hash of its keys, kinds, types and ends, what a whole-graph ranking depends on) and,
/// per ranking, the recipe that made it (measure, projection, options) and a checksum; <see cref="TryRead"/> answers only
/// for the same fingerprint and recipe, and checks what it reads (the checksum, every node once, best first), so a
/// stale or damaged file is never used: the caller computes instead.
/// </summary>
public static class KeptRankingsFormat
{
    private const string Magic = "TradeGraph kept rankings";
    private const int Version = 1;

    /// <summary>A SHA-256 of what a whole-graph ranking of <paramref name="topology"/> depends on.</summary>
    public static byte[] Fingerprint(GraphTopology topology)
    {
        ArgumentNullException.ThrowIfNull(topology);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        AppendStrings(hash, topology.Keys);
        AppendStrings(hash, topology.KindNames);
        AppendStrings(hash, topology.TypeNames);
        hash.AppendData(topology.NodeKind);
        Append(hash, topology.RelationshipTypeIds);
        Append(hash, topology.RelationshipFrom);
        Append(hash, topology.RelationshipTo);
        return hash.GetHashAndReset();
    }

    /// <summary>Writes the rankings (by recipe) of the topology whose fingerprint is given; false on a big-endian machine.</summary>
    public static bool TryWrite(Stream output, byte[] fingerprint, GraphTopology topology, IReadOnlyDictionary<string, Ranking> rankings)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(fingerprint);
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(rankings);
        if (!BitConverter.IsLittleEndian)
        {
            return false;
        }

        using var writer = new BinaryWriter(output, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(Version);
        writer.Write(fingerprint.Length);
        writer.Write(fingerprint);
        writer.Write(rankings.Count);
        foreach (var (recipe, ranking) in rankings)
        {
            writer.Write(recipe);
            writer.Write(ranking.Iterations);
            writer.Write(ranking.Converged);
            writer.Write(ranking.Count);
            var nodes = new int[ranking.Count];
            var scores = new double[ranking.Count];
            for (var i = 0; i < ranking.Count; i++)
            {
                var node = Array.BinarySearch(topology.Keys, ranking[i].Key, StringComparer.Ordinal);
                nodes[i] = node >= 0 ? node : throw new ArgumentException($"The ranking holds '{ranking[i].Key}', which the topology does not.", nameof(rankings));
                scores[i] = ranking[i].Score;
            }

            output.Write(MemoryMarshal.AsBytes(nodes.AsSpan()));
            output.Write(MemoryMarshal.AsBytes(scores.AsSpan()));
            writer.Write(Checksum(recipe, ranking.Iterations, ranking.Converged, nodes, scores));
        }

        return true;
    }

    /// <summary>
    /// The ranking made by <paramref name="recipe"/> when the file holds one for the topology with
    /// <paramref name="fingerprint"/>, whole and consistent; null otherwise (the caller computes it).
    /// </summary>
    public static Ranking? TryRead(Stream input, byte[] fingerprint, GraphTopology topology, string recipe)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(fingerprint);
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(recipe);
        if (!BitConverter.IsLittleEndian)
        {
            return null;
        }

        try
        {
            using var reader = new BinaryReader(input, Encoding.UTF8, leaveOpen: true);
            if (reader.ReadString() != Magic || reader.ReadInt32() != Version || reader.ReadInt32() != fingerprint.Length
                || !reader.ReadBytes(fingerprint.Length).AsSpan().SequenceEqual(fingerprint))
            {
                return null;
            }

            var n = topology.NodeCount;
            Ranking? found = null;
            for (var entries = reader.ReadInt32(); entries > 0; entries--)
            {
                var name = reader.ReadString();
                var iterations = reader.ReadInt32();
                var converged = reader.ReadByte() switch
                {
                    0 => false,
                    1 => true,
                    _ => throw new InvalidDataException("A flag neither 0 nor 1."),
                };
                var count = reader.ReadInt32();
                if (count < 0 || count > n)
                {
                    return null;
                }

                var nodes = new int[count];
                var scores = new double[count];
                input.ReadExactly(MemoryMarshal.AsBytes(nodes.AsSpan()));
                input.ReadExactly(MemoryMarshal.AsBytes(scores.AsSpan()));
                if (!reader.ReadBytes(ChecksumLength).AsSpan().SequenceEqual(Checksum(name, iterations, converged, nodes, scores)))
                {
                    return null;
                }

                if (name == recipe && found is null)
                {
                    found = Ranked(topology, nodes, scores, iterations, converged) ?? throw new InvalidDataException("An inconsistent ranking.");
                }
            }

            // Nothing may follow the last entry (a count cut short would otherwise pass).
            return input.ReadByte() < 0 ? found : null;
        }
        catch (Exception error) when (error is EndOfStreamException or IOException or FormatException or InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>The ranking when every node is there once, best first with ties by key; null otherwise.</summary>
    private static Ranking? Ranked(GraphTopology topology, int[] nodes, double[] scores, int iterations, bool converged)
    {
        if (nodes.Length != topology.NodeCount)
        {
            return null;
        }

        var seen = new bool[nodes.Length];
        var ranks = new int[nodes.Length];
        for (var i = 0; i < nodes.Length; i++)
        {
            var node = nodes[i];
            if (node < 0 || node >= seen.Length || seen[node] || !double.IsFinite(scores[i]))
            {
                return null;
            }

            seen[node] = true;
            var rank = i + 1;
            if (i > 0)
            {
                // Keys are in ordinal order, so ties by key are ties by node index.
                var byScore = Ranking.Round(scores[i]).CompareTo(Ranking.Round(scores[i - 1]));
                if (byScore > 0 || (byScore == 0 && nodes[i - 1] >= node))
                {
                    return null;
                }

                rank = byScore == 0 ? ranks[i - 1] : rank;
            }

            ranks[i] = rank;
        }

        return Ranking.FromRanked(topology, nodes, scores, ranks, iterations, converged);
    }

    private const int ChecksumLength = 32;

    /// <summary>A SHA-256 of an entry: a flipped bit that would still read as a plausible ranking is caught.</summary>
    private static byte[] Checksum(string recipe, int iterations, bool converged, int[] nodes, double[] scores)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(recipe));
        hash.AppendData(BitConverter.GetBytes(iterations));
        hash.AppendData(BitConverter.GetBytes(converged));
        hash.AppendData(MemoryMarshal.AsBytes(nodes.AsSpan()));
        hash.AppendData(MemoryMarshal.AsBytes(scores.AsSpan()));
        return hash.GetHashAndReset();
    }

    private static void Append(IncrementalHash hash, int[] values)
    {
        hash.AppendData(BitConverter.GetBytes(values.Length));
        hash.AppendData(MemoryMarshal.AsBytes(values.AsSpan()));
    }

    /// <summary>
    /// Each string as its UTF-8 length and bytes, gathered into blocks: one hash call per string cost ≈ 40 ms at 182,000
    /// keys, before the first analytics answer (issue 13). The bytes hashed, so the fingerprint, are the same.
    /// </summary>
    private static void AppendStrings(IncrementalHash hash, string[] values)
    {
        hash.AppendData(BitConverter.GetBytes(values.Length));
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        var filled = 0;
        try
        {
            foreach (var value in values)
            {
                var most = Encoding.UTF8.GetMaxByteCount(value.Length) + 4;
                if (filled + most > buffer.Length)
                {
                    hash.AppendData(buffer, 0, filled);
                    filled = 0;
                    if (most > buffer.Length)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = ArrayPool<byte>.Shared.Rent(most);
                    }
                }

                var written = Encoding.UTF8.GetBytes(value, buffer.AsSpan(filled + 4));
                BitConverter.TryWriteBytes(buffer.AsSpan(filled), written);
                filled += written + 4;
            }

            hash.AppendData(buffer, 0, filled);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
