using static TradeGraph.Core.Synthetic.NameParts;
using static TradeGraph.Core.Synthetic.ScaleShape;

namespace TradeGraph.Core.Synthetic;

/// <summary>The standing parts of the graph: sources, countries, places, organizations, officials, commodities and topics.</summary>
internal sealed partial class ScaleGraphBuilder
{
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
            _drafts.AddEntity(Source, new EntityDraft(title, [], null, properties, i, 0));
            _drafts.Cited(i);
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
                < 0.7 => (City, PlaceName(i)),
                < 0.8 => (Region, PlaceName(i) + " Province"),
                < 0.95 => (Building, PlaceName(i) + " Convention Centre"),
                _ => (OtherCategory, PlaceName(i) + " Free Trade Zone"),
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
                (name, category) = (Forums[i], InternationalForum);
                forums.Add(i);
            }
            else if (roll < 0.6)
            {
                (name, category) = ($"{_random.Pick(GovernmentBodies)} of {TheCountry(country)}", Government);
                government[country].Add(i);
            }
            else if (roll < 0.75)
            {
                (name, category) = ($"{PlaceName(_random.Next(600))} {_random.Pick(MediaNames)}", Media);
                media.Add(i);
            }
            else
            {
                (name, category) = ($"{Countries[country].Name} {_random.Pick(Industries)}", OtherCategory);
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
}
