using System.Buffers;
using System.Text.Json;
using GraphQL.Execution;
using GraphQL.SystemTextJson;

namespace TradeGraph.Api.GraphQLHttp;

/// <summary>
/// GraphQL.NET's System.Text.Json serializer (same options, converters and error provider, so the same bytes) that can also
/// write an answer into pooled memory at once. An executed answer is already whole in memory, so the HTTP endpoint sends
/// it as one body with its Content-Length (<see cref="WriteBodyAsync"/>): no async serializer state per request, no
/// chunked framing, one write into the response pipe.
/// </summary>
internal sealed class JsonAnswerSerializer(JsonSerializerOptions options, IErrorInfoProvider errorInfoProvider)
    : GraphQLSerializer(options, errorInfoProvider)
{
    private const int DefaultMaxDepth = 64;

    // The writer settings JsonSerializer derives from the options for its own writers (the bytes are the same).
    private readonly JsonWriterOptions _writerOptions = new()
    {
        Encoder = options.Encoder,
        Indented = options.WriteIndented,
        IndentCharacter = options.IndentCharacter,
        IndentSize = options.IndentSize,
        NewLine = options.NewLine,
        MaxDepth = options.MaxDepth == 0 ? DefaultMaxDepth : options.MaxDepth,
        SkipValidation = true,
    };

    /// <summary>Writes <paramref name="value"/> as the whole response body with its Content-Length.</summary>
    public async Task WriteBodyAsync<T>(HttpResponse response, T value, CancellationToken cancellationToken)
    {
        // Serialized synchronously: a client already gone is not worth the work.
        cancellationToken.ThrowIfCancellationRequested();
        using var body = new PooledBytes();
        Write(body, value);
        response.ContentLength = body.Written.Length;
        await response.Body.WriteAsync(body.Written, cancellationToken);
    }

    /// <summary>Writes <paramref name="value"/> to <paramref name="destination"/> synchronously.</summary>
    public void Write<T>(IBufferWriter<byte> destination, T value)
    {
        using var writer = new Utf8JsonWriter(destination, _writerOptions);
        JsonSerializer.Serialize(writer, value, SerializerOptions);
    }
}

/// <summary>
/// A growable byte buffer on the shared array pool (its array goes back when disposed). Arrays above
/// <see cref="LargestPooled"/> are neither taken from nor given to the pool: the shared pool keeps what it is given (per
/// core, trimmed only by a full collection after about a minute unused), so one very large answer would otherwise hold
/// its buffers — and every smaller one it grew through — live where the idle compaction cannot return them.
/// </summary>
internal sealed class PooledBytes : IBufferWriter<byte>, IDisposable
{
    // Most answers fit at once (the nested workload's is ≈ 18 KB), so the buffer seldom grows and copies.
    private const int FirstSize = 32 * 1024;
    internal const int LargestPooled = 1024 * 1024;
    private byte[] _array = Rent(FirstSize);
    private int _length;

    public ReadOnlyMemory<byte> Written => _array.AsMemory(0, _length);

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _array.Length - _length);
        _length += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _array.AsMemory(_length);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _array.AsSpan(_length);
    }

    public void Dispose()
    {
        var array = _array;
        _array = [];
        _length = 0;
        Return(array);
    }

    private void Reserve(int sizeHint)
    {
        var needed = Math.Max(sizeHint, 1);
        if (_array.Length - _length >= needed)
        {
            return;
        }

        var grown = Rent(Math.Max(checked(_length + needed), _array.Length * 2));
        _array.AsSpan(0, _length).CopyTo(grown);
        Return(_array);
        _array = grown;
    }

    private static byte[] Rent(int size) => size <= LargestPooled ? ArrayPool<byte>.Shared.Rent(size) : GC.AllocateUninitializedArray<byte>(size);

    private static void Return(byte[] array)
    {
        if (array.Length is > 0 and <= LargestPooled)
        {
            ArrayPool<byte>.Shared.Return(array);
        }
    }
}
