namespace TradeGraph.Api.Storage;

/// <summary>The curated seed loaded into an empty store on first start.</summary>
public sealed class SeedOptions
{
    public const string SectionName = "Seed";

    /// <summary>Folder of seed files; relative paths are resolved against the application folder, where the build copies seed/.</summary>
    public string Path { get; set; } = "seed";

    /// <summary>Load the seed when the store holds no entities.</summary>
    public bool LoadWhenEmpty { get; set; } = true;
}
