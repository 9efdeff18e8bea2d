using TradeGraph.Core.Model;

namespace TradeGraph.Core.Synthetic;

/// <summary>
/// What the generator's shaping knows of the model, by name: the kinds and relationship types it drafts (with their
/// ends), the properties it writes and the enum values it draws. <see cref="ScaleModel"/> checks every entry against
/// the model once, at construction; anything the model has beyond these is filled generically.
/// </summary>
internal static class ScaleShape
{
    // Shaped kinds by index, in the order they are drafted and listed (the output's order depends on it).
    public const int Source = 0, Country = 1, Official = 2, Organization = 3, Place = 4, Commodity = 5, Topic = 6,
        Meeting = 7, TradeMeasure = 8, Trip = 9;

    public static readonly string[] Kinds =
        ["Source", "Country", "Official", "Organization", "Place", "Commodity", "Topic", "Meeting", "TradeMeasure", "Trip"];

    public const byte Represents = 0, HoldsPost = 1, ParticipatesIn = 2, HeldIn = 3, TakesPlaceIn = 4, HasParty = 5,
        Discusses = 6, OnAgenda = 7, PreparesFor = 8, PartOf = 9, Organizes = 10, ImposedBy = 11, Targets = 12, Covers = 13,
        AnnouncedBy = 14, RespondsTo = 15, LocatedIn = 16, BasedIn = 17, Travels = 18, Visits = 19, TripFor = 20,
        SpokeTo = 21, Concerns = 22, HasInfluenceOn = 23;

    /// <summary>Shaped relationship types by index, with the kinds the shaping puts at their ends.</summary>
    public static readonly (string Name, int From, int To)[] Types =
    [
        ("REPRESENTS", Official, Country), ("HOLDS_POST", Official, Organization), ("PARTICIPATES_IN", Official, Meeting),
        ("HELD_IN", Meeting, Place), ("TAKES_PLACE_IN", Meeting, Country), ("HAS_PARTY", Meeting, Country),
        ("DISCUSSES", Meeting, Commodity), ("ON_AGENDA", Meeting, Topic), ("PREPARES_FOR", Meeting, Meeting),
        ("PART_OF", Meeting, Meeting), ("ORGANIZES", Organization, Meeting), ("IMPOSED_BY", TradeMeasure, Country),
        ("TARGETS", TradeMeasure, Country), ("COVERS", TradeMeasure, Commodity), ("ANNOUNCED_BY", TradeMeasure, Official),
        ("RESPONDS_TO", TradeMeasure, TradeMeasure), ("LOCATED_IN", Place, Country), ("BASED_IN", Organization, Country),
        ("TRAVELS", Trip, Official), ("VISITS", Trip, Country), ("TRIP_FOR", Trip, Meeting), ("SPOKE_TO", Official, Organization),
        ("CONCERNS", Topic, Country), ("HAS_INFLUENCE_ON", Official, Official),
    ];

    /// <summary>
    /// Types the shaping knows and leaves out on purpose: where a source names an entity is said by the citations'
    /// paragraph locators, so generated MENTIONS would only repeat them.
    /// </summary>
    public static readonly string[] OmittedTypes = ["MENTIONS"];

    // Meeting formats in the model's order, how common each is (trade talks most) and how many people attend.
    public static readonly string[] Formats = ["TRADE_TALKS", "LEADERS_MEETING", "PULL_ASIDE", "SUMMIT"];
    public static readonly double[] FormatShares = [0.6, 0.2, 0.1, 0.1];
    public static readonly double[] FormatAttendance = [1.2, 0.6, 0.2, 3.0];
    public const int TradeTalks = 0, LeadersMeeting = 1, PullAside = 2, Summit = 3;
    public const int Tariff = 0;

    // Trade measure kinds (the first is the tariff, the only one with a rate) and statuses, with their shares.
    public static readonly string[] MeasureKinds = ["TARIFF", "EXPORT_CONTROL", "IMPORT_RESTRICTION", "PURCHASE_COMMITMENT", "SANCTION", "OTHER"];
    public static readonly double[] MeasureKindShares = [0.45, 0.15, 0.12, 0.08, 0.1, 0.1];
    public static readonly string[] MeasureStatuses = ["PROPOSED", "THREATENED", "ANNOUNCED", "IMPOSED", "SUSPENDED", "LIFTED"];
    public static readonly double[] MeasureStatusShares = [0.1, 0.15, 0.25, 0.35, 0.1, 0.05];

    public const string Planned = "PLANNED", Scheduled = "SCHEDULED", Completed = "COMPLETED", Cancelled = "CANCELLED";
    public const string City = "CITY", Region = "REGION", Building = "BUILDING", OtherCategory = "OTHER";
    public const string Government = "GOVERNMENT", Media = "MEDIA", InternationalForum = "INTERNATIONAL_FORUM";
    public const string Principal = "PRINCIPAL", DelegationLead = "DELEGATION_LEAD", DelegateRole = "DELEGATE", Attendee = "ATTENDEE";

    private static readonly string[] EventStatuses = [Planned, Scheduled, Completed, Cancelled];

    /// <summary>
    /// Every property the shaping writes, on a kind or a relationship type, with its type; for an enum property the
    /// values it draws, and whether they must be the enum's values exactly, in order (when shares are given per value).
    /// </summary>
    public static readonly ShapedProperty[] Properties =
    [
        new("Source", "publishedOn", PropertyType.Date), new("Source", "dateline", PropertyType.String),
        new("Source", "publisher", PropertyType.String), new("Source", "documentId", PropertyType.String),
        new("Source", "language", PropertyType.String),
        new("Country", "isoCode", PropertyType.String),
        new("Official", "title", PropertyType.String),
        new("Organization", "category", PropertyType.Enum, [Government, Media, InternationalForum, OtherCategory]),
        new("Place", "category", PropertyType.Enum, [City, Region, Building, OtherCategory]),
        new("Commodity", "category", PropertyType.String),
        new("Meeting", "format", PropertyType.Enum, Formats, AllValuesInOrder: true),
        new("Meeting", "status", PropertyType.Enum, EventStatuses),
        new("Meeting", "startsOn", PropertyType.Date), new("Meeting", "endsOn", PropertyType.Date),
        new("Meeting", "round", PropertyType.Int),
        new("TradeMeasure", "kind", PropertyType.Enum, MeasureKinds, AllValuesInOrder: true),
        new("TradeMeasure", "status", PropertyType.Enum, MeasureStatuses, AllValuesInOrder: true),
        new("TradeMeasure", "announcedOn", PropertyType.Date), new("TradeMeasure", "ratePercent", PropertyType.Float),
        new("Trip", "status", PropertyType.Enum, [Scheduled, Completed]),
        new("Trip", "startsOn", PropertyType.Date), new("Trip", "endsOn", PropertyType.Date),
        new("HOLDS_POST", "title", PropertyType.String),
        new("PARTICIPATES_IN", "role", PropertyType.Enum, [Principal, DelegationLead, DelegateRole, Attendee]),
        new("DISCUSSES", "expectedOutcome", PropertyType.String), new("ON_AGENDA", "expectedOutcome", PropertyType.String),
        new("ANNOUNCED_BY", "announcedOn", PropertyType.Date),
        new("VISITS", "order", PropertyType.Int), new("VISITS", "startsOn", PropertyType.Date), new("VISITS", "endsOn", PropertyType.Date),
        new("SPOKE_TO", "on", PropertyType.Date), new("SPOKE_TO", "summary", PropertyType.String),
    ];

    /// <summary>The shares arrays drawn by enum value index, which must have one entry per value of the model's enum.</summary>
    public static readonly (string Owner, string Property, string Shares, int Count)[] Shares =
    [
        ("Meeting", "format", nameof(FormatShares), FormatShares.Length),
        ("Meeting", "format", nameof(FormatAttendance), FormatAttendance.Length),
        ("TradeMeasure", "kind", nameof(MeasureKindShares), MeasureKindShares.Length),
        ("TradeMeasure", "status", nameof(MeasureStatusShares), MeasureStatusShares.Length),
    ];
}

/// <summary>A property the shaping writes on <paramref name="Owner"/> (a kind or a relationship type).</summary>
internal sealed record ShapedProperty(string Owner, string Name, PropertyType Type, IReadOnlyList<string>? Values = null, bool AllValuesInOrder = false);
