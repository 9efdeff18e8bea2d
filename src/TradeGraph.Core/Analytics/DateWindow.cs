namespace TradeGraph.Core.Analytics;

/// <summary>
/// Days a projection keeps (both ends inclusive; a missing end is open). An entity or relationship is dated when it has
/// at least one date property (a meeting's or trip's startsOn/endsOn, a measure's announcedOn, a stop's dates);
/// it is kept when the span from its earliest to its latest date overlaps the window. Undated entities (officials,
/// countries, events whose dates no source gives) are kept unless <paramref name="IncludeUndated"/> is false;
/// undated relationships are always kept, as long as both their ends are.
/// </summary>
public sealed record DateWindow(DateOnly? From, DateOnly? To, bool IncludeUndated = true)
{
    /// <summary>Whether the properties' dates overlap the window; <paramref name="undated"/> when there are none.</summary>
    internal bool Admits(IReadOnlyDictionary<string, object?> properties, bool undated)
    {
        DateOnly? earliest = null;
        DateOnly? latest = null;
        foreach (var value in properties.Values)
        {
            if (value is DateOnly day)
            {
                earliest = earliest is { } e && e <= day ? e : day;
                latest = latest is { } l && l >= day ? l : day;
            }
        }

        if (earliest is not { } first || latest is not { } last)
        {
            return undated;
        }

        return (To is not { } to || first <= to) && (From is not { } from || last >= from);
    }
}
