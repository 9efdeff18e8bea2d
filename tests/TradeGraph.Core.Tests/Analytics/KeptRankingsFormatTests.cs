using TradeGraph.Core.Analytics;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Synthetic;

namespace TradeGraph.Core.Tests.Analytics;

/// <summary>
/// Rankings kept beside the topology file: read back exactly for the same topology and recipe, never for another
/// topology (one relationship less), another recipe, or a file cut short or with any byte changed.
/// </summary>
public sealed class KeptRankingsFormatTests
{
    private const string Recipe = "pagerank\nwhole";

    private static readonly GraphDocument Document = ScaleGenerator.Generate(2_000, seed: 11);
    private static readonly GraphTopology Topology = GraphTopology.From(Document);
    private static readonly Ranking PageRank = GraphProjection.Build(Topology, new ProjectionFilter { Direction = EdgeDirection.Undirected }).PageRank();

    [Fact]
    public void WhatIsWrittenIsReadBackExactlyForTheSameTopologyAndRecipe()
    {
        var bytes = Write(Topology, PageRank);

        var read = Read(bytes, Topology, Recipe);

        Assert.NotNull(read);
        Assert.Equal(PageRank.Select(s => (s.Key, s.Kind, s.Score, s.Rank)), read.Select(s => (s.Key, s.Kind, s.Score, s.Rank)));
        Assert.Equal((PageRank.Iterations, PageRank.Converged), (read.Iterations, read.Converged));
        Assert.Equal(PageRank.Scores[PageRank[0].Key], read.Scores[PageRank[0].Key]);
    }

    [Fact]
    public void AnotherTopologyOrRecipeReadsNothing()
    {
        var bytes = Write(Topology, PageRank);
        var oneLess = GraphTopology.From(Document with { Relationships = [.. Document.Relationships.Skip(1)] });

        Assert.NotEqual(KeptRankingsFormat.Fingerprint(Topology), KeptRankingsFormat.Fingerprint(oneLess));
        Assert.Equal(KeptRankingsFormat.Fingerprint(Topology), KeptRankingsFormat.Fingerprint(GraphTopology.From(Document)));
        Assert.Null(Read(bytes, oneLess, Recipe));
        Assert.Null(Read(bytes, Topology, "pagerank\nanother projection"));
    }

    [Fact]
    public void AFileCutShortOrWithAnyByteChangedIsNeverRead()
    {
        var bytes = Write(Topology, PageRank);

        Assert.Null(Read(bytes[..^1], Topology, Recipe));
        Assert.Null(Read(bytes[..(bytes.Length / 2)], Topology, Recipe));
        Assert.Null(Read([], Topology, Recipe));
        // Every 97th byte, each flipped in turn: header, fingerprint, recipe, nodes, scores and checksum alike.
        for (var at = 0; at < bytes.Length; at += 97)
        {
            var damaged = (byte[])bytes.Clone();
            damaged[at] ^= 0x10;
            Assert.Null(Read(damaged, Topology, Recipe));
        }
    }

    [Fact]
    public void ARankingOutOfOrderIsRefusedEvenWithAValidChecksum()
    {
        // Written by hand from a ranking whose two best entries were swapped: consistent bytes, an impossible order.
        var swapped = Ranking.FromRanked([PageRank[1] with { Rank = 1 }, PageRank[0] with { Rank = 2 }, .. PageRank.Skip(2)], PageRank.Iterations, PageRank.Converged);

        Assert.Null(Read(Write(Topology, swapped), Topology, Recipe));
    }

    private static byte[] Write(GraphTopology topology, Ranking ranking)
    {
        using var output = new MemoryStream();
        Assert.True(KeptRankingsFormat.TryWrite(output, KeptRankingsFormat.Fingerprint(topology), topology, new Dictionary<string, Ranking> { [Recipe] = ranking }));
        return output.ToArray();
    }

    private static Ranking? Read(byte[] bytes, GraphTopology topology, string recipe)
    {
        using var input = new MemoryStream(bytes);
        return KeptRankingsFormat.TryRead(input, KeptRankingsFormat.Fingerprint(topology), topology, recipe);
    }
}
