using System.CommandLine;
using System.CommandLine.Parsing;
using TradeGraph.Core.Synthetic;

namespace TradeGraph.Api.Commands;

/// <summary>What a command line asks for; its <see cref="Settings"/> (--Key=value) go to configuration as the server's do.</summary>
internal abstract record CommandRequest(IReadOnlyList<string> Settings);

internal sealed record ExportRequest(string Format, string? Out, IReadOnlyList<string> Settings) : CommandRequest(Settings);

internal sealed record ImportRequest(IReadOnlyList<string> Paths, IReadOnlyList<string> Settings) : CommandRequest(Settings);

internal sealed record GenerateRequest(int Relationships, long Seed, string? Out, bool Import, IReadOnlyList<string> Settings) : CommandRequest(Settings);

internal sealed record NewKeyRequest(string Name, string Scope) : CommandRequest([]);

/// <summary>
/// The command line's grammar, on System.CommandLine: the commands, their options and arguments with the descriptions
/// <c>--help</c> prints. Settings (<c>--Storage:Sqlite:Path=graph.db</c>) are taken out before parsing — any name
/// configuration knows is allowed — and handed to configuration. Errors keep the messages the commands always had.
/// </summary>
internal sealed class GraphCommandLine
{
    private readonly Option<string> _format = new("--format")
    {
        Description = "seed (the JSON seed/ holds), cypher (a script for cypher-shell) or graphml (Gephi, yEd, NetworkX).",
        HelpName = "seed|cypher|graphml",
        DefaultValueFactory = _ => "seed",
    };

    private readonly Option<string> _exportOut = new("--out") { Description = "The file to write; standard output without it.", HelpName = "file" };
    private readonly Argument<string[]> _paths = new("file-or-folder") { Description = "Seed-format JSON files; a folder means every *.json in it.", Arity = ArgumentArity.ZeroOrMore };
    private readonly Option<string> _relationships = new("--relationships") { Description = $"Exactly this many relationships ({ScaleGenerator.MinRelationships} to {ScaleGenerator.MaxRelationships}).", HelpName = "N" };
    private readonly Option<string> _seed = new("--seed") { Description = $"The same seed makes the same graph ({ScaleGenerator.DefaultSeed} unless given).", HelpName = "S" };
    private readonly Option<string> _generateOut = new("--out") { Description = "A new or empty folder for the JSON, in parts; standard output without it.", HelpName = "folder" };
    private readonly Option<bool> _import = new("--import") { Description = "Straight into the store, in one transaction (as import)." };
    private readonly Argument<string> _keyName = new("name") { Description = "Who the key is for.", Arity = ArgumentArity.ZeroOrOne };
    private readonly Argument<string> _keyScope = new("scope") { Description = "read, write (the default) or admin.", Arity = ArgumentArity.ZeroOrOne };

    public GraphCommandLine()
    {
        _format.Validators.Add(result =>
        {
            if (result.Tokens is [var token] && !GraphCommands.Formats.Contains(token.Value))
            {
                result.AddError($"Unknown format '{token.Value}' (expected {string.Join(", ", GraphCommands.Formats)}).");
            }
        });

        Export = new Command("export", "Writes the whole graph to a file or to standard output.") { _format, _exportOut };
        Import = new Command("import", "Loads seed-format JSON files in one transaction: all or nothing.") { _paths };
        Generate = new Command("generate", "Makes a synthetic trade graph of exactly N relationships, the same for the same seed.")
        {
            _relationships, _seed, _generateOut, _import,
        };
        NewKey = new Command("new-key", "Prints a new random API key and the settings that configure it (only its hash is kept).") { _keyName, _keyScope };
        Root = new RootCommand(
            "TradeGraph's commands. They open the store the server would open: appsettings.json, environment variables "
            + "(Storage__Sqlite__Path=...) and --Key=value settings (--Storage:Sqlite:Path=graph.db).")
        {
            Export, Import, Generate, NewKey,
        };
    }

    public RootCommand Root { get; }

    public Command Export { get; }

    public Command Import { get; }

    public Command Generate { get; }

    public Command NewKey { get; }

    /// <summary>The parse of <paramref name="args"/> less its settings, and the settings.</summary>
    public (ParseResult Parse, IReadOnlyList<string> Settings) Parse(string[] args)
    {
        var options = Root.Subcommands.SelectMany(c => c.Options).Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        bool IsSetting(string arg) =>
            arg.StartsWith("--", StringComparison.Ordinal) && arg.IndexOf('=', StringComparison.Ordinal) is var at and > 2 && !options.Contains(arg[..at]);
        return (Root.Parse([.. args.Where(a => !IsSetting(a))]), [.. args.Where(IsSetting)]);
    }

    /// <summary>The request a parse makes, or why it makes none (the message a usage error prints).</summary>
    public (CommandRequest? Request, string Error) Bind(ParseResult parse, IReadOnlyList<string> settings)
    {
        var command = parse.CommandResult.Command;
        if (command == Root)
        {
            return (null, parse.UnmatchedTokens is [var word, ..] ? $"Unknown command '{word}'." : "No command given.");
        }

        // Words no option or argument takes, in the commands' own words rather than the parser's.
        if (parse.UnmatchedTokens is [var extra, ..])
        {
            return (null, extra.StartsWith('-') ? $"Unknown option '{extra}' for {command.Name}." : $"Unexpected argument '{extra}' for {command.Name}.");
        }

        if (parse.Errors is [var error, ..])
        {
            return (null, error.SymbolResult is OptionResult { Tokens.Count: 0 } option ? $"{option.Option.Name} needs a value." : error.Message);
        }

        if (command == Export)
        {
            return (new ExportRequest(parse.GetValue(_format)!, parse.GetValue(_exportOut), settings), "");
        }

        if (command == Import)
        {
            var paths = parse.GetValue(_paths) ?? [];
            return paths.Length == 0 ? (null, "import needs at least one file or folder.") : (new ImportRequest(paths, settings), "");
        }

        if (command == NewKey)
        {
            return BindNewKey(parse, settings);
        }

        return BindGenerate(parse, settings);
    }

    private (CommandRequest? Request, string Error) BindNewKey(ParseResult parse, IReadOnlyList<string> settings)
    {
        var scope = parse.GetValue(_keyScope) ?? "write";
        if (parse.GetValue(_keyName) is not { Length: > 0 } name)
        {
            return (null, "new-key needs a name.");
        }

        if (scope is not ("read" or "write" or "admin"))
        {
            return (null, $"Unknown scope '{scope}' (expected read, write or admin).");
        }

        return settings.Count > 0 ? (null, $"new-key takes no settings ('{settings[0]}').") : (new NewKeyRequest(name, scope), "");
    }

    private (CommandRequest? Request, string Error) BindGenerate(ParseResult parse, IReadOnlyList<string> settings)
    {
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        if (!int.TryParse(parse.GetValue(_relationships), System.Globalization.NumberStyles.None, invariant, out var count)
            || count is < ScaleGenerator.MinRelationships or > ScaleGenerator.MaxRelationships)
        {
            return (null, $"generate needs --relationships, a whole number from {ScaleGenerator.MinRelationships} to {ScaleGenerator.MaxRelationships}.");
        }

        var seed = ScaleGenerator.DefaultSeed;
        if (parse.GetValue(_seed) is { } seedText && !long.TryParse(seedText, System.Globalization.NumberStyles.AllowLeadingSign, invariant, out seed))
        {
            return (null, $"--seed must be a whole number, not '{seedText}'.");
        }

        var output = parse.GetValue(_generateOut);
        var import = parse.GetValue(_import);
        return import && output is not null
            ? (null, "generate takes --out or --import, not both.")
            : (new GenerateRequest(count, seed, output, import, settings), "");
    }
}
