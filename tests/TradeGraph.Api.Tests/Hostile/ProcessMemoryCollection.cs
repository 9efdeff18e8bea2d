namespace TradeGraph.Api.Tests.Hostile;

/// <summary>
/// Tests that read the process's managed heap (GC.GetTotalMemory) need the process to themselves: a test running beside
/// them that holds a large object for a moment (the MiniLM package's encoder reads its 90 MB model into an array) would be
/// counted as theirs. This collection runs after the parallel ones, alone.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessMemoryCollection
{
    public const string Name = "process memory";
}
