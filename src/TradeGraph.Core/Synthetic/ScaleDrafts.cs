using System.Globalization;
using TradeGraph.Core.Graph;

namespace TradeGraph.Core.Synthetic;

/// <summary>
/// The graph being drafted, on dense per-kind indices, with every entity's degree counted as it goes; materialized
/// once at the end, when ranks by degree give the keys, so "rank 1 is the most connected" holds whatever the draws were.
/// </summary>
internal sealed class ScaleDrafts
{
    private const int Paragraphs = ScaleGraphBuilder.Paragraphs;

    private static readonly string[] Locators =
        [.. Enumerable.Range(0, Paragraphs).Select(i => "¶" + i.ToString(CultureInfo.InvariantCulture))];

    private readonly ScaleModel _model;
    private readonly List<EntityDraft>[] _entities;
    private readonly int[][] _degree;
    private readonly List<RelationshipDraft> _relationships;
    private readonly int[] _participations;

    public ScaleDrafts(ScaleModel model, int[] counts, int relationships)
    {
        _model = model;
        _entities = new List<EntityDraft>[counts.Length];
        _degree = new int[counts.Length][];
        for (var kind = 0; kind < counts.Length; kind++)
        {
            _entities[kind] = new List<EntityDraft>(counts[kind]);
            _degree[kind] = new int[counts[kind]];
        }

        _participations = new int[counts[ScaleShape.Official]];
        _relationships = new List<RelationshipDraft>(relationships);
    }

    public int RelationshipCount => _relationships.Count;

    public IReadOnlyList<EntityDraft> Entities(int kind) => _entities[kind];

    public void AddEntity(int kind, EntityDraft draft) => _entities[kind].Add(draft);

    public void AddRelationship(byte type, int fromKind, int from, int toKind, int to, IReadOnlyDictionary<string, object?> properties, int source, int paragraph)
    {
        _relationships.Add(new RelationshipDraft(type, (byte)fromKind, from, (byte)toKind, to, properties, source, (byte)paragraph));
        _degree[fromKind][from]++;
        _degree[toKind][to]++;
        if (type == ScaleShape.ParticipatesIn)
        {
            _participations[from]++;
        }
    }

    /// <summary>A citation of the source counts towards its rank.</summary>
    public void Cited(int source) => _degree[ScaleShape.Source][source]++;

    public GraphDocument Materialize()
    {
        var kindCount = _entities.Length;
        var keys = new string[kindCount][];
        for (var kind = 0; kind < kindCount; kind++)
        {
            keys[kind] = RankedKeys(kind);
        }

        var citations = new SourceReference[_entities[ScaleShape.Source].Count * Paragraphs][];
        IReadOnlyList<SourceReference> Sources(int source, int paragraph) =>
            citations[(source * Paragraphs) + paragraph] ??= [new SourceReference(keys[ScaleShape.Source][source], Locators[paragraph])];

        var entities = new Entity[_entities.Sum(e => e.Count)];
        var next = 0;
        for (var kind = 0; kind < kindCount; kind++)
        {
            var drafts = _entities[kind];
            var kindName = _model.Kinds[kind].Name;
            var start = next;
            for (var i = 0; i < drafts.Count; i++)
            {
                var draft = drafts[i];
                // Placed by rank, so each kind is listed official-1, official-2, …
                var rank = RankOf(keys[kind][i]);
                entities[start + rank - 1] = new Entity(kindName, keys[kind][i], draft.Name, draft.Aliases, draft.Description,
                    draft.Properties, Sources(draft.Source, draft.Paragraph));
            }

            next += drafts.Count;
        }

        var relationships = new Relationship[_relationships.Count];
        for (var i = 0; i < relationships.Length; i++)
        {
            var draft = _relationships[i];
            relationships[i] = new Relationship(_model.Types[draft.Type].Type.Name, keys[draft.FromKind][draft.From], keys[draft.ToKind][draft.To],
                draft.Properties, Sources(draft.Source, draft.Paragraph));
        }

        return new GraphDocument(entities, relationships);

        static int RankOf(string key) => int.Parse(key.AsSpan(key.LastIndexOf('-') + 1), CultureInfo.InvariantCulture);
    }

    /// <summary>Keys by draft index: most connected first (officials: most meetings first), ties by draft order.</summary>
    private string[] RankedKeys(int kind)
    {
        var degree = _degree[kind];
        var order = new int[_entities[kind].Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (x, y) =>
        {
            var primary = kind == ScaleShape.Official ? _participations[y].CompareTo(_participations[x]) : 0;
            return primary != 0 ? primary : degree[y] != degree[x] ? degree[y].CompareTo(degree[x]) : x.CompareTo(y);
        });
        var keys = new string[order.Length];
        for (var rank = 0; rank < order.Length; rank++)
        {
            keys[order[rank]] = _model.KeyPrefixes[kind] + "-" + (rank + 1).ToString(CultureInfo.InvariantCulture);
        }

        return keys;
    }
}

internal sealed record EntityDraft(string Name, IReadOnlyList<string> Aliases, string? Description,
    IReadOnlyDictionary<string, object?> Properties, int Source, int Paragraph);

internal readonly record struct RelationshipDraft(byte Type, byte FromKind, int From, byte ToKind, int To,
    IReadOnlyDictionary<string, object?> Properties, int Source, byte Paragraph);
