using TradeGraph.Core.Graph;

namespace TradeGraph.Core.Writing;

/// <summary>What happened to a fact in a committed write.</summary>
public enum ChangeKind
{
    Created,
    Updated,
    Deleted,
}

/// <summary>
/// One committed change, as published to subscribers. For an entity, <see cref="Kind"/> is its kind and <see cref="Key"/>
/// its key; for a relationship, <see cref="Kind"/> is the relationship type and <see cref="Key"/> the key of its from end
/// (<see cref="Relationship"/> holds both ends). <see cref="Revision"/> orders changes; it is shared by one batch's changes.
/// </summary>
public sealed record GraphChange(
    long Revision,
    ChangeKind Change,
    string Kind,
    string Key,
    Entity? Entity,
    Relationship? Relationship,
    string Actor,
    DateTimeOffset At);

/// <summary>
/// Where committed changes are published (after commit, once each) and where subscribers read them. Per process:
/// each TradeGraph instance publishes the writes it commits.
/// </summary>
public interface IGraphChangeFeed
{
    /// <summary>Hands the changes of one committed batch to every current subscriber, in order. Never blocks on a slow subscriber.</summary>
    void Publish(IReadOnlyList<GraphChange> changes);

    /// <summary>
    /// The changes committed from now on, until <paramref name="cancellationToken"/> is cancelled. A subscriber that falls
    /// behind is dropped: its stream ends with a <see cref="SubscriberFellBehindException"/> after the changes it holds,
    /// and <paramref name="fellBehind"/> (if given) hears of it at once, from the publishing thread, and must not block.
    /// </summary>
    IAsyncEnumerable<GraphChange> SubscribeAsync(CancellationToken cancellationToken, Action<SubscriberFellBehindException>? fellBehind = null);
}
