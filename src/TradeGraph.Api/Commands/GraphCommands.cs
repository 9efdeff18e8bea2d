using System.Data.Common;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;
using TradeGraph.Api.Composition;
using TradeGraph.Api.Semantic;
using TradeGraph.Api.Storage;
using TradeGraph.Core.Exchange;
using TradeGraph.Core.Model;
using TradeGraph.Core.Seeding;
using TradeGraph.Core.Storage;
using TradeGraph.Core.Synthetic;

namespace TradeGraph.Api.Commands;

/// <summary>
/// <c>export</c>, <c>import</c>, <c>generate</c> and <c>new-key</c> from the command line (grammar and help:
/// <see cref="GraphCommandLine"/>). They open the store the server would open (the same
/// appsettings.json, environment variables and <c>--Key=value</c> settings, through <see cref="StorageServiceCollectionExtensions.AddGraphStorage"/>),
/// migrate it, do their work and exit, without starting the web server or seeding an empty store.
/// </summary>
internal static class GraphCommands
{
    public const int Succeeded = 0;
    public const int Failed = 1;
    public const int UsageError = 2;

    /// <summary>
    /// Whether the command line names a command rather than starting the server: a first word that is not a setting
    /// (settings look like --Key=value or Key=value). A mistyped command then gets the usage, not a running server; a lone
    /// --help gets the commands' help.
    /// </summary>
    public static bool IsCommand(string[] args) =>
        args is ["--help" or "-h" or "-?"]
        || (args is [var first, ..] && first.Length > 0 && !first.StartsWith('-') && !first.StartsWith('/') && !first.Contains('=', StringComparison.Ordinal));

    /// <summary>
    /// Runs a command on the process's console: buffered UTF-8 standard output, Ctrl+C cancels, progress of long work on
    /// standard error (a bar on a terminal, periodic lines when redirected).
    /// </summary>
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
            var code = await RunAsync(args, stdout, Console.Error, cancellation.Token, ConsoleProgress.ForStandardError());
            await stdout.FlushAsync(CancellationToken.None);
            return code;
        }
        finally
        {
            Console.CancelKeyPress -= Cancel;
        }
    }

    /// <summary>
    /// Runs a command; returns 0 on success (and for <c>--help</c>), 1 when it failed (nothing changed), 2 for a usage
    /// error (the message, then the command's help, on <paramref name="stderr"/>).
    /// </summary>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken,
        ICommandProgress? progress = null)
    {
        var commandLine = new GraphCommandLine();
        var (parse, settings) = commandLine.Parse(args);
        if (parse.Action is System.CommandLine.Help.HelpAction)
        {
            return await parse.InvokeAsync(new System.CommandLine.InvocationConfiguration { Output = stdout, Error = stderr }, cancellationToken);
        }

        var (request, usageError) = commandLine.Bind(parse, settings);
        if (request is null)
        {
            await stderr.WriteLineAsync(usageError.AsMemory(), cancellationToken);
            // The help of the command named (or of them all), so the fix is on the screen.
            var named = parse.CommandResult.Command == commandLine.Root ? [] : new[] { parse.CommandResult.Command.Name };
            await commandLine.Root.Parse([.. named, "--help"]).InvokeAsync(
                new System.CommandLine.InvocationConfiguration { Output = stderr, Error = stderr }, cancellationToken);
            return UsageError;
        }

        progress ??= SilentProgress.Instance;
        try
        {
            return request switch
            {
                NewKeyRequest key => await WriteNewKeyAsync(key, stdout, cancellationToken),
                ExportRequest export => await ExportAsync(export, stderr, stdout, progress, cancellationToken),
                GenerateRequest generate => await GenerateAsync(generate, stdout, stderr, progress, cancellationToken),
                _ => await ImportAsync((ImportRequest)request, stdout, stderr, progress, cancellationToken),
            };
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException or DbException or OptionsValidationException)
        {
            // The store refused (a key changing kind, a second value for a single-valued end) or could not be opened.
            var outcome = request switch { ExportRequest => "Export failed", GenerateRequest => "Generation failed", _ => "Nothing was imported" };
            await stderr.WriteLineAsync($"{outcome}: {e.Message}".AsMemory(), cancellationToken);
            return Failed;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C: the import's transaction was rolled back, the export's partial file removed.
            await stderr.WriteLineAsync($"{parse.CommandResult.Command.Name} cancelled; nothing was changed.".AsMemory(), CancellationToken.None);
            return Failed;
        }
    }

    private static async Task<int> WriteNewKeyAsync(NewKeyRequest request, TextWriter stdout, CancellationToken cancellationToken)
    {
        await stdout.WriteLineAsync(NewKey(request.Name, request.Scope).AsMemory(), cancellationToken);
        return Succeeded;
    }

    private static async Task<int> ExportAsync(ExportRequest command, TextWriter stderr, TextWriter stdout, ICommandProgress progress, CancellationToken cancellationToken)
    {
        await using var services = Services(command.Settings);
        var (store, model) = await OpenStoreAsync(services, cancellationToken);
        var format = Format(command.Format, model);
        var document = await progress.RunAsync("export: reading the graph", null, _ => store.ExportAsync(cancellationToken));

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
            await progress.RunAsync($"export: writing {Path.GetFileName(target)}", null, async _ =>
            {
                await using var stream = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true);
                await format.WriteAsync(document, stream, cancellationToken);
                return true;
            });
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

    private static async Task<int> ImportAsync(ImportRequest command, TextWriter stdout, TextWriter stderr, ICommandProgress progress, CancellationToken cancellationToken)
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
            var reader = new SeedReader(model, requireSources: false);
            document = await progress.RunAsync("import: reading files", files.Count, read =>
                Task.FromResult(reader.Read(files.Select((file, i) =>
                {
                    read.Report(i);
                    return (file, File.ReadAllText(file));
                }))));
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
        var result = await ImportWithProgressAsync(store, document, progress, cancellationToken);
        await stdout.WriteLineAsync(
            $"Imported {document.Entities.Count} entities and {document.Relationships.Count} relationships: {result.Inserted} inserted, {result.Updated} updated, {result.Unchanged} unchanged"
                .AsMemory(), cancellationToken);
        await ImportEmbedding.RunAsync(services, store, result.Inserted + result.Updated > 0, stdout, stderr, progress, cancellationToken);
        return Succeeded;
    }

    private static async Task<int> GenerateAsync(GenerateRequest command, TextWriter stdout, TextWriter stderr, ICommandProgress progress, CancellationToken cancellationToken)
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

        var document = await progress.RunAsync("generate", null, _ => Task.FromResult(ScaleGenerator.Generate(command.Relationships, command.Seed, cancellationToken)));
        var made = $"Generated {document.Entities.Count} entities and {document.Relationships.Count} relationships (seed {command.Seed})";
        if (command.Import)
        {
            await using var services = Services(command.Settings);
            var (store, _) = await OpenStoreAsync(services, cancellationToken);
            var result = await ImportWithProgressAsync(store, document, progress, cancellationToken);
            await stdout.WriteLineAsync(
                $"{made}; imported: {result.Inserted} inserted, {result.Updated} updated, {result.Unchanged} unchanged".AsMemory(), cancellationToken);
            await ImportEmbedding.RunAsync(services, store, result.Inserted + result.Updated > 0, stdout, stderr, progress, cancellationToken);
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
        await progress.RunAsync($"generate: writing {folder}", document.Entities.Count + document.Relationships.Count, async written =>
        {
            var done = 0L;
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
                written.Report(done += parts[i].Entities.Count + parts[i].Relationships.Count);
            }

            return parts.Count;
        });

        await stderr.WriteLineAsync($"{made} into {folder} ({parts.Count} file(s))".AsMemory(), cancellationToken);
        return Succeeded;
    }

    /// <summary>The store's import, its facts counted on a progress bar (or in periodic lines).</summary>
    private static Task<ImportResult> ImportWithProgressAsync(IGraphStore store, Core.Graph.GraphDocument document, ICommandProgress progress,
        CancellationToken cancellationToken) =>
        progress.RunAsync("import", document.Entities.Count + document.Relationships.Count, done => store.ImportAsync(document, done, cancellationToken));

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
        services.AddTradeGraphCore();
        services.AddGraphStorage(configuration);
        services.AddSqliteGraphStore(configuration);
        services.AddNeo4jGraphStore(configuration);
        services.AddSemanticSearch(configuration);
        return services.BuildServiceProvider();
    }
}
