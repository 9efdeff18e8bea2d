using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using TradeGraph.Core.Analytics;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Synthetic;

namespace TradeGraph.Core.Tests.Analytics;

/// <summary>
/// The topology file read through the format's own buffer (issue 13: no stream call per key, arrays read into place): what was written
/// is read back exactly, however the stream hands its bytes out; a file cut anywhere, with a malformed string length, or with a
/// kind, type or end out of range is never read; and the kept rankings' fingerprint, hashed in blocks, is the hash of
/// the very bytes it hashed one key at a time before.
/// </summary>
public sealed class TopologySnapshotFormatTests
{
    private const string Stamp = "7 1 0 42 286 900 900\nSELECT";

    private static readonly GraphDocument Document = DatesAndNumbersOnly(ScaleGenerator.Generate(1_000, seed: 5));
    private static readonly GraphTopology Topology = GraphTopology.From(Document);

    [Fact]
    public void WhatIsWrittenIsReadBackExactlyFromBytesAndFromAStream()
    {
        var bytes = Write(Topology);

        var fromBytes = Read(bytes);
        // Through a stream that hands out a few bytes per call: every refill of the reader's buffer is taken.
        var fromStream = TopologySnapshotFormat.TryRead(new Trickle(bytes), Stamp);

        Assert.NotNull(fromBytes);
        Assert.NotNull(fromStream);
        Assert.True(Topology.DatedRelationships.Count > 0, "the generated graph has dated relationships, so the dates section is read");
        Assert.Equal(Describe(Topology), Describe(fromBytes));
        Assert.Equal(Describe(Topology), Describe(fromStream));
        Assert.Null(TopologySnapshotFormat.TryRead(new MemoryStream(bytes), Stamp + " "));
    }

    [Fact]
    public void AFileCutAnywhereOrWithATrailingByteIsNeverRead()
    {
        var bytes = Write(Topology);

        // Every cut in the header and the keys, then a stride through the arrays and the tail.
        for (var length = 0; length < bytes.Length; length += length < 4_000 ? 1 : 97)
        {
            Assert.Null(Read(bytes[..length]));
        }

        Assert.Null(Read(bytes[..^1]));
        Assert.Null(Read([.. bytes, 0]));
    }

    [Fact]
    public void AStringLengthOfMoreThanFiveBytesOrAboveTheFileIsRefused()
    {
        var bytes = Write(Topology);
        var magic = Encoding.UTF8.GetByteCount("TradeGraph topology");

        // The magic's length byte made a six-byte 7-bit length (every byte with its high bit set).
        Assert.Null(Read([0x80, 0x80, 0x80, 0x80, 0x80, 0x01, .. bytes[1..]]));
        // A five-byte length whose value does not fit an int.
        Assert.Null(Read([0xFF, 0xFF, 0xFF, 0xFF, 0x0F, .. bytes[1..]]));
        // A length that promises more bytes than the file holds.
        Assert.Null(Read([0xFF, 0xFF, 0xFF, 0x03, .. bytes[1..]]));
        Assert.Equal(magic, bytes[0]);
    }

    [Theory]
    [InlineData("kind")]
    [InlineData("type")]
    [InlineData("from")]
    [InlineData("to")]
    [InlineData("negative end")]
    public void AKindTypeOrEndOutOfRangeIsRefused(string damaged)
    {
        var bytes = Write(Topology);
        var (n, m) = (Topology.NodeCount, Topology.RelationshipCount);
        var nodeKind = ArraysStart(bytes);
        var types = nodeKind + n + (8 * n);
        var (from, to) = (types + (4 * m), types + (8 * m));
        switch (damaged)
        {
            case "kind":
                bytes[nodeKind + n - 1] = (byte)Topology.KindNames.Length;
                break;
            case "type":
                BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(types + (4 * (m / 2))), Topology.TypeNames.Length);
                break;
            case "from":
                BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(from), n);
                break;
            case "to":
                BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(to + (4 * (m - 1))), int.MaxValue);
                break;
            default:
                BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(to + (4 * (m / 3))), -1);
                break;
        }

        Assert.Null(Read(bytes));
        Assert.NotNull(Read(Write(Topology)));
    }

    [Fact]
    public void TheFingerprintIsTheHashOfEachKeyAsItsLengthAndBytesAsBefore()
    {
        // A key longer than the 64 KB block, and keys with multi-byte characters, beside the generated ones.
        var document = Document with
        {
            Entities = [.. Document.Entities, Graphs.Node(new string('ü', 40_000)), Graphs.Node("ключ-€"), Graphs.Node("z-" + new string('x', 70_000))],
        };
        var topology = GraphTopology.From(document);

        Assert.Equal(OneKeyAtATime(topology), KeptRankingsFormat.Fingerprint(topology));
        Assert.Equal(OneKeyAtATime(Topology), KeptRankingsFormat.Fingerprint(Topology));
    }

    /// <summary>What a store's topology keeps of a relationship: its dates and numbers (the format writes integers and doubles).</summary>
    private static GraphDocument DatesAndNumbersOnly(GraphDocument document) => document with
    {
        Relationships = [.. document.Relationships.Select(r => r with
        {
            Properties = r.Properties.Where(p => p.Value is long or double or DateOnly).ToDictionary(p => p.Key, p => p.Value),
        })],
    };

    private static GraphTopology? Read(byte[] bytes) => TopologySnapshotFormat.TryRead(new MemoryStream(bytes), Stamp);

    private static byte[] Write(GraphTopology topology)
    {
        using var output = new MemoryStream();
        Assert.True(TopologySnapshotFormat.TryWrite(topology, Stamp, output));
        return output.ToArray();
    }

    /// <summary>Where the node kinds start: after the header, the kind, type and key names, and the relationship count.</summary>
    private static int ArraysStart(byte[] bytes)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
        reader.ReadString();
        reader.ReadInt32();
        reader.ReadString();
        for (var list = 0; list < 3; list++)
        {
            for (var i = reader.ReadInt32(); i > 0; i--)
            {
                reader.ReadString();
            }
        }

        reader.ReadInt32();
        return (int)reader.BaseStream.Position;
    }

    /// <summary>The fingerprint as it was computed before (one hash call per key), to hold the blocked one to it.</summary>
    private static byte[] OneKeyAtATime(GraphTopology topology)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var strings in new[] { topology.Keys, topology.KindNames, topology.TypeNames })
        {
            hash.AppendData(BitConverter.GetBytes(strings.Length));
            foreach (var value in strings)
            {
                var bytes = Encoding.UTF8.GetBytes(value);
                hash.AppendData(BitConverter.GetBytes(bytes.Length));
                hash.AppendData(bytes);
            }
        }

        hash.AppendData(topology.NodeKind);
        foreach (var values in new[] { topology.RelationshipTypeIds, topology.RelationshipFrom, topology.RelationshipTo })
        {
            hash.AppendData(BitConverter.GetBytes(values.Length));
            hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
        }

        return hash.GetHashAndReset();
    }

    /// <summary>A stream that returns at most 7 bytes a read (a file may return fewer bytes than asked).</summary>
    private sealed class Trickle(byte[] bytes) : MemoryStream(bytes)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 7));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, 7)]);
    }

    private static List<string> Describe(GraphTopology t) =>
    [
        string.Join(",", t.KindNames), string.Join(",", t.TypeNames),
        .. Enumerable.Range(0, t.NodeCount).Select(v => $"{t.Keys[v]} {t.NodeKind[v]} {t.NodeEarliest[v]}..{t.NodeLatest[v]}"),
        .. Enumerable.Range(0, t.RelationshipCount).Select(r =>
            $"{t.RelationshipTypeIds[r]} {t.RelationshipFrom[r]} {t.RelationshipTo[r]} {t.RelationshipDates(r)} "
            + string.Join(",", t.RelationshipValues.Keys.Order(StringComparer.Ordinal).Select(p => $"{p}={t.RelationshipValue(r, p)}"))),
    ];
}
