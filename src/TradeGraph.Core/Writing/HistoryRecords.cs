using System.Globalization;
using System.Text.Json;

namespace TradeGraph.Core.Writing;

/// <summary>
/// A history record as every store keeps it, in text: the time in round-trip ISO 8601, the change by name, the field
/// changes as <see cref="FieldChanges.ToJson"/> wrote them. One reading for every store, so history reads alike.
/// </summary>
public static class HistoryRecords
{
    /// <summary>The time as stored (round-trip "O" format).</summary>
    public static string Time(DateTimeOffset at) => at.ToString("O", CultureInfo.InvariantCulture);

    public static DateTimeOffset Time(string stored) => DateTimeOffset.Parse(stored, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    public static ChangeKind Change(string stored) => Enum.Parse<ChangeKind>(stored);

    /// <summary>[[field, previous, current], …] back into changes; null reads as none.</summary>
    public static IReadOnlyList<FieldChange> Changes(string? stored) =>
        [.. (JsonSerializer.Deserialize<string?[][]>(stored ?? "[]") ?? []).Select(c => new FieldChange(c[0]!, c[1], c[2]))];

    /// <summary>One list per distinct key asked for (empty when it has no history), filled as rows are read.</summary>
    public static Dictionary<string, List<Revision>> For(IEnumerable<string> factKeys) =>
        factKeys.Distinct().ToDictionary(k => k, _ => new List<Revision>(), StringComparer.Ordinal);

    /// <summary>The lists as a store returns them.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<Revision>> Result(Dictionary<string, List<Revision>> history) =>
        history.ToDictionary(h => h.Key, h => (IReadOnlyList<Revision>)h.Value, StringComparer.Ordinal);
}

/// <summary>
/// A <see cref="RevisionLog"/> read as rows: revision heads and their facts, in revision order (a fact's row may come
/// with its head, or after every head).
/// </summary>
public sealed class RevisionLogBuilder
{
    private readonly List<CommittedRevision> _revisions = [];
    private readonly Dictionary<long, List<RevisionFact>> _facts = [];

    /// <summary>The last revision read; null before the first.</summary>
    public long? Last => _revisions.Count == 0 ? null : _revisions[^1].Number;

    /// <summary>Adds a revision's head, unless it is the one added last.</summary>
    public void Revision(long number, string at, string actor)
    {
        if (Last != number)
        {
            var facts = new List<RevisionFact>();
            _facts[number] = facts;
            _revisions.Add(new CommittedRevision(number, HistoryRecords.Time(at), actor, facts));
        }
    }

    /// <summary>A history record of <paramref name="revision"/> (its head added before).</summary>
    public void Fact(long revision, string fact, string kind, string change, string? changes) =>
        _facts[revision].Add(new RevisionFact(fact, kind, HistoryRecords.Change(change), HistoryRecords.Changes(changes)));

    public RevisionLog Build(long latest, long replayableAfter, long bulkLoads) => new(latest, replayableAfter, [.. _revisions], bulkLoads);
}
