using System.Globalization;
using TradeGraph.Core.Graph;
using static TradeGraph.Core.Synthetic.NameParts;

namespace TradeGraph.Core.Synthetic;

/// <summary>
/// Builds one synthetic graph: entities and relationships are drafted on dense per-kind indices, then ranked by degree
/// and given their keys, so "rank 1 is the most connected" holds whatever the random draws were.
/// </summary>
internal sealed class ScaleGraphBuilder
{
    private const int Source = 0, Country = 1, Official = 2, Organization = 3, Place = 4, Commodity = 5, Topic = 6,
        Meeting = 7, TradeMeasure = 8, Trip = 9, KindCount = 10;

    private static readonly string[] KindNames =
        ["Source", "Country", "Official", "Organization", "Place", "Commodity", "Topic", "Meeting", "TradeMeasure", "Trip"];

    private static readonly string[] KeyPrefixes =
        ["source", "country", "official", "organization", "place", "commodity", "topic", "meeting", "trade-measure", "trip"];

    private const byte Represents = 0, HoldsPost = 1, ParticipatesIn = 2, HeldIn = 3, TakesPlaceIn = 4, HasParty = 5,
        Discusses = 6, OnAgenda = 7, PreparesFor = 8, PartOf = 9, Organizes = 10, ImposedBy = 11, Targets = 12, Covers = 13,
        AnnouncedBy = 14, RespondsTo = 15, LocatedIn = 16, BasedIn = 17, Travels = 18, Visits = 19, TripFor = 20,
        SpokeTo = 21, Concerns = 22, HasInfluenceOn = 23;

    private static readonly (string Name, int From, int To)[] Types =
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

    // Meeting formats in MeetingFormat's order, with how common each is (trade talks most) and how many people attend.
    private static readonly string[] Formats = ["TRADE_TALKS", "LEADERS_MEETING", "PULL_ASIDE", "SUMMIT"];
    private static readonly double[] FormatShares = [0.6, 0.2, 0.1, 0.1];
    private static readonly double[] FormatAttendance = [1.2, 0.6, 0.2, 3.0];
    private const int TradeTalks = 0, LeadersMeeting = 1, PullAside = 2, Summit = 3;

    private static readonly string[] MeasureKinds = ["TARIFF", "EXPORT_CONTROL", "IMPORT_RESTRICTION", "PURCHASE_COMMITMENT", "SANCTION", "OTHER"];
    private static readonly double[] MeasureKindShares = [0.45, 0.15, 0.12, 0.08, 0.1, 0.1];
    private static readonly string[] MeasureStatuses = ["PROPOSED", "THREATENED", "ANNOUNCED", "IMPOSED", "SUSPENDED", "LIFTED"];
    private static readonly double[] MeasureStatusShares = [0.1, 0.15, 0.25, 0.35, 0.1, 0.05];

    // Dates spread over 2015–2025; "today" for statuses is the seed report's date, fixed so output never depends on the clock.
    private static readonly DateOnly FirstDay = new(2015, 1, 1);
    private static readonly int DaySpan = new DateOnly(2025, 12, 31).DayNumber - FirstDay.DayNumber + 1;
    private static readonly DateOnly Today = new(2025, 10, 23);

    private const int Paragraphs = 25;
    private static readonly string[] Locators = [.. Enumerable.Range(0, Paragraphs).Select(i => "¶" + i.ToString(CultureInfo.InvariantCulture))];

    private readonly int _target;
    private readonly long _seed;
    private readonly CancellationToken _cancellationToken;
    private readonly SyntheticRandom _random;
    private readonly List<EntityDraft>[] _entities = new List<EntityDraft>[KindCount];
    private readonly int[][] _degree = new int[KindCount][];
    private readonly List<RelationshipDraft> _relationships;
    private readonly Dictionary<(string, object), IReadOnlyDictionary<string, object?>> _shared = [];
    private readonly int[] _counts = new int[KindCount];

    private ZipfSampler _sources = null!;
    private ZipfSampler _countries = null!;
    private int[] _participations = [];
    private List<int>[] _officialsByCountry = [];
    private readonly Dictionary<int, ZipfSampler> _poolSamplers = [];

    public ScaleGraphBuilder(int relationships, long seed, CancellationToken cancellationToken)
    {
        _target = relationships;
        _seed = seed;
        _cancellationToken = cancellationToken;
        _random = new SyntheticRandom(seed);
        _relationships = new List<RelationshipDraft>(relationships);
    }

    public GraphDocument Build()
    {
        var n = _target;
        // Entity counts per relationship budget: the structure below uses about 60% of it, participation the rest.
        _counts[Source] = Math.Clamp(n / 100, 5, 20_000);
        _counts[Country] = Math.Clamp(n / 250, 12, Countries.Length);
        _counts[Official] = n / 12;
        _counts[Organization] = Math.Clamp(n / 500, 8, 2_000);
        _counts[Place] = Math.Clamp(n / 200, 8, PlaceStems.Length * PlaceSuffixes.Length * PlacePrefixes.Length);
        _counts[Commodity] = Math.Clamp(n / 400, 10, NameParts.Commodities.Length * (1 + CommodityQualifiers.Length));
        _counts[Topic] = Math.Clamp(n / 1_000, 6, 600);
        _counts[Meeting] = n / 20;
        _counts[TradeMeasure] = n / 50;
        _counts[Trip] = n / 80;
        for (var kind = 0; kind < KindCount; kind++)
        {
            _entities[kind] = new List<EntityDraft>(_counts[kind]);
            _degree[kind] = new int[_counts[kind]];
        }

        _participations = new int[_counts[Official]];
        _sources = new ZipfSampler(_counts[Source], 0.7);
        _countries = new ZipfSampler(_counts[Country], 1.0);

        AddSources();
        AddCountries();
        var placeCountry = AddPlaces();
        var (governmentByCountry, media, forums) = AddOrganizations();
        var surnames = AddOfficials(governmentByCountry, media);
        AddCommodities();
        AddTopics();
        var meetings = AddMeetings(placeCountry, governmentByCountry, forums);
        AddTradeMeasures();
        var participants = new HashSet<long>();
        AddTrips(meetings, surnames, participants);
        AddParticipation(meetings, participants);
        return Materialize();
    }

    private void AddSources()
    {
        var count = _counts[Source];
        for (var i = 0; i < count; i++)
        {
            var published = RandomDate();
            var a = Countries[_random.Next(_counts[Country])].Name;
            var b = Countries[_random.Next(_counts[Country])].Name;
            var good = NameParts.Commodities[_random.Next(NameParts.Commodities.Length)].Name.ToLowerInvariant();
            var title = _random.Next(6) switch
            {
                0 => $"{a} and {b} open new round of trade talks",
                1 => $"{a} weighs tariffs on {good} from {b}",
                2 => $"{a} and {b} near deal on {good}",
                3 => $"{a} tightens export controls on {good}",
                4 => $"Trade officials from {a} and {b} meet ahead of summit",
                _ => $"{a} to buy more {good} from {b}, officials say",
            };
            var properties = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["publishedOn"] = published,
                ["dateline"] = $"{PlaceName(_random.Next(600)).ToUpperInvariant()}, {NameParts.Months[published.Month - 1]} {published.Day}",
                ["publisher"] = $"{PlaceName(_random.Next(600))} {_random.Pick(MediaNames)}",
                ["documentId"] = $"synthetic-{_seed}-{i + 1}",
                ["language"] = "en",
            };
            // A source cites itself at its headline, as the seed's report does.
            _entities[Source].Add(new EntityDraft(title, [], null, properties, i, 0));
            _degree[Source][i]++;
        }
    }

    private void AddCountries()
    {
        for (var i = 0; i < _counts[Country]; i++)
        {
            var (name, iso) = Countries[i];
            AddEntity(Country, name, [], null, Shared("isoCode", iso));
        }
    }

    private int[] AddPlaces()
    {
        var count = _counts[Place];
        var countryOf = new int[count];
        for (var i = 0; i < count; i++)
        {
            // Every country gets a place first (when there are enough), then big countries get more.
            var country = i < _counts[Country] && count >= _counts[Country] ? i : _countries.Sample(_random);
            var roll = _random.NextDouble();
            var (category, name) = roll switch
            {
                < 0.7 => ("CITY", PlaceName(i)),
                < 0.8 => ("REGION", PlaceName(i) + " Province"),
                < 0.95 => ("BUILDING", PlaceName(i) + " Convention Centre"),
                _ => ("OTHER", PlaceName(i) + " Free Trade Zone"),
            };
            AddEntity(Place, name, [], null, Shared("category", category));
            countryOf[i] = country;
            AddRelationship(LocatedIn, i, country, Cite());
        }

        return countryOf;
    }

    private (List<int>[] Government, List<int> Media, List<int> Forums) AddOrganizations()
    {
        var government = NewLists(_counts[Country]);
        var media = new List<int>();
        var forums = new List<int>();
        var forumCount = Math.Min(Forums.Length, _counts[Organization] / 4);
        for (var i = 0; i < _counts[Organization]; i++)
        {
            var country = _countries.Sample(_random);
            var roll = _random.NextDouble();
            string name, category;
            if (i < forumCount)
            {
                (name, category) = (Forums[i], "INTERNATIONAL_FORUM");
                forums.Add(i);
            }
            else if (roll < 0.6)
            {
                (name, category) = ($"{_random.Pick(GovernmentBodies)} of {TheCountry(country)}", "GOVERNMENT");
                government[country].Add(i);
            }
            else if (roll < 0.75)
            {
                (name, category) = ($"{PlaceName(_random.Next(600))} {_random.Pick(MediaNames)}", "MEDIA");
                media.Add(i);
            }
            else
            {
                (name, category) = ($"{Countries[country].Name} {_random.Pick(Industries)}", "OTHER");
            }

            AddEntity(Organization, name, [], null, Shared("category", category));
            AddRelationship(BasedIn, i, country, Cite());
        }

        return (government, media, forums);
    }

    private string[] AddOfficials(List<int>[] governmentByCountry, List<int> media)
    {
        var count = _counts[Official];
        var surnames = new string[count];
        _officialsByCountry = NewLists(_counts[Country]);
        for (var i = 0; i < count; i++)
        {
            // Every country gets an official first, then big countries get more.
            var country = i < _counts[Country] ? i : _countries.Sample(_random);
            _officialsByCountry[country].Add(i);
            var given = _random.Pick(GivenNames);
            var surname = _random.Pick(Surnames);
            var name = _random.Chance(0.5) ? $"{given} {(char)('A' + _random.Next(26))}. {surname}" : $"{given} {surname}";
            var title = _random.Pick(Titles);
            surnames[i] = surname;
            AddEntity(Official, name, [surname], $"{title} of {TheCountry(country)}.", Shared("title", title));
            AddRelationship(Represents, i, country, Cite());
            if (_random.Chance(0.3) && governmentByCountry[country].Count > 0)
            {
                AddRelationship(HoldsPost, i, _random.Pick(governmentByCountry[country]), Cite(), Shared("title", title));
            }
        }

        // Officials in the news speak to the press and are said to sway each other; busy officials more than others.
        var pairs = new HashSet<long>();
        for (var i = 0; i < count / 20 && media.Count > 0; i++)
        {
            var official = OfficialOf(_countries.Sample(_random));
            var outlet = _random.Pick(media);
            if (pairs.Add(((long)official << 20) | (uint)outlet))
            {
                var properties = new Dictionary<string, object?>(StringComparer.Ordinal) { ["on"] = RandomDate(), ["summary"] = _random.Pick(Summaries) };
                AddRelationship(SpokeTo, official, outlet, Cite(), properties);
            }
        }

        pairs.Clear();
        for (var i = 0; i < count / 33; i++)
        {
            var country = _countries.Sample(_random);
            var from = OfficialOf(country);
            var to = OfficialOf(_random.Chance(0.7) ? country : _countries.Sample(_random));
            if (from != to && pairs.Add(((long)from << 32) | (uint)to))
            {
                AddRelationship(HasInfluenceOn, from, to, Cite());
            }
        }

        return surnames;
    }

    private void AddCommodities()
    {
        var bases = NameParts.Commodities;
        for (var i = 0; i < _counts[Commodity]; i++)
        {
            var (name, category) = bases[i % bases.Length];
            var qualifier = i / bases.Length;
            AddEntity(Commodity, qualifier == 0 ? name : $"{CommodityQualifiers[qualifier - 1]} {name.ToLowerInvariant()}", [], null,
                Shared("category", category));
        }
    }

    private void AddTopics()
    {
        Span<int> picked = stackalloc int[2];
        for (var i = 0; i < _counts[Topic]; i++)
        {
            var variant = i / NameParts.Topics.Length;
            var name = NameParts.Topics[i % NameParts.Topics.Length];
            AddEntity(Topic, variant == 0 ? name : $"{name} ({Countries[(variant - 1) % _counts[Country]].Name})", [], null, Empty);
            var concerned = Distinct(_countries, _random.Between(1, 2), picked, -1);
            foreach (var country in picked[..concerned])
            {
                AddRelationship(Concerns, i, country, Cite());
            }
        }
    }

    private MeetingFacts AddMeetings(int[] placeCountry, List<int>[] governmentByCountry, List<int> forums)
    {
        var count = _counts[Meeting];
        var facts = new MeetingFacts(count);
        var formats = new WeightedSampler(FormatShares);
        var places = new ZipfSampler(_counts[Place], 0.8);
        var commodities = new ZipfSampler(_counts[Commodity], 1.0);
        var topics = new ZipfSampler(_counts[Topic], 0.9);
        Span<int> parties = stackalloc int[4];
        Span<int> picked = stackalloc int[3];
        var summits = new List<int>();
        for (var m = 0; m < count; m++)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            var format = formats.Sample(_random);
            var starts = RandomDate();
            var ends = starts.AddDays(format switch { TradeTalks => _random.Next(3), Summit => _random.Between(1, 2), _ => 0 });
            var place = places.Sample(_random);
            var host = placeCountry[place];

            // Two or three sides (three or four at a summit), the host among them more often than not.
            var sides = format == Summit ? _random.Between(3, 4) : _random.Chance(0.7) ? 2 : 3;
            parties[0] = _random.Chance(0.6) ? host : _countries.Sample(_random);
            var partyCount = 1 + Distinct(_countries, sides - 1, parties[1..], parties[0]);
            var a = Countries[parties[0]].Name;
            var b = Countries[parties[1]].Name;
            var placeName = _entities[Place][place].Name;
            var when = $"{MonthNames[starts.Month - 1]} {starts.Year}";
            var name = format switch
            {
                TradeTalks => $"{a}–{b} trade talks in {placeName}, {when}",
                LeadersMeeting => $"{a}–{b} leaders' meeting, {placeName}, {when}",
                PullAside => $"{a}–{b} pull-aside, {placeName}, {when}",
                _ => $"{placeName} economic summit, {when}",
            };
            var properties = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["format"] = Formats[format],
                ["status"] = starts < Today ? (_random.Chance(0.95) ? "COMPLETED" : "CANCELLED") : (_random.Chance(0.6) ? "SCHEDULED" : "PLANNED"),
                ["startsOn"] = starts,
                ["endsOn"] = ends,
            };
            if (format == TradeTalks && _random.Chance(0.5))
            {
                properties["round"] = (long)_random.Between(1, 9);
            }

            // Everything said about a meeting comes from its report, paragraph by paragraph.
            var report = _sources.Sample(_random);
            AddEntity(Meeting, name, [], null, properties, report, 1);
            facts.Add(format, starts, host, parties[..partyCount], report);
            if (format == Summit)
            {
                summits.Add(m);
            }

            AddRelationship(HeldIn, m, place, CiteFrom(report));
            AddRelationship(TakesPlaceIn, m, host, CiteFrom(report));
            foreach (var party in parties[..partyCount])
            {
                AddRelationship(HasParty, m, party, CiteFrom(report));
            }

            var goods = format switch { TradeTalks => _random.Between(1, 3), LeadersMeeting => _random.Between(0, 2), PullAside => _random.Between(0, 1), _ => _random.Between(0, 3) };
            foreach (var commodity in picked[..Distinct(commodities, goods, picked, -1)])
            {
                AddRelationship(Discusses, m, commodity, CiteFrom(report), _random.Chance(0.4) ? Shared("expectedOutcome", _random.Pick(Outcomes)) : Empty);
            }

            var agenda = format is Summit or LeadersMeeting ? _random.Between(1, 2) : _random.Between(0, 1);
            foreach (var topic in picked[..Distinct(topics, agenda, picked, -1)])
            {
                AddRelationship(OnAgenda, m, topic, CiteFrom(report), _random.Chance(0.3) ? Shared("expectedOutcome", _random.Pick(Outcomes)) : Empty);
            }

            if (format == Summit && forums.Count > 0)
            {
                AddRelationship(Organizes, _random.Pick(forums), m, CiteFrom(report));
            }
            else if (_random.Chance(0.05) && governmentByCountry[host].Count > 0)
            {
                AddRelationship(Organizes, _random.Pick(governmentByCountry[host]), m, CiteFrom(report));
            }
        }

        // Some talks prepare a later meeting; some meetings are sessions of a summit (each at most one: a single end).
        for (var m = 0; m < count; m++)
        {
            if (facts.Formats[m] == TradeTalks && _random.Chance(0.15))
            {
                for (var attempt = 0; attempt < 8; attempt++)
                {
                    var later = _random.Next(count);
                    if (facts.Starts[later] > facts.Starts[m])
                    {
                        AddRelationship(PreparesFor, m, later, CiteFrom(facts.Reports[m]));
                        break;
                    }
                }
            }
            else if (facts.Formats[m] is LeadersMeeting or PullAside && summits.Count > 0 && _random.Chance(0.25))
            {
                var summit = _random.Pick(summits);
                AddRelationship(PartOf, m, summit, CiteFrom(facts.Reports[m]));
            }
        }

        return facts;
    }

    private void AddTradeMeasures()
    {
        var count = _counts[TradeMeasure];
        var imposers = new int[count];
        var firstTargets = new int[count];
        var kinds = new WeightedSampler(MeasureKindShares);
        var statuses = new WeightedSampler(MeasureStatusShares);
        var commodities = new ZipfSampler(_counts[Commodity], 1.0);
        Span<int> targets = stackalloc int[2];
        Span<int> goods = stackalloc int[3];
        for (var t = 0; t < count; t++)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            // One in five answers an earlier measure: the target strikes back at the imposer.
            var respondsTo = t > 0 && _random.Chance(0.2) ? _random.Next(t) : -1;
            int imposer, targetCount;
            if (respondsTo >= 0)
            {
                imposer = firstTargets[respondsTo];
                targets[0] = imposers[respondsTo];
                targetCount = 1;
            }
            else
            {
                imposer = _countries.Sample(_random);
                targetCount = Distinct(_countries, _random.Chance(0.7) ? 1 : 2, targets, imposer);
            }

            imposers[t] = imposer;
            firstTargets[t] = targets[0];
            var goodCount = Distinct(commodities, _random.Between(1, 3), goods, -1);
            var kind = kinds.Sample(_random);
            var announced = RandomDate();
            var properties = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["kind"] = MeasureKinds[kind],
                ["status"] = MeasureStatuses[statuses.Sample(_random)],
                ["announcedOn"] = announced,
            };
            var by = Countries[imposer].Name;
            var on = Countries[targets[0]].Name;
            var good = _entities[Commodity][goods[0]].Name.ToLowerInvariant();
            string name;
            if (kind == 0)
            {
                var rate = 5 * _random.Between(1, 30);
                properties["ratePercent"] = (double)rate;
                name = $"{by} {rate}% tariff on {good} from {on}";
            }
            else
            {
                name = kind switch
                {
                    1 => $"{by} export controls on {good}",
                    2 => $"{by} import restrictions on {good} from {on}",
                    3 => $"{by} commitment to buy {good} from {on}",
                    4 => $"{by} sanctions on {good} trade with {on}",
                    _ => $"{by} measures on {good} from {on}",
                };
            }

            AddEntity(TradeMeasure, $"{name}, {announced.Year}", [], null, properties);
            AddRelationship(ImposedBy, t, imposer, Cite());
            foreach (var target in targets[..targetCount])
            {
                AddRelationship(Targets, t, target, Cite());
            }

            foreach (var commodity in goods[..goodCount])
            {
                AddRelationship(Covers, t, commodity, Cite());
            }

            if (_random.Chance(0.6))
            {
                AddRelationship(AnnouncedBy, t, OfficialOf(imposer), Cite(), new Dictionary<string, object?>(StringComparer.Ordinal) { ["announcedOn"] = announced });
            }

            if (respondsTo >= 0)
            {
                AddRelationship(RespondsTo, t, respondsTo, Cite());
            }
        }
    }

    private void AddTrips(MeetingFacts meetings, string[] surnames, HashSet<long> participants)
    {
        Span<int> stops = stackalloc int[3];
        for (var r = 0; r < _counts[Trip]; r++)
        {
            var traveller = OfficialOf(_countries.Sample(_random));
            var stopCount = _random.NextDouble() switch { < 0.5 => 1, < 0.85 => 2, _ => 3 };
            // Most trips are made for a meeting: the last stop is its host country, arriving on its first day.
            var meeting = _random.Chance(0.7) ? _random.Next(meetings.Count) : -1;
            var last = meeting >= 0 ? meetings.Hosts[meeting] : _countries.Sample(_random);
            stops[0] = last;
            stopCount = 1 + Distinct(_countries, stopCount - 1, stops[1..], last);
            var departs = meeting >= 0 ? meetings.Starts[meeting].AddDays(-2 * (stopCount - 1)) : RandomDate();
            var returns = departs.AddDays((2 * (stopCount - 1)) + 1);
            var properties = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["status"] = departs < Today ? "COMPLETED" : "SCHEDULED",
                ["startsOn"] = departs,
                ["endsOn"] = returns,
            };
            AddEntity(Trip, $"{surnames[traveller]}'s trip to {Countries[last].Name}, {MonthNames[departs.Month - 1]} {departs.Year}", [], null, properties);
            AddRelationship(Travels, r, traveller, Cite());
            for (var order = 1; order <= stopCount; order++)
            {
                // stops[0] is the last stop; the others come first, in drawn order.
                var country = order == stopCount ? stops[0] : stops[order];
                var arrives = departs.AddDays(2 * (order - 1));
                AddRelationship(Visits, r, country, Cite(), new Dictionary<string, object?>(StringComparer.Ordinal)
                {
                    ["order"] = (long)order,
                    ["startsOn"] = arrives,
                    ["endsOn"] = arrives.AddDays(1),
                });
            }

            if (meeting >= 0)
            {
                AddRelationship(TripFor, r, meeting, CiteFrom(meetings.Reports[meeting]));
                if (participants.Add(ParticipationKey(traveller, meeting)))
                {
                    AddRelationship(ParticipatesIn, traveller, meeting, CiteFrom(meetings.Reports[meeting]), Shared("role", "DELEGATE"));
                }
            }
        }
    }

    /// <summary>
    /// Fills the budget with participation: two delegation leads per meeting, then delegates drawn mostly from the
    /// sides' officials, each country's officials by Zipf rank, so a few take part in very many meetings.
    /// </summary>
    private void AddParticipation(MeetingFacts meetings, HashSet<long> participants)
    {
        if (_target - _relationships.Count < 2 * meetings.Count)
        {
            throw new InvalidOperationException($"The structure took {_relationships.Count} of {_target} relationships; too few left for participation.");
        }

        for (var m = 0; m < meetings.Count; m++)
        {
            var role = meetings.Formats[m] is LeadersMeeting or PullAside ? "PRINCIPAL" : "DELEGATION_LEAD";
            for (var side = 0; side < 2; side++)
            {
                AddParticipant(OfficialOf(meetings.Party(m, side)), m, role);
            }
        }

        var weights = new double[meetings.Count];
        for (var m = 0; m < weights.Length; m++)
        {
            weights[m] = FormatAttendance[meetings.Formats[m]];
        }

        var sampler = new WeightedSampler(weights);
        while (_relationships.Count < _target)
        {
            if ((_relationships.Count & 0xFFFF) == 0)
            {
                _cancellationToken.ThrowIfCancellationRequested();
            }

            var m = sampler.Sample(_random);
            var country = _random.Chance(0.85) ? meetings.Party(m, _random.Next(meetings.PartyCount(m))) : _countries.Sample(_random);
            AddParticipant(OfficialOf(country), m, _random.Chance(0.65) ? "DELEGATE" : "ATTENDEE");
        }

        void AddParticipant(int official, int meeting, string role)
        {
            // A pair already taken is drawn again; after a few misses (tiny graphs), any free pair will do.
            for (var attempt = 0; !participants.Add(ParticipationKey(official, meeting)); attempt++)
            {
                official = attempt < 16 ? OfficialOf(meetings.Party(meeting, _random.Next(meetings.PartyCount(meeting)))) : _random.Next(_counts[Official]);
                meeting = attempt < 32 ? meeting : _random.Next(meetings.Count);
            }

            AddRelationship(ParticipatesIn, official, meeting, CiteFrom(meetings.Reports[meeting]), Shared("role", role));
        }
    }

    private long ParticipationKey(int official, int meeting) => ((long)official * _counts[Meeting]) + meeting;

    private GraphDocument Materialize()
    {
        var keys = new string[KindCount][];
        for (var kind = 0; kind < KindCount; kind++)
        {
            keys[kind] = RankedKeys(kind);
        }

        var citations = new SourceReference[_counts[Source] * Paragraphs][];
        IReadOnlyList<SourceReference> Sources(int source, int paragraph) =>
            citations[(source * Paragraphs) + paragraph] ??= [new SourceReference(keys[Source][source], Locators[paragraph])];

        var entities = new Entity[_entities.Sum(e => e.Count)];
        var next = 0;
        for (var kind = 0; kind < KindCount; kind++)
        {
            var drafts = _entities[kind];
            var start = next;
            for (var i = 0; i < drafts.Count; i++)
            {
                var draft = drafts[i];
                // Placed by rank, so each kind is listed official-1, official-2, …
                var rank = RankOf(keys[kind][i]);
                entities[start + rank - 1] = new Entity(KindNames[kind], keys[kind][i], draft.Name, draft.Aliases, draft.Description,
                    draft.Properties, Sources(draft.Source, draft.Paragraph));
            }

            next += drafts.Count;
        }

        var relationships = new Relationship[_relationships.Count];
        for (var i = 0; i < relationships.Length; i++)
        {
            var draft = _relationships[i];
            var (name, from, to) = Types[draft.Type];
            relationships[i] = new Relationship(name, keys[from][draft.From], keys[to][draft.To], draft.Properties, Sources(draft.Source, draft.Paragraph));
        }

        return new GraphDocument(entities, relationships);

        static int RankOf(string key) => int.Parse(key.AsSpan(key.LastIndexOf('-') + 1), CultureInfo.InvariantCulture);
    }

    /// <summary>Keys by draft index: most connected first (officials: most meetings first), ties by draft order.</summary>
    private string[] RankedKeys(int kind)
    {
        var degree = _degree[kind];
        var order = new int[degree.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (x, y) =>
        {
            var primary = kind == Official ? _participations[y].CompareTo(_participations[x]) : 0;
            return primary != 0 ? primary : degree[y] != degree[x] ? degree[y].CompareTo(degree[x]) : x.CompareTo(y);
        });
        var keys = new string[order.Length];
        for (var rank = 0; rank < order.Length; rank++)
        {
            keys[order[rank]] = KeyPrefixes[kind] + "-" + (rank + 1).ToString(CultureInfo.InvariantCulture);
        }

        return keys;
    }

    private void AddEntity(int kind, string name, IReadOnlyList<string> aliases, string? description, IReadOnlyDictionary<string, object?> properties)
    {
        var (source, paragraph) = Cite();
        AddEntity(kind, name, aliases, description, properties, source, paragraph);
    }

    private void AddEntity(int kind, string name, IReadOnlyList<string> aliases, string? description,
        IReadOnlyDictionary<string, object?> properties, int source, int paragraph) =>
        _entities[kind].Add(new EntityDraft(name, aliases, description, properties, source, paragraph));

    private void AddRelationship(byte type, int from, int to, (int Source, int Paragraph) citation, IReadOnlyDictionary<string, object?>? properties = null)
    {
        var (_, fromKind, toKind) = Types[type];
        _relationships.Add(new RelationshipDraft(type, from, to, properties ?? Empty, citation.Source, (byte)citation.Paragraph));
        _degree[fromKind][from]++;
        _degree[toKind][to]++;
        if (type == ParticipatesIn)
        {
            _participations[from]++;
        }
    }

    /// <summary>A source (Zipf: a few reports are cited very often) and a paragraph of it; counted for the source's rank.</summary>
    private (int Source, int Paragraph) Cite() => CiteFrom(_sources.Sample(_random));

    private (int Source, int Paragraph) CiteFrom(int source)
    {
        _degree[Source][source]++;
        return (source, _random.Between(1, Paragraphs - 1));
    }

    /// <summary>An official of the country, by Zipf rank within its officials (the first few are the busy ones).</summary>
    private int OfficialOf(int country)
    {
        var pool = _officialsByCountry[country];
        if (!_poolSamplers.TryGetValue(pool.Count, out var sampler))
        {
            sampler = new ZipfSampler(pool.Count, 0.8);
            _poolSamplers[pool.Count] = sampler;
        }

        return pool[sampler.Sample(_random)];
    }

    /// <summary>Up to <paramref name="count"/> distinct draws, none equal to <paramref name="exclude"/>; returns how many.</summary>
    private int Distinct(ZipfSampler sampler, int count, Span<int> into, int exclude)
    {
        var found = 0;
        for (var attempt = 0; found < count && attempt < 32; attempt++)
        {
            var value = attempt < 16 ? sampler.Sample(_random) : _random.Next(sampler.Count);
            if (value != exclude && !into[..found].Contains(value))
            {
                into[found++] = value;
            }
        }

        return found;
    }

    private IReadOnlyDictionary<string, object?> Shared(string name, object value)
    {
        // Property maps with one common value are shared: a million relationships need only a few of them.
        if (!_shared.TryGetValue((name, value), out var properties))
        {
            properties = new Dictionary<string, object?>(StringComparer.Ordinal) { [name] = value };
            _shared[(name, value)] = properties;
        }

        return properties;
    }

    private static IReadOnlyDictionary<string, object?> Empty => PropertyValues.EmptyProperties;

    private DateOnly RandomDate() => FirstDay.AddDays(_random.Next(DaySpan));

    private static string PlaceName(int index)
    {
        var combination = index % (PlaceStems.Length * PlaceSuffixes.Length);
        var prefix = PlacePrefixes[index / (PlaceStems.Length * PlaceSuffixes.Length) % PlacePrefixes.Length];
        return prefix + PlaceStems[combination % PlaceStems.Length] + PlaceSuffixes[combination / PlaceStems.Length];
    }

    /// <summary>The country's name as it reads after "of": "the United States", "Brazil".</summary>
    private static string TheCountry(int country)
    {
        var name = Countries[country].Name;
        return name.StartsWith("United ", StringComparison.Ordinal) || name is "Netherlands" or "Philippines" or "Dominican Republic"
            ? "the " + name
            : name;
    }

    private static List<int>[] NewLists(int count)
    {
        var lists = new List<int>[count];
        for (var i = 0; i < count; i++)
        {
            lists[i] = [];
        }

        return lists;
    }

    private sealed record EntityDraft(string Name, IReadOnlyList<string> Aliases, string? Description,
        IReadOnlyDictionary<string, object?> Properties, int Source, int Paragraph);

    private readonly record struct RelationshipDraft(byte Type, int From, int To, IReadOnlyDictionary<string, object?> Properties, int Source, byte Paragraph);

    /// <summary>What later steps need to know about each meeting, in flat arrays.</summary>
    private sealed class MeetingFacts(int count)
    {
        private readonly int[] _parties = new int[count * 4];
        private readonly byte[] _partyCounts = new byte[count];

        public int Count { get; private set; }

        public int[] Formats { get; } = new int[count];

        public DateOnly[] Starts { get; } = new DateOnly[count];

        public int[] Hosts { get; } = new int[count];

        public int[] Reports { get; } = new int[count];

        public void Add(int format, DateOnly starts, int host, ReadOnlySpan<int> parties, int report)
        {
            Formats[Count] = format;
            Starts[Count] = starts;
            Hosts[Count] = host;
            Reports[Count] = report;
            parties.CopyTo(_parties.AsSpan(Count * 4));
            _partyCounts[Count] = (byte)parties.Length;
            Count++;
        }

        public int PartyCount(int meeting) => _partyCounts[meeting];

        public int Party(int meeting, int index) => _parties[(meeting * 4) + Math.Min(index, _partyCounts[meeting] - 1)];
    }
}
