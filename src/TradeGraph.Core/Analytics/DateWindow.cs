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
    /// <summary>Whether a span of day numbers overlaps the window; <paramref name="undated"/> when there is no span.</summary>
    internal bool Admits(int earliest, int latest, bool undated)
    {
        if (earliest == GraphTopology.Undated)
        {
            return undated;
        }

        return (To is not { } to || earliest <= to.DayNumber) && (From is not { } from || latest >= from.DayNumber);
    }
}
