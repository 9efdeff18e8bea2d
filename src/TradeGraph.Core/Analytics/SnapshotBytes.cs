using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace TradeGraph.Core.Analytics;

/// <summary>
/// Reads what a <see cref="BinaryWriter"/> wrote (little-endian numbers, strings as a 7-bit length and UTF-8 bytes)
/// from bytes already in memory: the topology file read at start without a stream call per key (182,000 of them at 1M;
/// issue 13). Reading past the end throws <see cref="EndOfStreamException"/> and a malformed length
/// <see cref="FormatException"/>, as <see cref="BinaryReader"/> does; text is decoded as it decodes it.
/// </summary>
internal ref struct SnapshotBytes(ReadOnlySpan<byte> bytes)
{
    private readonly ReadOnlySpan<byte> _bytes = bytes;
    private int _position;

    /// <summary>Bytes not read yet.</summary>
    public readonly int Remaining => _bytes.Length - _position;

    public byte ReadByte() => Take(1)[0];

    public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

    public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

    public double ReadDouble() => BinaryPrimitives.ReadDoubleLittleEndian(Take(8));

    public string ReadString()
    {
        var length = Read7BitLength();
        return length == 0 ? string.Empty : Encoding.UTF8.GetString(Take(length));
    }

    /// <summary><paramref name="count"/> ints as they lie (the machine is little-endian: the format checks), one copy.</summary>
    public int[] ReadInts(int count)
    {
        var source = Take(checked(count * sizeof(int)));
        var values = GC.AllocateUninitializedArray<int>(count);
        source.CopyTo(MemoryMarshal.AsBytes(values.AsSpan()));
        return values;
    }

    public byte[] ReadBytes(int count) => Take(count).ToArray();

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || count > Remaining)
        {
            throw new EndOfStreamException("The snapshot ends early.");
        }

        var taken = _bytes.Slice(_position, count);
        _position += count;
        return taken;
    }

    /// <summary>BinaryWriter's 7-bit encoded length: at most five bytes, and not above int.MaxValue.</summary>
    private int Read7BitLength()
    {
        uint result = 0;
        for (var shift = 0; shift < 35; shift += 7)
        {
            var part = ReadByte();
            result |= (uint)(part & 0x7F) << shift;
            if ((part & 0x80) == 0)
            {
                return shift == 28 && part > 0b1111 ? throw new FormatException("A string length out of range.") : (int)result;
            }
        }

        throw new FormatException("A string length out of range.");
    }
}
