using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using TradeGraph.Api.GraphQLHttp;
using TradeGraph.Api.Semantic;
using TradeGraph.Api.Tests.Hosting;
using TradeGraph.Core.Semantic;
using TradeGraph.Core.Writing;

namespace TradeGraph.Api.Tests.Semantic;

/// <summary>
/// While entities wait for their vectors (a backfill after an import that left them to the server), a SEMANTIC or HYBRID
/// answer says so in extensions.semanticCoverage and the response cache does not keep it; once embedded, neither.
/// </summary>
public sealed class SemanticCoverageTests
{
    private const string Hybrid = """{ searchEntities(text: "treasury", mode: HYBRID, first: 5) { totalCount nodes { node { key } } } }""";
    private const string SimilarByMeaning = """{ similarEntities(key: "scott-bessent", by: EMBEDDING, first: 3) { score node { id } } }""";

    [Fact]
    public async Task AnswersGivenWhileEntitiesWaitForVectorsSaySoAndAreNotKept()
    {
        await using var application = new HeldBackfillApplication();
        var client = application.CreateClient().WithKey(TestKeys.Reader);
        var held = (HeldBackfillEmbedder)application.Services.GetRequiredService<ITextEmbedder>();
        var cache = application.Services.GetRequiredService<ResponseCache>();
        await held.Entered.Task.WaitAsync(TimeSpan.FromMinutes(1));

        var during = await client.PostAsync(Hybrid);
        await client.PostAsync(Hybrid);
        var similarDuring = await client.PostAsync(SimilarByMeaning);
        var coverage = during["extensions"]?[SemanticCoverage.ExtensionKey];

        Assert.True(similarDuring["extensions"]?[SemanticCoverage.ExtensionKey] is not null, similarDuring.ToJsonString());

        Assert.NotNull(coverage);
        Assert.False(coverage["complete"]!.GetValue<bool>());
        Assert.True(coverage["pending"]!.GetValue<long>() > 0, coverage.ToJsonString());
        Assert.Equal(0, cache.Count);

        held.Release.TrySetResult();
        await application.Services.GetRequiredService<EmbeddingMaintenance>().Backfilled.WaitAsync(TimeSpan.FromMinutes(1));
        var after = await client.PostAsync(Hybrid);
        await client.PostAsync(Hybrid);
        var similarAfter = await client.PostAsync(SimilarByMeaning);

        Assert.Null(after["extensions"]?[SemanticCoverage.ExtensionKey]);
        Assert.Null(similarAfter["extensions"]?[SemanticCoverage.ExtensionKey]);
        Assert.Null(similarAfter["errors"]);
        // The same answer, complete, is kept: the cache is on, so the empty cache above was the coverage's doing.
        Assert.True(cache.Count > 0);
    }

    /// <summary>
    /// A count of zero says nothing of a write committed after it: in the moment between a write and the maintenance's next
    /// count, an answer was called complete and cached without the written entity's new vector (until the next write).
    /// </summary>
    [Fact]
    public void ACountIsCompleteOnlyForTheGraphVersionItWasCountedAt()
    {
        var version = new GraphVersion();
        var coverage = new SemanticCoverage(version);
        Assert.False(coverage.Complete);
        Assert.Null(coverage.Pending);

        coverage.Left(0, version.Value);
        Assert.True(coverage.Complete);

        version.Advance();
        Assert.False(coverage.Complete);
        Assert.Null(coverage.Pending);

        coverage.Left(1, version.Value);
        Assert.False(coverage.Complete);
        coverage.Left(0, version.Value);
        Assert.True(coverage.Complete);
    }

    /// <summary>
    /// The refresh can complete while an answer ranks without the vectors it adds: an answer that began while coverage was
    /// incomplete says so, even if coverage is complete by the time it is annotated.
    /// </summary>
    [Fact]
    public void AnAnswerThatBeganWhileVectorsWereMissingSaysSoEvenIfTheyArrivedMeanwhile()
    {
        var version = new GraphVersion();
        var coverage = new SemanticCoverage(version);
        using var services = new ServiceCollection().AddSingleton(coverage).BuildServiceProvider();
        global::GraphQL.ResolveFieldContext Context() => new() { RequestServices = services, OutputExtensions = new Dictionary<string, object?>() };

        coverage.Left(1, version.Value);
        var ranking = Context();
        var completeBefore = SemanticCoverage.CompleteBefore(ranking);
        coverage.Left(0, version.Value);
        SemanticCoverage.Annotate(ranking, completeBefore);
        Assert.False(completeBefore);
        Assert.True(ranking.OutputExtensions.ContainsKey(SemanticCoverage.ExtensionKey));

        var later = Context();
        SemanticCoverage.Annotate(later, SemanticCoverage.CompleteBefore(later));
        Assert.False(later.OutputExtensions.ContainsKey(SemanticCoverage.ExtensionKey));
    }

    private sealed class HeldBackfillApplication : TradeGraphApplication
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<ITextEmbedder>(new HeldBackfillEmbedder(new HashingTextEmbedder())));
        }
    }

    /// <summary>Holds every call of more than one text (the backfill's runs; a query is one text) until released.</summary>
    private sealed class HeldBackfillEmbedder(ITextEmbedder inner) : ITextEmbedder
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string ModelId => inner.ModelId;

        public int Dimensions => inner.Dimensions;

        public async Task<float[][]> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
        {
            if (texts.Count > 1)
            {
                Entered.TrySetResult();
                await Release.Task.WaitAsync(cancellationToken);
            }

            return await inner.EmbedAsync(texts, cancellationToken);
        }
    }
}
