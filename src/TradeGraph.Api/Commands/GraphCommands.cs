using System.Data.Common;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;
using TradeGraph.Api.Semantic;
using TradeGraph.Api.Storage;
using TradeGraph.Core.Exchange;
using TradeGraph.Core.Model;
using TradeGraph.Core.Seeding;
using TradeGraph.Core.Storage;
using TradeGraph.Core.Synthetic;

namespace TradeGraph.Api.Commands;

/// <summary>
/// <c>export</c>, <c>import</c> and <c>generate</c> from the command line. They open the store the server would open (the same
/// appsettings.json, environment variables and <c>--Key=value</c> settings, through <see cref="StorageServiceCollectionExtensions.AddGraphStore"/>),
/// migrate it, do their work and exit, without starting the web server or seeding an empty store.
/// </summary>
internal static class GraphCommands
{
    public const int Succeeded = 0;
    public const int Failed = 1;
    public const int UsageError = 2;

    public const string Usage = """
        Usage:
          TradeGraph.Api export [--format seed|cypher|graphml] [--out <file>] [--Key=value ...]
          TradeGraph.Api import <file-or-folder>... [--Key=value ...]
          TradeGraph.Api generate --relationships <N> [--seed <S>] [--out <folder> | --import] [--Key=value ...]
          TradeGraph.Api new-key <name> [read|write|admin]

        export  writes the whole graph to <file>, or to standard output (format: seed unless given).
                seed: the JSON that seed/ holds; cypher: a script for cypher-shell; graphml: for Gephi, yEd, NetworkX.
        import  loads seed-format JSON files (a folder means every *.json in it) in one transaction: all or nothing.
        generate makes a synthetic trade graph of exactly N relationships (1000 to 10000000), the same for the same
                seed (default 1): seed-format JSON into <folder> (new or without .json files; split into parts), to
                standard output, or with --import straight into the store (one transaction, as import).
        new-key prints a new random API key and the settings that configure it (only its hash is kept).

        The store is the server's: appsettings.json, environment variables (Storage__Sqlite__Path=...) and
        --Key=value settings (--Storage:Sqlite:Path=graph.db).
        """;

    /// <summary>
    /// Whether the command line names a command rather than starting the server: a first word that is not a setting
    /// (settings look like --Key=value or Key=value). A mistyped command then gets the usage, not a running server.
    /// </summary>
    public static bool IsCommand(string[] args) =>
        args is [var first, ..] && first.Length > 0 && !first.StartsWith('-') && !first.StartsWith('/') && !first.Contains('=', StringComparison.Ordinal);

    /// <summary>Runs a command on the process's console: buffered UTF-8 standard output, Ctrl+C cancels.</summary>
    public static async Task<int> RunConsoleAsync(string[] args)
    {
        using var cancellation = new CancellationTokenSource();
        void Cancel(object? sender, ConsoleCancelEventArgs e)
        {
            e.Cancel = true;
            cancellation.Cancel();
        }

        Console.CancelKeyPress += Cancel;
        try
        {
            await using var stdout = new StreamWriter(Console.OpenStandardOutput(), GraphFormatWriterExtensions.Utf8, bufferSize: 64 * 1024);
            var code = await RunAsync(args, stdout, Console.Error, cancellation.Token);
            await stdout.FlushAsync(CancellationToken.None);
            return code;
        }
        finally
        {
            Console.CancelKeyPress -= Cancel;
        }
    }

    /// <summary>Runs <c>export</c> or <c>import</c>; returns 0 on success, 1 when it failed (nothing changed), 2 for a usage error.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        if (args is ["new-key", var keyName, .. var scopes] && scopes.Length <= 1 && scopes.All(s => s is "read" or "write" or "admin"))
        {
            await stdout.WriteLineAsync(NewKey(keyName, scopes is [var scope] ? scope : "write").AsMemory(), cancellationToken);
            return Succeeded;
        }

        var (command, usageError) = CommandLine.Parse(args);
        if (command is null)
        {
            await stderr.WriteLineAsync(usageError.AsMemory(), cancellationToken);
            await stderr.WriteLineAsync(Usage.AsMemory(), cancellationToken);
            return UsageError;
        }

        try
        {
            return command.Name switch
            {
                "export" => await ExportAsync(command, stdout, stderr, cancellationToken),
                "generate" => await GenerateAsync(command, stdout, stderr, cancellationToken),
                _ => await ImportAsync(command, stdout, stderr, cancellationToken),
            };
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException or DbException or OptionsValidationException)
        {
            // The store refused (a key changing kind, a second value for a single-valued end) or could not be opened.
            var outcome = command.Name switch { "export" => "Export failed", "generate" => "Generation failed", _ => "Nothing was imported" };
            await stderr.WriteLineAsync($"{outcome}: {e.Message}".AsMemory(), cancellationToken);
            return Failed;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C: the import's transaction was rolled back, the export's partial file removed.
            await stderr.WriteLineAsync($"{command.Name} cancelled; nothing was changed.".AsMemory(), CancellationToken.None);
            return Failed;
        }
    }

    private static async Task<int> ExportAsync(CommandLine command, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        await using var services = Services(command.Settings);
        var (store, model) = await OpenStoreAsync(services, cancellationToken);
        var format = Format(command.Format, model);
        var document = await store.ExportAsync(cancellationToken);

        if (command.Out is null)
        {
            await format.WriteAsync(document, stdout, cancellationToken);
            await stdout.FlushAsync(cancellationToken);
            return Succeeded;
        }

        // Written beside the target and moved into place, so a failed export never leaves half a file behind.
        var target = Path.GetFullPath(command.Out);
        var partial = target + ".partial";
        try
        {
            await using (var stream = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true))
            {
                await format.WriteAsync(document, stream, cancellationToken);
            }

            File.Move(partial, target, overwrite: true);
        }
        finally
        {
            if (File.Exists(partial))
            {
                File.Delete(partial);
            }
        }

        // On stderr: standard output carries nothing but the graph, with or without --out.
        await stderr.WriteLineAsync(
            $"Exported {document.Entities.Count} entities and {document.Relationships.Count} relationships to {target}".AsMemory(), cancellationToken);
        return Succeeded;
    }

    private static async Task<int> ImportAsync(CommandLine command, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var files = new List<string>();
        foreach (var path in command.Paths)
        {
            if (Directory.Exists(path))
            {
                var inFolder = Directory.GetFiles(path, "*.json").Order(StringComparer.Ordinal).ToList();
                if (inFolder.Count == 0)
                {
                    await stderr.WriteLineAsync($"{path}: the folder holds no .json file; nothing was imported.".AsMemory(), cancellationToken);
                    return Failed;
                }

                files.AddRange(inFolder.Select(file => Path.Combine(path, Path.GetFileName(file))));
            }
            else if (File.Exists(path))
            {
                files.Add(path);
            }
            else
            {
                // The full path too: under `dotnet run` a relative path starts from the project folder, which surprises.
                await stderr.WriteLineAsync($"{path}: no such file or folder ({Path.GetFullPath(path)}); nothing was imported.".AsMemory(), cancellationToken);
                return Failed;
            }
        }

        await using var services = Services(command.Settings);
        var model = services.GetRequiredService<GraphModel>();
        Core.Graph.GraphDocument document;
        try
        {
            // Every file is checked before the store is touched.
            // An export may hold editorial facts (no source): an import accepts them; the seed folder does not.
            // Read one file at a time as the reader asks for it, so only one file's text is held at once.
            document = new SeedReader(model, requireSources: false).Read(files.Select(file => (file, File.ReadAllText(file))));
        }
        catch (SeedValidationException e)
        {
            foreach (var error in e.Errors)
            {
                await stderr.WriteLineAsync($"{error.File}: {error.Item}: {error.Reason}".AsMemory(), cancellationToken);
            }

            await stderr.WriteLineAsync($"Nothing was imported ({e.Errors.Count} problem(s)).".AsMemory(), cancellationToken);
            return Failed;
        }

        var (store, _) = await OpenStoreAsync(services, cancellationToken);
        var result = await store.ImportAsync(document, cancellationToken);
        await stdout.WriteLineAsync(
            $"Imported {document.Entities.Count} entities and {document.Relationships.Count} relationships: {result.Inserted} inserted, {result.Updated} updated, {result.Unchanged} unchanged"
                .AsMemory(), cancellationToken);
        await ImportEmbedding.RunAsync(services, store, stdout, cancellationToken);
        return Succeeded;
    }

    private static async Task<int> GenerateAsync(CommandLine command, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        string? folder = null;
        if (command.Out is not null)
        {
            folder = Path.GetFullPath(command.Out);
            // Parts of an earlier, larger graph would be imported with this one: refuse rather than mix them.
            if (Directory.Exists(folder) && Directory.EnumerateFiles(folder, "*.json").Any())
            {
                await stderr.WriteLineAsync($"{folder} already holds .json files; choose a new or empty folder. Nothing was generated.".AsMemory(), cancellationToken);
                return Failed;
            }
        }

        var document = ScaleGenerator.Generate(command.Relationships, command.Seed, cancellationToken);
        var made = $"Generated {document.Entities.Count} entities and {document.Relationships.Count} relationships (seed {command.Seed})";
        if (command.Import)
        {
            await using var services = Services(command.Settings);
            var (store, _) = await OpenStoreAsync(services, cancellationToken);
            var result = await store.ImportAsync(document, cancellationToken);
            await stdout.WriteLineAsync(
                $"{made}; imported: {result.Inserted} inserted, {result.Updated} updated, {result.Unchanged} unchanged".AsMemory(), cancellationToken);
            await ImportEmbedding.RunAsync(services, store, stdout, cancellationToken);
            return Succeeded;
        }

        var writer = new SeedWriter(TradeModel.Define());
        if (folder is null)
        {
            await writer.WriteAsync(document, stdout, cancellationToken);
            await stdout.FlushAsync(cancellationToken);
            await stderr.WriteLineAsync(made.AsMemory(), cancellationToken);
            return Succeeded;
        }

        Directory.CreateDirectory(folder);
        var parts = Parts(document, ItemsPerPart);
        for (var i = 0; i < parts.Count; i++)
        {
            // Named so that name order (import's order) is the generated order.
            var target = Path.Combine(folder, $"part-{i + 1:D4}.json");
            var partial = target + ".partial";
            await using (var stream = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true))
            {
                await writer.WriteAsync(parts[i], stream, cancellationToken);
            }

            File.Move(partial, target, overwrite: true);
        }

        await stderr.WriteLineAsync($"{made} into {folder} ({parts.Count} file(s))".AsMemory(), cancellationToken);
        return Succeeded;
    }

    /// <summary>Items per generated file: about 50 MB of JSON, small enough to read one at a time.</summary>
    internal const int ItemsPerPart = 200_000;

    /// <summary>The document cut into documents of at most <paramref name="itemsPerPart"/> items, entities first, in order.</summary>
    internal static List<Core.Graph.GraphDocument> Parts(Core.Graph.GraphDocument document, int itemsPerPart)
    {
        var parts = new List<Core.Graph.GraphDocument>();
        var total = document.Entities.Count + document.Relationships.Count;
        for (var start = 0; start < total || parts.Count == 0; start += itemsPerPart)
        {
            var end = Math.Min(total, start + itemsPerPart);
            var entities = document.Entities.Take(new Range(Math.Min(start, document.Entities.Count), Math.Min(end, document.Entities.Count)));
            var relationships = document.Relationships.Take(new Range(
                Math.Clamp(start - document.Entities.Count, 0, document.Relationships.Count), Math.Clamp(end - document.Entities.Count, 0, document.Relationships.Count)));
            parts.Add(new Core.Graph.GraphDocument([.. entities], [.. relationships]));
        }

        return parts;
    }

    /// <summary>A random 256-bit key, and the environment settings that configure it by hash (the key itself is shown once).</summary>
    internal static string NewKey(string name, string scope)
    {
        var key = "tg_" + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return $"""
            API key for '{name}' ({scope}); keep it secret, it is not stored anywhere:
              {key}
            Configure it (environment variables; N is the key's index in Security:ApiKeys):
              Security__ApiKeys__N__Name={name}
              Security__ApiKeys__N__Hash={Security.ApiKeyAuthenticationHandler.HashOf(key)}
              Security__ApiKeys__N__Scopes__0={scope}
            Send it as `Authorization: Bearer <key>` or `X-Api-Key: <key>`.
            """;
    }

    /// <summary>The export formats by name, the names <c>--format</c> takes.</summary>
    public static IReadOnlyList<string> Formats { get; } = ["seed", "cypher", "graphml"];

    public static IGraphFormatWriter Format(string name, GraphModel model) => name switch
    {
        "seed" => new SeedWriter(model),
        "cypher" => new CypherWriter(model),
        "graphml" => new GraphMLWriter(model),
        _ => throw new ArgumentException($"Unknown format '{name}'.", nameof(name)),
    };

    private static async Task<(IGraphStore Store, GraphModel Model)> OpenStoreAsync(ServiceProvider services, CancellationToken cancellationToken)
    {
        // Checks Storage:Provider as the server's start-up does.
        _ = services.GetRequiredService<IOptions<StorageOptions>>().Value;
        // The store itself: a one-off command has no use for a read model built from the whole graph.
        var store = services.GetRequiredService<StoreOfRecord>().Store;
        await store.InitializeAsync(cancellationToken);
        return (store, services.GetRequiredService<GraphModel>());
    }

    /// <summary>
    /// The server's configuration sources in the server's order (host: DOTNET_ then ASPNETCORE_ variables; app:
    /// appsettings.json, appsettings.{Environment}.json, environment variables, --Key=value), without building a host.
    /// </summary>
    private static ServiceProvider Services(IReadOnlyList<string> settings)
    {
        var host = new ConfigurationBuilder()
            .AddEnvironmentVariables("DOTNET_").AddEnvironmentVariables("ASPNETCORE_").AddCommandLine([.. settings]).Build();
        var environmentName = host[HostDefaults.EnvironmentKey] ?? Environments.Production;
        var contentRoot = Path.GetFullPath(host[HostDefaults.ContentRootKey] ?? Directory.GetCurrentDirectory());
        var configuration = new ConfigurationBuilder()
            .SetBasePath(contentRoot)
            .AddJsonFile("appsettings.json", optional: true, reloadOnChange: false)
            .AddJsonFile($"appsettings.{environmentName}.json", optional: true, reloadOnChange: false)
            .AddEnvironmentVariables()
            .AddCommandLine([.. settings])
            .Build();

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton<IHostEnvironment>(new HostingEnvironment
        {
            EnvironmentName = environmentName,
            ApplicationName = typeof(GraphCommands).Assembly.GetName().Name!,
            ContentRootPath = contentRoot,
            ContentRootFileProvider = new NullFileProvider(),
        });
        services.AddLogging();
        services.AddGraphStore(configuration);
        services.AddSemanticSearch(configuration);
        return services.BuildServiceProvider();
    }

    /// <summary>A parsed command line: the command, its options, and the --Key=value settings passed on to configuration.</summary>
    private sealed record CommandLine(string Name, string Format, string? Out, IReadOnlyList<string> Paths, IReadOnlyList<string> Settings)
    {
        /// <summary>generate: how many relationships, from which seed, and whether into the store.</summary>
        public int Relationships { get; init; }

        public long Seed { get; init; } = ScaleGenerator.DefaultSeed;

        public bool Import { get; init; }

        /// <summary>The command, or null and why not.</summary>
        public static (CommandLine? Command, string Error) Parse(string[] args)
        {
            if (args is not [("export" or "import" or "generate") and var name, .. var rest])
            {
                return (null, args.Length == 0 ? "No command given." : $"Unknown command '{args[0]}'.");
            }

            string? format = null, output = null, relationships = null, seed = null;
            var import = false;
            var paths = new List<string>();
            var settings = new List<string>();
            for (var i = 0; i < rest.Length; i++)
            {
                var arg = rest[i];
                var at = arg.IndexOf('=', StringComparison.Ordinal);
                var (option, inline) = arg.StartsWith("--", StringComparison.Ordinal) && at > 2 ? (arg[..at], arg[(at + 1)..]) : (arg, null);
                var takesValue = name switch
                {
                    "export" => option is "--format" or "--out",
                    "generate" => option is "--out" or "--relationships" or "--seed",
                    _ => false,
                };
                if (takesValue)
                {
                    var value = inline ?? (i + 1 < rest.Length ? rest[++i] : null);
                    if (string.IsNullOrEmpty(value))
                    {
                        return (null, $"{option} needs a value.");
                    }

                    switch (option)
                    {
                        case "--format": format = value; break;
                        case "--out": output = value; break;
                        case "--relationships": relationships = value; break;
                        default: seed = value; break;
                    }
                }
                else if (name == "generate" && option == "--import" && inline is null)
                {
                    import = true;
                }
                else if (option.StartsWith("--", StringComparison.Ordinal) && inline is not null)
                {
                    settings.Add(arg);
                }
                else if (option.StartsWith('-'))
                {
                    return (null, $"Unknown option '{option}' for {name}.");
                }
                else if (name == "import")
                {
                    paths.Add(arg);
                }
                else
                {
                    return (null, $"Unexpected argument '{arg}' for {name}.");
                }
            }

            format ??= "seed";
            if (!Formats.Contains(format))
            {
                return (null, $"Unknown format '{format}' (expected {string.Join(", ", Formats)}).");
            }

            if (name == "import" && paths.Count == 0)
            {
                return (null, "import needs at least one file or folder.");
            }

            if (name != "generate")
            {
                return (new CommandLine(name, format, output, paths, settings), "");
            }

            var invariant = System.Globalization.CultureInfo.InvariantCulture;
            if (!int.TryParse(relationships, System.Globalization.NumberStyles.None, invariant, out var count)
                || count is < ScaleGenerator.MinRelationships or > ScaleGenerator.MaxRelationships)
            {
                return (null, $"generate needs --relationships, a whole number from {ScaleGenerator.MinRelationships} to {ScaleGenerator.MaxRelationships}.");
            }

            var seedValue = ScaleGenerator.DefaultSeed;
            if (seed is not null && !long.TryParse(seed, System.Globalization.NumberStyles.AllowLeadingSign, invariant, out seedValue))
            {
                return (null, $"--seed must be a whole number, not '{seed}'.");
            }

            return import && output is not null
                ? (null, "generate takes --out or --import, not both.")
                : (new CommandLine(name, format, output, paths, settings) { Relationships = count, Seed = seedValue, Import = import }, "");
        }
    }
}
