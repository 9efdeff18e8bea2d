using TradeGraph.Core.Graph;
using static TradeGraph.Core.Synthetic.NameParts;
using static TradeGraph.Core.Synthetic.ScaleShape;

namespace TradeGraph.Core.Synthetic;

/// <summary>
/// Builds one synthetic graph for a model: the shaped parts (<see cref="ScaleShape"/>, drafted in the partial files
/// beside this one), then whatever the model has beyond them (the unshaped pass), then participation fills the budget
/// exactly. Entities and relationships are drafted on dense per-kind indices (<see cref="ScaleDrafts"/>) and keyed by
/// rank at the end.
/// </summary>
internal sealed partial class ScaleGraphBuilder
{
    public const int Paragraphs = 25;

    // Dates spread over 2015–2025; "today" for statuses is the seed report's date, fixed so output never depends on the clock.
    private static readonly DateOnly FirstDay = new(2015, 1, 1);
    private static readonly int DaySpan = new DateOnly(2025, 12, 31).DayNumber - FirstDay.DayNumber + 1;
    private static readonly DateOnly Today = new(2025, 10, 23);

    private readonly ScaleModel _model;
    private readonly int _target;
    private readonly long _seed;
    private readonly CancellationToken _cancellationToken;
    private readonly SyntheticRandom _random;
    private readonly int[] _counts;
    private readonly ScaleDrafts _drafts;
    private readonly Dictionary<(string, object), IReadOnlyDictionary<string, object?>> _shared = [];
    private readonly ZipfSampler _sources;
    private readonly ZipfSampler _countries;
    private readonly Dictionary<int, ZipfSampler> _poolSamplers = [];
    private List<int>[] _officialsByCountry = [];

    public ScaleGraphBuilder(ScaleModel model, int relationships, long seed, CancellationToken cancellationToken)
    {
        _model = model;
        _target = relationships;
        _seed = seed;
        _cancellationToken = cancellationToken;
        _random = new SyntheticRandom(seed);
        _counts = EntityCounts(model, relationships);
        _drafts = new ScaleDrafts(model, _counts, relationships);
        _sources = new ZipfSampler(_counts[Source], 0.7);
        _countries = new ZipfSampler(_counts[Country], 1.0);
    }

    public GraphDocument Build()
    {
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
        AddUnshaped(ParticipationMinimum(meetings));
        AddParticipation(meetings, participants);
        return _drafts.Materialize();
    }

    /// <summary>Entity counts per relationship budget: the structure uses about 60% of it, participation the rest.</summary>
    private static int[] EntityCounts(ScaleModel model, int n)
    {
        var counts = new int[model.Kinds.Count];
        counts[Source] = Math.Clamp(n / 100, 5, 20_000);
        counts[Country] = Math.Clamp(n / 250, 12, Countries.Length);
        counts[Official] = n / 12;
        counts[Organization] = Math.Clamp(n / 500, 8, 2_000);
        counts[Place] = Math.Clamp(n / 200, 8, PlaceStems.Length * PlaceSuffixes.Length * PlacePrefixes.Length);
        counts[Commodity] = Math.Clamp(n / 400, 10, NameParts.Commodities.Length * (1 + CommodityQualifiers.Length));
        counts[Topic] = Math.Clamp(n / 1_000, 6, 600);
        counts[Meeting] = n / 20;
        counts[TradeMeasure] = n / 50;
        counts[Trip] = n / 80;
        foreach (var kind in model.UnshapedKinds)
        {
            counts[kind] = UnshapedEntityCount(n);
        }

        return counts;
    }

    private void AddEntity(int kind, string name, IReadOnlyList<string> aliases, string? description, IReadOnlyDictionary<string, object?> properties)
    {
        var (source, paragraph) = Cite();
        AddEntity(kind, name, aliases, description, properties, source, paragraph);
    }

    private void AddEntity(int kind, string name, IReadOnlyList<string> aliases, string? description,
        IReadOnlyDictionary<string, object?> properties, int source, int paragraph) =>
        _drafts.AddEntity(kind, new EntityDraft(name, aliases, description, WithUnwritten(_model.UnwrittenKindProperties[kind], properties), source, paragraph));

    private void AddRelationship(byte type, int from, int to, (int Source, int Paragraph) citation, IReadOnlyDictionary<string, object?>? properties = null)
    {
        var (_, fromKind, toKind) = _model.Types[type];
        _drafts.AddRelationship(type, fromKind, from, toKind, to, WithUnwritten(_model.UnwrittenTypeProperties[type], properties ?? Empty),
            citation.Source, citation.Paragraph);
    }

    /// <summary>A source (Zipf: a few reports are cited very often) and a paragraph of it; counted for the source's rank.</summary>
    private (int Source, int Paragraph) Cite() => CiteFrom(_sources.Sample(_random));

    private (int Source, int Paragraph) CiteFrom(int source)
    {
        _drafts.Cited(source);
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
}
