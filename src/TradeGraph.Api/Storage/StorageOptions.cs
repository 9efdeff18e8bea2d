namespace TradeGraph.Api.Storage;

/// <summary>Which store backs the service.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";
    public const string Sqlite = "Sqlite";
    public const string Neo4j = "Neo4j";

    public static IReadOnlyList<string> Providers { get; } = [Sqlite, Neo4j];

    /// <summary>Sqlite (the embedded default, nothing to install) or Neo4j (the HTTP Query API of Neo4j 5.26 or newer, or Aura).</summary>
    public string Provider { get; set; } = Sqlite;

    /// <summary>The provider <paramref name="configuration"/> names (Sqlite when none), read while services are registered.</summary>
    public static string ProviderIn(IConfiguration configuration) => configuration[$"{SectionName}:{nameof(Provider)}"] ?? Sqlite;

    /// <summary>
    /// Whether <paramref name="configuration"/> chooses <paramref name="provider"/>. An unknown name chooses none, and
    /// the options' validation says which there are.
    /// </summary>
    public static bool Chooses(IConfiguration configuration, string provider) =>
        ProviderIn(configuration).Equals(provider, StringComparison.OrdinalIgnoreCase);
}
