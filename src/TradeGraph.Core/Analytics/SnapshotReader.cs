using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace TradeGraph.Core.Analytics;

/// <summary>
/// Reads what a <see cref="BinaryWriter"/> wrote (little-endian numbers, strings as a 7-bit length and UTF-8 bytes)
/// through a buffer of its own: a key is decoded straight from the buffer (<see cref="BinaryReader"/> made a stream call
/// per key, 182,000 of them at 1M, before the first analytics answer; issue 13), and a large array is read from the
/// stream straight into the array, never through a copy of the whole file. Reading past the end throws
/// <see cref="EndOfStreamException"/> and a malformed length <see cref="FormatException"/>, as <see cref="BinaryReader"/>
/// does; text is decoded as it decodes it.
/// </summary>
internal sealed class SnapshotReader(Stream input)
{
    private byte[] _buffer = new byte[1 << 16];
    private int _start;
    private int _end;

    /// <summary>Bytes not read yet (buffered or still in the stream); unbounded for a stream that cannot tell.</summary>
    public long Remaining => input.CanSeek ? input.Length - input.Position + (_end - _start) : long.MaxValue;

    public byte ReadByte() => Take(1)[0];

    public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

    public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

    public double ReadDouble() => BinaryPrimitives.ReadDoubleLittleEndian(Take(8));

    public string ReadString()
    {
        var length = Read7BitLength();
        return length == 0 ? string.Empty : Encoding.UTF8.GetString(Take(length));
    }

    /// <summary><paramref name="count"/> bytes as they lie: what is buffered, then the rest from the stream into the array.</summary>
    public byte[] ReadBytes(int count)
    {
        var values = GC.AllocateUninitializedArray<byte>(count);
        Fill(values);
        return values;
    }

    /// <summary><paramref name="count"/> ints as they lie (the format reads only on little-endian machines).</summary>
    public int[] ReadInts(int count)
    {
        var values = GC.AllocateUninitializedArray<int>(count);
        Fill(MemoryMarshal.AsBytes(values.AsSpan()));
        return values;
    }

    /// <summary>Whether the stream has nothing left after what was read.</summary>
    public bool AtEnd() => _start == _end && input.ReadByte() < 0;

    private void Fill(Span<byte> destination)
    {
        var buffered = Math.Min(destination.Length, _end - _start);
        _buffer.AsSpan(_start, buffered).CopyTo(destination);
        _start += buffered;
        input.ReadExactly(destination[buffered..]);
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0)
        {
            throw new EndOfStreamException("A length beyond the snapshot.");
        }

        if (_end - _start < count)
        {
            Refill(count);
        }

        var taken = _buffer.AsSpan(_start, count);
        _start += count;
        return taken;
    }

    /// <summary>Moves what is left to the front, grows the buffer for a longer string, and reads until <paramref name="count"/> bytes are there.</summary>
    private void Refill(int count)
    {
        var left = _end - _start;
        if (input.CanSeek && count - left > input.Length - input.Position)
        {
            // A damaged length must not allocate what the file cannot hold.
            throw new EndOfStreamException("A length beyond the snapshot.");
        }

        if (count > _buffer.Length)
        {
            var larger = new byte[Math.Max(count, _buffer.Length * 2)];
            _buffer.AsSpan(_start, left).CopyTo(larger);
            _buffer = larger;
        }
        else
        {
            _buffer.AsSpan(_start, left).CopyTo(_buffer);
        }

        (_start, _end) = (0, left);
        while (_end < count)
        {
            var read = input.Read(_buffer, _end, _buffer.Length - _end);
            if (read == 0)
            {
                throw new EndOfStreamException("The snapshot ends early.");
            }

            _end += read;
        }
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
