using System.Buffers;

namespace TradeGraph.Api.GraphQLHttp;

/// <summary>A request body read whole into a pooled buffer (at most one byte over the limit, so an overrun is seen).</summary>
internal static class RequestBody
{
    private const int FirstSize = 4096;

    /// <summary>
    /// Reads the body; return the buffer with <see cref="Return"/> once read. A ValueTask: a small body is usually in
    /// Kestrel's buffer already, and a Task would be allocated for that synchronous answer on every POST.
    /// </summary>
    public static async ValueTask<(byte[] Buffer, int Length)> ReadAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        var cap = (int)Math.Min(limit + 1, Array.MaxLength);
        var buffer = ArrayPool<byte>.Shared.Rent(request.ContentLength is > 0 and var length ? (int)Math.Min(length + 1, cap) : FirstSize);
        var count = 0;
        try
        {
            while (count < cap)
            {
                if (count == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, cap));
                    buffer.AsSpan(0, count).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(count, Math.Min(buffer.Length, cap) - count), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                count += read;
            }

            return (buffer, count);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    public static void Return(byte[] buffer) => ArrayPool<byte>.Shared.Return(buffer);
}
