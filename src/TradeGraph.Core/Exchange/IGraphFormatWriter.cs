using System.Text;
using TradeGraph.Core.Graph;

namespace TradeGraph.Core.Exchange;

/// <summary>Writes a whole <see cref="GraphDocument"/> in one exchange format, streaming to a <see cref="TextWriter"/>.</summary>
public interface IGraphFormatWriter
{
    /// <summary>The usual file extension of the format, with its dot (".json").</summary>
    string FileExtension { get; }

    /// <summary>Writes <paramref name="document"/> in pieces, so a large graph never becomes one giant string.</summary>
    Task WriteAsync(GraphDocument document, TextWriter writer, CancellationToken cancellationToken);
}

/// <summary>Stream and string forms of <see cref="IGraphFormatWriter.WriteAsync"/>.</summary>
public static class GraphFormatWriterExtensions
{
    /// <summary>UTF-8 without a byte order mark: what every reader of these formats expects.</summary>
    public static Encoding Utf8 { get; } = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Writes <paramref name="document"/> to <paramref name="stream"/> as UTF-8, leaving the stream open.</summary>
    public static async Task WriteAsync(this IGraphFormatWriter format, GraphDocument document, Stream stream, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(stream, Utf8, bufferSize: 64 * 1024, leaveOpen: true);
        await format.WriteAsync(document, writer, cancellationToken);
        await writer.FlushAsync(cancellationToken);
    }

    /// <summary>The whole output as one string; for tests and small documents.</summary>
    public static async Task<string> WriteToStringAsync(this IGraphFormatWriter format, GraphDocument document, CancellationToken cancellationToken)
    {
        await using var writer = new Utf8StringWriter();
        await format.WriteAsync(document, writer, cancellationToken);
        return writer.ToString();
    }

    /// <summary>A string writer that reports UTF-8, so an XML declaration written through it says utf-8 like a file would.</summary>
    private sealed class Utf8StringWriter() : StringWriter(System.Globalization.CultureInfo.InvariantCulture)
    {
        public override Encoding Encoding => Utf8;
    }
}
