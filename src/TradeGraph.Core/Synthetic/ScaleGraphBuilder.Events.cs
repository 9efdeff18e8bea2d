using static TradeGraph.Core.Synthetic.NameParts;
using static TradeGraph.Core.Synthetic.ScaleShape;

namespace TradeGraph.Core.Synthetic;

/// <summary>What happens in the graph: meetings, trade measures, trips and, filling the budget, participation.</summary>
internal sealed partial class ScaleGraphBuilder
{
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
            var placeName = _drafts.Entities(Place)[place].Name;
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
                ["status"] = starts < Today ? (_random.Chance(0.95) ? Completed : Cancelled) : (_random.Chance(0.6) ? Scheduled : Planned),
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
            var good = _drafts.Entities(Commodity)[goods[0]].Name.ToLowerInvariant();
            string name;
            if (kind == Tariff)
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
                ["status"] = departs < Today ? Completed : Scheduled,
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
                    AddRelationship(ParticipatesIn, traveller, meeting, CiteFrom(meetings.Reports[meeting]), Shared("role", DelegateRole));
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
        if (_target - _drafts.RelationshipCount < ParticipationMinimum(meetings))
        {
            throw new InvalidOperationException($"The structure took {_drafts.RelationshipCount} of {_target} relationships; too few left for participation.");
        }

        for (var m = 0; m < meetings.Count; m++)
        {
            var role = meetings.Formats[m] is LeadersMeeting or PullAside ? Principal : DelegationLead;
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
        while (_drafts.RelationshipCount < _target)
        {
            if ((_drafts.RelationshipCount & 0xFFFF) == 0)
            {
                _cancellationToken.ThrowIfCancellationRequested();
            }

            var m = sampler.Sample(_random);
            var country = _random.Chance(0.85) ? meetings.Party(m, _random.Next(meetings.PartyCount(m))) : _countries.Sample(_random);
            AddParticipant(OfficialOf(country), m, _random.Chance(0.65) ? DelegateRole : Attendee);
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

    /// <summary>Two delegation leads (or principals) per meeting: what participation needs of the budget at least.</summary>
    private static int ParticipationMinimum(MeetingFacts meetings) => 2 * meetings.Count;

    private long ParticipationKey(int official, int meeting) => ((long)official * _counts[Meeting]) + meeting;

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
