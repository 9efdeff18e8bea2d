using Microsoft.Extensions.Time.Testing;
using TradeGraph.Api.Semantic;

namespace TradeGraph.Api.Tests.Semantic;

/// <summary>
/// The model's lifetime (issue 13): opened by the first call, closed after the idle time without a call, never under a
/// call in progress, opened again by the next call — and a reopened MiniLM gives the same vectors bit for bit.
/// </summary>
public sealed class ModelIdleCloseTests
{
    private static readonly TimeSpan Idle = TimeSpan.FromMinutes(5);

    [Fact]
    public void OpensOnFirstUseClosesWhenIdleAndOpensAgainOnTheNextCall()
    {
        var time = new FakeTimeProvider();
        var opened = new List<Resource>();
        using var model = new IdleClosed<Resource>(() => Open(opened), Idle, time);
        Assert.False(model.IsOpen);

        Assert.Equal(1, model.Use(r => r.Number));
        time.Advance(Idle - TimeSpan.FromSeconds(1));
        Assert.True(model.IsOpen);

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(model.IsOpen);
        Assert.True(opened[0].Disposed);

        Assert.Equal(2, model.Use(r => r.Number));
        Assert.Equal(2, model.Opens);
        Assert.False(opened[1].Disposed);
    }

    [Fact]
    public void EachCallPutsTheCloseOffByTheWholeIdleTime()
    {
        var time = new FakeTimeProvider();
        var opened = new List<Resource>();
        using var model = new IdleClosed<Resource>(() => Open(opened), Idle, time);

        for (var i = 0; i < 10; i++)
        {
            model.Use(r => r.Number);
            time.Advance(Idle - TimeSpan.FromSeconds(1));
        }

        Assert.True(model.IsOpen);
        Assert.Equal(1, model.Opens);
    }

    [Fact]
    public async Task ACallInProgressIsNeverClosedUnder()
    {
        var time = new FakeTimeProvider();
        var opened = new List<Resource>();
        using var model = new IdleClosed<Resource>(() => Open(opened), Idle, time);
        model.Use(r => r.Number);
        using var inside = new SemaphoreSlim(0);
        using var release = new SemaphoreSlim(0);
        var call = Task.Run(() => model.Use(r =>
        {
            inside.Release();
            release.Wait();
            return r.Disposed;
        }));
        await inside.WaitAsync();

        time.Advance(Idle * 3);
        Assert.True(model.IsOpen);
        release.Release();
        Assert.False(await call);

        // The call's end starts the idle time again.
        time.Advance(Idle);
        Assert.False(model.IsOpen);
        Assert.Equal(1, model.Opens);
    }

    [Fact]
    public void AnIdleTimeOfZeroKeepsItOpen()
    {
        var time = new FakeTimeProvider();
        var opened = new List<Resource>();
        using var model = new IdleClosed<Resource>(() => Open(opened), TimeSpan.Zero, time);
        model.Use(r => r.Number);

        time.Advance(TimeSpan.FromDays(30));

        Assert.True(model.IsOpen);
        Assert.False(opened[0].Disposed);
    }

    [Fact]
    public void DisposingClosesIt()
    {
        var opened = new List<Resource>();
        var model = new IdleClosed<Resource>(() => Open(opened), Idle, new FakeTimeProvider());
        model.Use(r => r.Number);

        model.Dispose();

        Assert.True(opened[0].Disposed);
        Assert.Throws<ObjectDisposedException>(() => model.Use(r => r.Number));
    }

    [Fact]
    public void AReopenedMiniLmGivesTheSameVectors()
    {
        var time = new FakeTimeProvider();
        using var model = new IdleClosed<MiniLmTextEmbedder.Encoder>(() => MiniLmTextEmbedder.Open(threads: 1), Idle, time);
        string[] texts = ["Soybeans", "He Lifeng (official). Vice premier of China who led the delegation at the Kuala Lumpur talks."];

        var first = model.Use(e => e.Encode(texts, CancellationToken.None));
        time.Advance(Idle);
        Assert.False(model.IsOpen);
        var second = model.Use(e => e.Encode(texts, CancellationToken.None));

        Assert.Equal(2, model.Opens);
        for (var i = 0; i < texts.Length; i++)
        {
            Assert.Equal(first[i], second[i]);
        }
    }

    private static Resource Open(List<Resource> opened)
    {
        var resource = new Resource(opened.Count + 1);
        opened.Add(resource);
        return resource;
    }

    private sealed class Resource(int number) : IDisposable
    {
        public int Number { get; } = number;

        public bool Disposed { get; private set; }

        public void Dispose() => Disposed = true;
    }
}
