using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;

namespace TradeGraph.Api.Tests.Hosting;

/// <summary>
/// The real service in process, on its own SQLite file in a temporary folder, seeded from seed/ on start.
/// <see cref="StartKestrel"/> puts it on a real loopback port for clients outside the process (the audit, a browser).
/// </summary>
public class TradeGraphApplication : WebApplicationFactory<Program>
{
    private readonly string _folder;
    private readonly bool _ownsFolder;

    private Uri? _kestrel;

    public TradeGraphApplication()
        : this(Directory.CreateTempSubdirectory("tradegraph-tests-").FullName, ownsFolder: true)
    {
    }

    /// <summary>On the database in <paramref name="folder"/>, which another application may share (replica tests); deleted on dispose only when owned.</summary>
    protected TradeGraphApplication(string folder, bool ownsFolder)
    {
        _folder = folder;
        _ownsFolder = ownsFolder;
    }

    public string DatabasePath => Path.Combine(_folder, "tradegraph.db");

    /// <summary>The Semantic:Embedder this application runs with.</summary>
    protected virtual string Embedder => "Hashing";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Storage:Sqlite:Path", DatabasePath);
        // Tests that need meaning ask for the model (SemanticApplication); the rest embed by hashing words, instantly.
        builder.UseSetting("Semantic:Embedder", Embedder);
        var keys = new (string Name, string Key, string[] Scopes, string[] Kinds)[]
        {
            ("test-writer", TestKeys.Writer, ["write"], []),
            ("test-reader", TestKeys.Reader, ["read"], []),
            ("test-official-editor", TestKeys.OfficialsOnly, ["write"], ["Official"]),
            ("test-admin", TestKeys.Admin, ["admin"], []),
        };
        for (var i = 0; i < keys.Length; i++)
        {
            builder.UseSetting($"Security:ApiKeys:{i}:Name", keys[i].Name);
            builder.UseSetting($"Security:ApiKeys:{i}:Hash", TestKeys.Hash(keys[i].Key));
            for (var s = 0; s < keys[i].Scopes.Length; s++)
            {
                builder.UseSetting($"Security:ApiKeys:{i}:Scopes:{s}", keys[i].Scopes[s]);
            }

            for (var k = 0; k < keys[i].Kinds.Length; k++)
            {
                builder.UseSetting($"Security:ApiKeys:{i}:Kinds:{k}", keys[i].Kinds[k]);
            }
        }
    }

    /// <summary>Starts Kestrel on a free loopback port and returns the base address (http://127.0.0.1:port).</summary>
    public Uri StartKestrel()
    {
        if (_kestrel is not null)
        {
            return _kestrel;
        }

        UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, 0));
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _kestrel = new Uri(address);
        return _kestrel;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (!_ownsFolder)
        {
            return;
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open is left to the OS's temp cleaning.
        }
    }
}
