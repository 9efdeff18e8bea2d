using System.Buffers.Binary;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace TradeGraph.Api.Tests.Hostile;

/// <summary>
/// A WebSocket client written on a bare TCP socket, as an attacker would: it can ask for the upgrade and read the HTTP
/// answer, then send graphql-transport-ws messages while never reading anything, with a 4 KB receive buffer (as in the
/// security review), so the server's sends to it soon stop going through.
/// </summary>
internal sealed class RawWebSocket : IDisposable
{
    private readonly Socket _socket;
    private readonly CancellationToken _cancellationToken;

    private RawWebSocket(Socket socket, CancellationToken cancellationToken)
    {
        _socket = socket;
        _cancellationToken = cancellationToken;
    }

    /// <summary>Sends the upgrade request and reads the answer's status line and headers (and body, when it is not 101).</summary>
    public static async Task<(RawWebSocket Socket, int Status, string Answer)> ConnectAsync(
        Uri server, CancellationToken cancellationToken, string? apiKey = null)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        await socket.ConnectAsync(server.Host, server.Port, cancellationToken);
        var request = new StringBuilder()
            .Append("GET /graphql HTTP/1.1\r\n")
            .Append($"Host: {server.Authority}\r\n")
            .Append("Upgrade: websocket\r\nConnection: Upgrade\r\n")
            .Append($"Sec-WebSocket-Key: {Convert.ToBase64String(RandomNumberGenerator.GetBytes(16))}\r\n")
            .Append("Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: graphql-transport-ws\r\n")
            .Append(apiKey is null ? "" : $"X-Api-Key: {apiKey}\r\n")
            .Append("\r\n");
        await socket.SendAsync(Encoding.ASCII.GetBytes(request.ToString()), SocketFlags.None, cancellationToken);

        // Byte by byte up to the blank line, so nothing of the WebSocket stream after it is taken.
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await socket.ReceiveAsync(one, SocketFlags.None, cancellationToken) == 0)
            {
                break;
            }

            head.Append((char)one[0]);
        }

        var answer = head.ToString();
        var status = int.Parse(answer.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var length = answer.Split("\r\n").FirstOrDefault(h => h.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        if (status != 101 && length is not null)
        {
            var body = new byte[int.Parse(length["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture)];
            var read = 0;
            while (read < body.Length)
            {
                read += await socket.ReceiveAsync(body.AsMemory(read), SocketFlags.None, cancellationToken);
            }

            answer += Encoding.UTF8.GetString(body);
        }

        return (new RawWebSocket(socket, cancellationToken), status, answer);
    }

    public Task SendAsync(object message) => SendTextAsync(JsonSerializer.Serialize(message));

    public Task SubscribeAsync(string id, string query) => SendAsync(new { id, type = "subscribe", payload = new { query } });

    /// <summary>One masked text frame (clients must mask).</summary>
    public async Task SendTextAsync(string text)
    {
        var payload = Encoding.UTF8.GetBytes(text);
        var header = new List<byte> { 0x81 };
        if (payload.Length < 126)
        {
            header.Add((byte)(0x80 | payload.Length));
        }
        else
        {
            header.Add(0x80 | 126);
            var length = new byte[2];
            BinaryPrimitives.WriteUInt16BigEndian(length, checked((ushort)payload.Length));
            header.AddRange(length);
        }

        var mask = RandomNumberGenerator.GetBytes(4);
        header.AddRange(mask);
        for (var i = 0; i < payload.Length; i++)
        {
            payload[i] ^= mask[i % 4];
        }

        await _socket.SendAsync(header.Concat(payload).ToArray(), SocketFlags.None, _cancellationToken);
    }

    public void Dispose() => _socket.Dispose();
}
