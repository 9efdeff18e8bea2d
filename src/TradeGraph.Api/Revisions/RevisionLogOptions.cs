using System.ComponentModel.DataAnnotations;
using TradeGraph.Core.Writing;

namespace TradeGraph.Api.Revisions;

/// <summary>How this server follows the store's committed revision log (<see cref="RevisionFollower"/>).</summary>
public sealed class RevisionLogOptions
{
    public const string SectionName = "Storage:RevisionLog";

    /// <summary>
    /// Follow the log (on by default): commits made by other processes on the same store reach this server's read model,
    /// caches and subscribers. Off: this server sees only its own writes (and publishes them at once).
    /// </summary>
    public bool Follow { get; set; } = true;

    /// <summary>How often the latest revision is asked for (one indexed read); this server's own writes wake the follower at once.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Revisions read from the log in one round trip (catching up, and replaying for <c>graphChanged(afterRevision:)</c>).</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = RevisionFollower.DefaultBatchSize;
}
