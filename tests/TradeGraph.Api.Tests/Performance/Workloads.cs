using System.Text.Json;
using TradeGraph.Api.GraphQL;

namespace TradeGraph.Api.Tests.Performance;

/// <summary>One of the five benchmark operations (bench/workloads/*.graphql) with variables over the seed data.</summary>
public sealed record Workload(string Name, string Query, IReadOnlyDictionary<string, object?>? Variables)
{
    /// <summary>The POST body a client sends, serialized once so measuring a request does not measure building it.</summary>
    public byte[] Body { get; } = JsonSerializer.SerializeToUtf8Bytes(new { query = Query, variables = Variables });

    public override string ToString() => Name;
}

/// <summary>
/// The workloads the regression guard and the micro-benchmarks share. The documents are read from bench/workloads,
/// so the guard, the micro-benchmarks and the side-by-side bench cannot drift apart; the variables use seed keys.
/// </summary>
public static class Workloads
{
    public const string KeyLookup = "key-lookup";
    public const string Nested = "nested";
    public const string FilteredPage = "filtered-page";
    public const string Search = "search";
    public const string ShortestPath = "shortest-path";

    public static IReadOnlyList<string> Names { get; } = [KeyLookup, Nested, FilteredPage, Search, ShortestPath];

    private static readonly Lazy<IReadOnlyDictionary<string, Workload>> All = new(Load);

    public static Workload Get(string name) => All.Value[name];

    /// <summary>The repository's root: the first folder above the running assembly that holds TradeGraph.sln.</summary>
    public static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "TradeGraph.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No TradeGraph.sln above {AppContext.BaseDirectory}: run from a clone of the repository.");
    }

    private static Dictionary<string, Workload> Load()
    {
        var folder = Path.Combine(RepositoryRoot(), "bench", "workloads");
        Workload Read(string name, Dictionary<string, object?>? variables) =>
            new(name, File.ReadAllText(Path.Combine(folder, name + ".graphql")), variables);

        return new Dictionary<string, Workload>(StringComparer.Ordinal)
        {
            [KeyLookup] = Read(KeyLookup, new() { ["id"] = GlobalId.Encode("Official", "xi-jinping") }),
            [Nested] = Read(Nested, null),
            [FilteredPage] = Read(FilteredPage, new() { ["format"] = "TRADE_TALKS", ["from"] = "2025-01-01" }),
            [Search] = Read(Search, new() { ["text"] = "trade" }),
            [ShortestPath] = Read(ShortestPath, new() { ["from"] = "marco-rubio", ["to"] = "xi-jinping" }),
        };
    }
}
