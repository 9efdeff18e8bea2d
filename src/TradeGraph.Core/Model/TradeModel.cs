using static TradeGraph.Core.Model.GraphModelBuilder;

namespace TradeGraph.Core.Model;

/// <summary>
/// THE one declaration of TradeGraph's model. Store indexes, GraphQL types and seed validation all derive from it:
/// adding an entity kind, a property or a relationship type is a change here and nowhere else.
/// </summary>
public static class TradeModel
{
    public static GraphModel Define() => new GraphModelBuilder()
        .Enum("MeetingFormat", "What sort of meeting it is.", "TRADE_TALKS", "LEADERS_MEETING", "PULL_ASIDE", "SUMMIT")
        .Enum("EventStatus", "Where a meeting or trip stands as of its latest source.",
            "PLANNED", "SCHEDULED", "IN_PROGRESS", "COMPLETED", "CANCELLED")
        .Enum("OrganizationCategory", "What sort of body an organization is.", "GOVERNMENT", "MEDIA", "INTERNATIONAL_FORUM", "OTHER")
        .Enum("PlaceCategory", "What sort of place it is.", "CITY", "REGION", "BUILDING", "OTHER")
        .Enum("TradeMeasureKind", "The instrument a trade measure uses.",
            "TARIFF", "EXPORT_CONTROL", "IMPORT_RESTRICTION", "PURCHASE_COMMITMENT", "SANCTION", "OTHER")
        .Enum("TradeMeasureStatus", "How far a trade measure has gone.",
            "PROPOSED", "THREATENED", "ANNOUNCED", "IMPOSED", "SUSPENDED", "LIFTED")
        .Enum("ParticipantRole", "The part an official plays in a meeting.", "PRINCIPAL", "DELEGATION_LEAD", "DELEGATE", "ATTENDEE")

        .Entity("Official", "officials", "A person holding public office.",
            p => p.String("title", "The post the official holds, as the sources name it.", indexed: true))
        .Entity("Country", "countries", "A sovereign state.",
            p => p.String("isoCode", "ISO 3166-1 alpha-2 code.", required: true, indexed: true))
        .Entity("Commodity", "commodities", "A traded good or class of goods.",
            p => p.String("category", "Broad class of the good."))
        .Entity("Meeting", "meetings", "A meeting, round of talks or summit.", p => p
            .Enum("format", "MeetingFormat", "What sort of meeting it is.", indexed: true)
            .Enum("status", "EventStatus", "Where the meeting stands.", indexed: true)
            .Date("startsOn", "First day.", indexed: true)
            .Date("endsOn", "Last day.", indexed: true)
            .Int("round", "Ordinal of this round in a series of talks.", indexed: true))
        .Entity("Organization", "organizations", "A government body, company, medium or international forum.",
            p => p.Enum("category", "OrganizationCategory", "What sort of body it is.", indexed: true))
        .Entity("Place", "places", "A city, region or building.",
            p => p.Enum("category", "PlaceCategory", "What sort of place it is."))
        .Entity("TradeMeasure", "tradeMeasures", "A tariff, export control or other trade measure, imposed, threatened or proposed.", p => p
            .Enum("kind", "TradeMeasureKind", "The instrument.", required: true, indexed: true)
            .Enum("status", "TradeMeasureStatus", "How far it has gone.", required: true, indexed: true)
            .Float("ratePercent", "Rate in percent, for tariffs.", indexed: true)
            .Date("announcedOn", "Day it was announced.", indexed: true))
        .Entity("Topic", "topics", "A subject on an agenda that is not a commodity, such as a war or arms control.")
        .Entity("Trip", "trips", "A journey by an official, with its stops.", p => p
            .Enum("status", "EventStatus", "Where the trip stands.", indexed: true)
            .Date("startsOn", "Day of departure.", indexed: true)
            .Date("endsOn", "Last day.", indexed: true))
        .Entity(GraphModel.SourceKind, "sources", "A document that states facts in the graph.", p => p
            .Date("publishedOn", "Day of publication.", indexed: true)
            .String("dateline", "Place and date line of the document.")
            .String("publisher", "Who published it.")
            .String("url", "Where it can be read.", filterable: false)
            .String("documentId", "Identifier of the document in the source collection.", filterable: false)
            .String("language", "BCP 47 language tag.")
            .String("contentHash", "SHA-256 of the ingested text, normalized; the same text is ingested once.", indexed: true),
            nameField: "title", isEntity: false)

        .Relationship("REPRESENTS", "Official", "Country", "The official serves this country.",
            One("country", "The country the official serves."), Many("officials", "Officials serving this country."))
        .Relationship("HOLDS_POST", "Official", "Organization", "The official holds a post in this organization.",
            Many("posts", "Organizations where the official holds a post."), Many("officials", "Officials holding posts here."),
            p => p.String("title", "The post."))
        .Relationship("PARTICIPATES_IN", "Official", "Meeting", "The official takes part in the meeting.",
            Many("meetings", "Meetings the official takes part in."), Many("participants", "Officials taking part."),
            p => p.Enum("role", "ParticipantRole", "The official's part in the meeting."))
        .Relationship("HELD_IN", "Meeting", "Place", "The meeting is held at this place.",
            One("location", "Where the meeting is held."), Many("meetings", "Meetings held here."))
        .Relationship("TAKES_PLACE_IN", "Meeting", "Country", "The meeting takes place in this (host) country.",
            One("country", "The host country."), Many("hostedMeetings", "Meetings this country hosts."))
        .Relationship("HAS_PARTY", "Meeting", "Country", "This country is a side in the meeting.",
            Many("parties", "Countries that are sides in the meeting."), Many("meetings", "Meetings this country is a side in."))
        .Relationship("DISCUSSES", "Meeting", "Commodity", "The commodity is on the meeting's agenda.",
            Many("commodities", "Commodities on the agenda."), Many("meetings", "Meetings discussing this commodity."),
            p => p.String("expectedOutcome", "What the sides hope to settle about it."))
        .Relationship("ON_AGENDA", "Meeting", "Topic", "The topic is on the meeting's agenda.",
            Many("topics", "Topics on the agenda."), Many("meetings", "Meetings with this topic on the agenda."),
            p => p.String("expectedOutcome", "What the sides hope to settle about it."))
        .Relationship("PREPARES_FOR", "Meeting", "Meeting", "The meeting paves the way for a later one.",
            One("preparesFor", "The later meeting this one prepares."), Many("preparatoryMeetings", "Earlier meetings preparing this one."))
        .Relationship("PART_OF", "Meeting", "Meeting", "The meeting happens within a larger one.",
            One("partOf", "The larger meeting this one happens within."), Many("sessions", "Meetings held within this one."))
        .Relationship("ORGANIZES", "Organization", "Meeting", "The organization convenes the meeting.",
            Many("organizedMeetings", "Meetings this organization convenes."), Many("organizers", "Organizations convening the meeting."))
        .Relationship("IMPOSED_BY", "TradeMeasure", "Country", "The country imposes, threatens or proposes the measure.",
            One("imposedBy", "The country behind the measure."), Many("tradeMeasures", "Measures this country is behind."))
        .Relationship("TARGETS", "TradeMeasure", "Country", "The measure is aimed at this country.",
            Many("targets", "Countries the measure is aimed at."), Many("targetedBy", "Measures aimed at this country."))
        .Relationship("COVERS", "TradeMeasure", "Commodity", "The measure applies to this commodity.",
            Many("commodities", "Commodities the measure applies to."), Many("tradeMeasures", "Measures applying to this commodity."))
        .Relationship("ANNOUNCED_BY", "TradeMeasure", "Official", "The official announced or threatened the measure.",
            One("announcedBy", "The official who announced it."), Many("tradeMeasures", "Measures this official announced."),
            p => p.Date("announcedOn", "Day of the announcement."))
        .Relationship("RESPONDS_TO", "TradeMeasure", "TradeMeasure", "The measure retaliates against another.",
            One("respondsTo", "The measure this one answers."), Many("responses", "Measures answering this one."))
        .Relationship("LOCATED_IN", "Place", "Country", "The place lies in this country.",
            One("country", "The country the place lies in."), Many("places", "Places in this country."))
        .Relationship("BASED_IN", "Organization", "Country", "The organization is based in this country.",
            One("country", "The country the organization is based in."), Many("organizations", "Organizations based here."))
        .Relationship("TRAVELS", "Trip", "Official", "The official makes the trip.",
            One("traveller", "Who makes the trip."), Many("trips", "Trips the official makes."))
        .Relationship("VISITS", "Trip", "Country", "The trip stops in this country.",
            Many("destinations", "Countries the trip stops in."), Many("visits", "Trips stopping in this country."), p => p
                .Int("order", "1-based order of the stop.")
                .Date("startsOn", "First day of the stop.")
                .Date("endsOn", "Last day of the stop."))
        .Relationship("TRIP_FOR", "Trip", "Meeting", "The trip is made for the meeting.",
            Many("meetings", "Meetings the trip is made for."), Many("trips", "Trips made for the meeting."))
        .Relationship("SPOKE_TO", "Official", "Organization", "The official spoke to this organization (an interview, a briefing).",
            Many("spokeTo", "Organizations the official spoke to."), Many("heardFrom", "Officials who spoke to this organization."), p => p
                .Date("on", "Day the official spoke.")
                .String("summary", "What the official said, in brief."))
        .Relationship("CONCERNS", "Topic", "Country", "The topic concerns this country.",
            Many("countries", "Countries the topic concerns."), Many("topics", "Topics concerning this country."))
        .Relationship("HAS_INFLUENCE_ON", "Official", "Official", "The official is said to have influence over another.",
            Many("influences", "Officials this one is said to influence."), Many("influencedBy", "Officials said to influence this one."),
            p => p.String("assertedBy", "Key of the official who makes the claim."))
        .Relationship("MENTIONS", GraphModel.SourceKind, GraphModel.AnyEntity,
            "The source names the entity; each citation's locator says where (¶paragraph:start-end, offsets within the paragraph).",
            Many("mentions", "Entities the source names."), Many("mentionedIn", "Sources that name this entity."),
            p => p.Int("occurrences", "How many times the source names it."))
        .Build();
}
