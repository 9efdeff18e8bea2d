using Microsoft.Extensions.Options;
using TradeGraph.Api.Analytics;
using TradeGraph.Api.GraphQL.Errors;
using TradeGraph.Api.Tests.Hosting;
using TradeGraph.Core.Analytics;
using TradeGraph.Core.Model;
using TradeGraph.Core.Storage;
using TradeGraph.Core.Writing;

namespace TradeGraph.Api.Tests.Analytics;

/// <summary>
/// Issue 13 (shortest path at 10k): a linear query on the held whole-graph projection runs at once on the caller's
/// thread, with the answer the time-limited path gives; the held projection belongs to its snapshot. Own service over
/// the seed store, so the snapshot and version are the test's.
/// </summary>
public sealed class InlinePathQueryTests(TradeGraphApplication application) : IClassFixture<TradeGraphApplication>
{
    private static readonly ProjectionFilter WholeGraph = new() { Direction = EdgeDirection.Undirected };

    private static readonly Func<GraphProjection, CancellationToken, GraphPath> RubioToXi =
        (projection, token) => projection.ShortestPath("marco-rubio", "xi-jinping", new PathOptions { MaxHops = 6 }, token);

    private AnalyticsService NewService(GraphVersion version, AnalyticsOptions? options = null) =>
        new(application.Services.GetRequiredService<IGraphStore>(), application.Services.GetRequiredService<GraphModel>(), version,
            Options.Create(options ?? new AnalyticsOptions()));

    [Fact]
    public async Task OnceTheWholeProjectionIsHeldALinearQueryIsAnsweredBeforeRunAsyncReturnsWithTheSamePath()
    {
        using var service = NewService(new GraphVersion());

        var limited = await service.RunAsync(WholeGraph, RubioToXi, CancellationToken.None);
        Assert.NotNull(service.Snapshot!.WholeFound);
        using var caller = new CancellationTokenSource();
        var given = CancellationToken.None;
        var inline = service.RunAsync(WholeGraph, (projection, token) =>
        {
            given = token;
            return RubioToXi(projection, token);
        }, caller.Token, linearInSize: true);

        // The caller's own token, not one linked to a timer: no time limit was set up.
        Assert.True(inline.IsCompletedSuccessfully);
        Assert.Equal(caller.Token, given);
        Assert.Equal(["marco-rubio", "united-states", "trump-xi-meeting", "xi-jinping"], (await inline).Nodes);
        Assert.Equal(limited.Nodes, (await inline).Nodes);
        Assert.Equal(limited.Relationships, (await inline).Relationships);
    }

    [Fact]
    public async Task AProjectionOverTheInlineSizeOrAFilteredOneTakesTheTimeLimitedPathAndAnswersTheSame()
    {
        using var small = NewService(new GraphVersion(), new AnalyticsOptions { InlineQuerySize = 1 });
        var first = await small.RunAsync(WholeGraph, RubioToXi, CancellationToken.None, linearInSize: true);
        using var caller = new CancellationTokenSource();
        var given = CancellationToken.None;
        var second = await small.RunAsync(WholeGraph, (projection, token) =>
        {
            given = token;
            return RubioToXi(projection, token);
        }, caller.Token, linearInSize: true);

        // Over the inline size the time limit holds: the computation gets a token linked to its timer.
        Assert.NotEqual(caller.Token, given);
        Assert.Equal(first.Nodes, second.Nodes);
        Assert.Equal(4, second.Nodes.Count);

        // A filter names things the model must hold: refused with its code, on whichever path.
        var error = await Assert.ThrowsAsync<TradeGraphError>(() => small.RunAsync(WholeGraph with { RelationshipTypes = ["NOT_A_TYPE"] }, RubioToXi,
            CancellationToken.None, linearInSize: true));
        Assert.Equal(ErrorCodes.InvalidArgument, error.Code);
    }

    [Fact]
    public async Task TheHeldProjectionGoesWithItsSnapshotANewSnapshotFindsItsOwn()
    {
        var version = new GraphVersion();
        using var service = NewService(version);
        await service.RunAsync(WholeGraph, RubioToXi, CancellationToken.None);
        var served = service.Snapshot!;
        var held = served.WholeFound;
        Assert.NotNull(held);

        version.Advance();
        await service.CaughtUpAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        var next = service.Snapshot!;
        Assert.NotSame(served, next);

        var path = await service.RunAsync(WholeGraph, RubioToXi, CancellationToken.None, linearInSize: true);
        Assert.Equal(3, path.Length);
        Assert.NotNull(next.WholeFound);
        Assert.NotSame(held, next.WholeFound);
    }
}
