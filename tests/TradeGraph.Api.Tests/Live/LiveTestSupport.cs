using TradeGraph.Core.Graph;
using TradeGraph.Core.Writing;

namespace TradeGraph.Api.Tests.Live;

/// <summary>Changes to publish, and waiting for the feed to see a transport's subscription.</summary>
internal static class LiveTestSupport
{
    // Bounds a hang, not a speed: every wait ends as soon as what it waits for happens. 10 s was once exceeded on a
    // loaded CI machine by a subscription that did arrive.
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public static readonly DateTimeOffset At = new(2025, 10, 26, 8, 30, 0, TimeSpan.Zero);

    public static GraphChange EntityChange(long revision, string kind, string key, string name, ChangeKind change = ChangeKind.Updated) =>
        new(revision, change, kind, key, new Entity(kind, key, name, [], null, new Dictionary<string, object?>(), []), null, "editor", At);

    public static GraphChange RelationshipChange(long revision, string type, string from, string to, IReadOnlyDictionary<string, object?> properties) =>
        new(revision, ChangeKind.Created, type, from, null, new Relationship(type, from, to, properties, []), "editor", At);

    /// <summary>
    /// A transport subscribes to the feed after the client's request arrives, and the protocols send nothing to say
    /// so: wait until the feed has exactly <paramref name="count"/> subscribers (within the test's patience).
    /// </summary>
    public static async Task WaitForSubscribersAsync(this GraphChangeFeed feed, int count, CancellationToken cancellationToken)
    {
        while (feed.SubscriberCount != count)
        {
            await Task.Delay(10, cancellationToken);
        }
    }
}
