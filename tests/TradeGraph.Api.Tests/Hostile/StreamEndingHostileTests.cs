using System.Collections.Concurrent;
using GraphQL;
using GraphQL.SystemTextJson;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TradeGraph.Api.GraphQL.Schema;
using TradeGraph.Api.GraphQLHttp;
using TradeGraph.Api.Tests.Hosting;
using TradeGraph.Api.Tests.Live;
using TradeGraph.Core.Writing;

namespace TradeGraph.Api.Tests.Hostile;

/// <summary>
/// How a live stream ends when nothing happens on it: a client that stops reading an idle stream is dropped by the
/// keep-alive (its place and its change-feed subscriber go with it), and an event that arrives after the transport has
/// finished ends its source quietly.
/// </summary>
public sealed class StreamEndingHostileTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task AnIdleEventStreamWhoseClientStopsReadingIsDroppedByItsKeepAlive()
    {
        var options = Options.Create(new GraphQLSubscriptionOptions
        {
            KeepAliveInterval = TimeSpan.FromMilliseconds(100),
            SendTimeout = TimeSpan.FromMilliseconds(500),
        });
        var serializer = new GraphQLSerializer();
        var eventStream = new GraphQLEventStream(serializer, options, new StreamLimits(options, serializer),
            new ApplicationLifetime(NullLogger<ApplicationLifetime>.Instance), NullLogger<GraphQLEventStream>.Instance);
        var body = new StallingStream();
        var connection = new AbortableConnection();
        var context = new DefaultHttpContext();
        context.Features.Set<IHttpRequestLifetimeFeature>(connection);
        context.Response.Body = body;
        // A subscription to which no change ever comes: only keep-alives are written.
        var changes = new SilentStream();
        var result = new ExecutionResult { Streams = new Dictionary<string, IObservable<ExecutionResult>> { ["graphChanged"] = changes } };
        using var slot = new EventStreamSlot(new Lease(), new SubscriptionWindow(4));

        var writing = eventStream.WriteAsync(context, result, slot);
        // A keep-alive went through; then the client stops reading.
        await body.Written.WaitAsync(Patience);
        body.Stall();

        Assert.True(await Task.WhenAny(writing, Task.Delay(Patience)) == writing, "the idle stream was still open long after a keep-alive timed out");
        await writing;
        Assert.True(connection.Aborted);
        Assert.True(changes.Unsubscribed);
    }

    [Fact]
    public async Task AnIdleWebSocketWhoseClientStopsReadingIsDroppedAfterTheKeepAliveTimeout()
    {
        using var patience = new CancellationTokenSource(Patience);
        using var application = new QuickKeepAliveApplication();
        var server = application.StartKestrel();
        var feed = application.Services.GetRequiredService<GraphChangeFeed>();
        var limits = application.Services.GetRequiredService<StreamLimits>();

        var (socket, status, _) = await RawWebSocket.ConnectAsync(server, patience.Token);
        using (socket)
        {
            Assert.Equal(101, status);
            await socket.SendAsync(new { type = "connection_init" });
            await socket.SubscribeAsync("idle", "subscription { graphChanged { key } }");
            await feed.WaitForSubscribersAsync(1, patience.Token);

            // No change comes and the client reads nothing, so no ping is answered: the server aborts the socket, while
            // the client still holds it open.
            while (limits.Sockets.Open + feed.SubscriberCount > 0)
            {
                await Task.Delay(20, patience.Token);
            }
        }
    }

    [Fact]
    public async Task AnEventThatArrivesAfterTheStreamEndedStopsItsSourceQuietly()
    {
        var late = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sourceEnded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async IAsyncEnumerable<int> SlowSource()
        {
            try
            {
                // Busy (computing a change, say) and deaf to cancellation until it has one.
                await late.Task;
                yield return 1;
            }
            finally
            {
                sourceEnded.TrySetResult();
            }
        }

        var slot = new EventStreamSlot(new Lease(), new SubscriptionWindow(1));
        var observer = new RecordingObserver();
        var subscription = new AsyncEnumerableObservable<int>(_ => SlowSource(), error => error, slot.Window).Subscribe(observer);

        // The transport is done: it unsubscribes, then the request ends and gives its slot back; the source goes on.
        subscription.Dispose();
        slot.Dispose();
        late.SetResult();

        await sourceEnded.Task.WaitAsync(Patience);
        // Whatever the pump would tell the observer, it tells right after the source ends.
        await Task.Delay(200);
        Assert.Empty(observer.Calls);
    }

    /// <summary>The test application with keep-alive pings every 200 ms, and one second to answer them.</summary>
    private sealed class QuickKeepAliveApplication : TradeGraphApplication
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("GraphQL:Subscriptions:KeepAliveInterval", "00:00:00.2");
            builder.UseSetting("GraphQL:Subscriptions:KeepAliveTimeout", "00:00:01");
        }
    }

    /// <summary>A response body that takes writes until <see cref="Stall"/>; after that a write waits until cancelled, as for a client that reads nothing.</summary>
    private sealed class StallingStream : Stream
    {
        private readonly TaskCompletionSource _written = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private volatile bool _stalled;

        /// <summary>Completes at the first write taken.</summary>
        public Task Written => _written.Task;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public void Stall() => _stalled = true;

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_stalled)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            _written.TrySetResult();
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override Task FlushAsync(CancellationToken cancellationToken) =>
            _stalled ? Task.Delay(Timeout.Infinite, cancellationToken) : Task.CompletedTask;

        public override void Flush() => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>The connection's lifetime: <see cref="Abort"/> cancels <see cref="RequestAborted"/>, as Kestrel does.</summary>
    private sealed class AbortableConnection : IHttpRequestLifetimeFeature
    {
        private readonly CancellationTokenSource _aborted = new();

        public CancellationToken RequestAborted { get => _aborted.Token; set => throw new NotSupportedException(); }

        public bool Aborted => _aborted.IsCancellationRequested;

        public void Abort() => _aborted.Cancel();
    }

    /// <summary>A subscription's results to which nothing ever comes; it knows whether its subscriber left.</summary>
    private sealed class SilentStream : IObservable<ExecutionResult>
    {
        private volatile bool _unsubscribed;

        public bool Unsubscribed => _unsubscribed;

        public IDisposable Subscribe(IObserver<ExecutionResult> observer) => new Unsubscriber(this);

        private sealed class Unsubscriber(SilentStream stream) : IDisposable
        {
            public void Dispose() => stream._unsubscribed = true;
        }
    }

    private sealed class Lease : IDisposable
    {
        public void Dispose()
        {
        }
    }

    private sealed class RecordingObserver : IObserver<int>
    {
        public ConcurrentQueue<string> Calls { get; } = new();

        public void OnNext(int value) => Calls.Enqueue($"next {value}");

        public void OnError(Exception error) => Calls.Enqueue($"error {error.GetType().Name}");

        public void OnCompleted() => Calls.Enqueue("completed");
    }
}
