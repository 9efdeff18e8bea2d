using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace TradeGraph.Api.Tests.Hosting;

/// <summary>
/// TradeGraph.Api.dll from this test's output folder, run by the dotnet host on a free port (an OS process of its own);
/// killed with its process tree when disposed.
/// </summary>
internal sealed class ServerProcess : IDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<ServerProcess> StartAsync(string databasePath, CancellationToken cancellationToken)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo("dotnet", ["TradeGraph.Api.dll", "--urls", address.ToString()])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["Storage__Sqlite__Path"] = databasePath;
        start.Environment["Security__ApiKeys__0__Name"] = "test-writer";
        start.Environment["Security__ApiKeys__0__Hash"] = TestKeys.Hash(TestKeys.Writer);
        start.Environment["Security__ApiKeys__0__Scopes__0"] = "write";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        // What is under test is the writes: the hashing embedder keeps the re-embedding after each write from
        // taking the CPU the writers need (the model's own cost is measured in bench/, not here).
        start.Environment["Semantic__Embedder"] = "Hashing";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var client = new HttpClient { BaseAddress = address };
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The server exited with code {process.ExitCode} before answering.");
            }

            try
            {
                using var health = await client.GetAsync("/health", cancellationToken);
                if (health.StatusCode == HttpStatusCode.OK)
                {
                    return new ServerProcess(process, address);
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing; only what SQLite already made durable survives.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
