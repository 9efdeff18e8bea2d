using TradeGraph.Core.Model;
using TradeGraph.Core.Querying;
using TradeGraph.Storage.Neo4j.Cypher;
using TradeGraph.Storage.Neo4j.QueryApi;

namespace TradeGraph.Storage.Tests.Neo4j;

/// <summary>
/// The page shapes the fake executes besides: the first page (no cursor) of a kind or of each anchor's neighbours over a
/// relationship type, without a filter, in key order or by one field of the target (nulls first ascending, last descending,
/// then by key, as the statement's ORDER BY says), for a whole read or a bare one (EntityParts.All / None); also the
/// statistics and the export (passages included), whose texts are constant. A filter, a cursor (after/before, last) or a second sort key makes
/// another text, which the fake does not know: such a read fails the test rather than being answered wrongly. The texts
/// are many (kind × order × parts, type × direction × order × parts), so they are built on the first read that needs one.
/// </summary>
internal sealed partial class FakeNeo4j
{
    private static readonly EntityParts[] PageParts = [EntityParts.All, EntityParts.None];

    private Dictionary<string, Func<IReadOnlyDictionary<string, object?>, QueryResult>>? _pageHandlers;

    private Func<IReadOnlyDictionary<string, object?>, QueryResult>? PageHandler(string text) =>
        (_pageHandlers ??= BuildPageHandlers()).GetValueOrDefault(text);

    private Dictionary<string, Func<IReadOnlyDictionary<string, object?>, QueryResult>> BuildPageHandlers()
    {
        var reads = new CypherReads(_model);
        // Add throws on a text built twice; a text the fixed handlers know too is refused below.
        var handlers = new Dictionary<string, Func<IReadOnlyDictionary<string, object?>, QueryResult>>(StringComparer.Ordinal)
        {
            { reads.Statistics().Text, _ => Statistics() },
            { reads.Export().Text, _ => Export() },
        };
        foreach (var parts in PageParts)
        {
            foreach (var kind in _model.Kinds)
            {
                foreach (var order in Orders(kind))
                {
                    var text = reads.ListEntities(new EntityQuery(kind.Name, new PageRequest(First: 1), Order: order is null ? null : [order], Parts: parts)).Statement.Text;
                    handlers.Add(text, p => One([CypherReads.Rows, CypherReads.BeyondStart],
                        Row(PageRows(AllNodes.Where(n => n.Labels.Contains(kind.Name)).Select(n => (n, (FakeRelationship?)null)), order, (long)p["p0"]!, parts), false)));
                }
            }

            foreach (var type in _model.RelationshipTypes)
            {
                foreach (var direction in new[] { Direction.Outgoing, Direction.Incoming })
                {
                    foreach (var order in Orders(Cypher.TargetKind(_model, type, direction)))
                    {
                        var text = reads.ListRelated(new RelatedQuery(type, direction, ["anchor"], new PageRequest(First: 1), Order: order is null ? null : [order], Parts: parts)).Statement.Text;
                        handlers.Add(text, p => Neighbours(type, direction, Strings(p["p0"]), order, (long)p["p1"]!, parts));
                    }
                }
            }
        }

        if (handlers.Keys.FirstOrDefault(_handlers.ContainsKey) is { } twice)
        {
            throw new InvalidOperationException($"The fake acts this statement out twice (a page handler and a fixed one); keep one:\n{twice}");
        }

        return handlers;
    }

    /// <summary>Key order (null), or by the name or one declared property, either way.</summary>
    private static IEnumerable<FieldSort?> Orders(EntityKind kind) =>
        new[] { "name" }.Concat(kind.Properties.Select(p => p.Name)).SelectMany(field => new FieldSort?[] { new(field, false), new(field, true) }).Prepend(null);

    /// <summary>Per anchor (UNWIND order, each once) found under the anchor kind's label: its neighbours of the target kind over the type.</summary>
    private QueryResult Neighbours(RelationshipType type, Direction direction, IReadOnlyList<string> anchors, FieldSort? order, long limit, EntityParts parts)
    {
        var anchorLabel = Cypher.AnchorKind(_model, type, direction).Name;
        var targetLabel = Cypher.TargetKind(_model, type, direction).Name;
        var rows = new List<IReadOnlyList<object?>>();
        foreach (var key in anchors.Distinct())
        {
            if (Find(anchorLabel, key) is not { } anchor)
            {
                continue;
            }

            var walked = Relationships.Where(r => r.Type == type.Name && (direction == Direction.Outgoing ? r.FromId : r.ToId) == anchor.Id)
                .Select(r => (Node: AllNodes.Single(n => n.Id == (direction == Direction.Outgoing ? r.ToId : r.FromId)), Relationship: (FakeRelationship?)r))
                .Where(w => w.Node.Labels.Contains(targetLabel));
            rows.Add(Row(key, PageRows(walked, order, limit, parts), false));
        }

        return Many([CypherReads.Anchor, CypherReads.Rows, CypherReads.BeyondStart], rows);
    }

    /// <summary>The ordered, limited page as the statement collects it: labels, the projected node (and relationship), the sort values.</summary>
    private List<object?> PageRows(IEnumerable<(FakeNode Node, FakeRelationship? Relationship)> rows, FieldSort? order, long limit, EntityParts parts)
    {
        var sorted = order is null
            ? rows.OrderBy(r => r.Node.Key, StringComparer.Ordinal)
            : order.Descending
                ? rows.OrderByDescending(r => r.Node.Properties.ContainsKey(order.Field)).ThenByDescending(r => r.Node.Properties.GetValueOrDefault(order.Field), CypherValueOrder.Instance)
                    .ThenBy(r => r.Node.Key, StringComparer.Ordinal)
                : rows.OrderBy(r => r.Node.Properties.ContainsKey(order.Field)).ThenBy(r => r.Node.Properties.GetValueOrDefault(order.Field), CypherValueOrder.Instance)
                    .ThenBy(r => r.Node.Key, StringComparer.Ordinal);
        return [.. sorted.Take((int)limit).Select(r =>
        {
            var row = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                [CypherReads.Labels] = r.Node.Labels.ToList<object?>(),
                [CypherReads.Properties] = Project(r.Node, parts),
                [CypherReads.Sort] = order is null ? new List<object?>() : [Decode(r.Node.Properties.GetValueOrDefault(order.Field))],
            };
            if (r.Relationship is { } relationship)
            {
                row[CypherReads.RelationshipProperties] = parts == EntityParts.All ? relationship.Read() : new Dictionary<string, object?>(StringComparer.Ordinal);
            }

            return (object?)row;
        })];
    }

    /// <summary>The count per kind (by its label) and per relationship type, as e0…, r0… in model order.</summary>
    private QueryResult Statistics() =>
        One([.. _model.Kinds.Select((_, i) => $"e{i}"), .. _model.RelationshipTypes.Select((_, i) => $"r{i}")],
            [.. _model.Kinds.Select(k => (object?)(long)AllNodes.Count(n => n.Labels.Contains(k.Name))),
                .. _model.RelationshipTypes.Select(t => (object?)(long)Relationships.Count(r => r.Type == t.Name))]);

    /// <summary>
    /// Every node of a kind (its vector left out, as the statement says), every relationship of a model type with its ends'
    /// keys, then every passage's source, paragraph and text.
    /// </summary>
    private QueryResult Export() =>
        Many([CypherReads.Labels, CypherReads.Properties, CypherReads.Type, CypherReads.FromKey, CypherReads.ToKey], [
            .. AllNodes.Where(n => n.Labels.Overlaps(_statements.KeyLabels)).Select(n => Row(n.Labels.ToList<object?>(), WithoutVector(n.Read()), null, null, null)),
            .. Relationships.Select(r => Row(null, r.Read(), r.Type, r.From, r.To)),
            .. PassageNodes.Select(n => Row(n.Labels.ToList<object?>(), (object?)new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                [PassageStatements.Source] = n.Properties[PassageStatements.Source], [PassageStatements.Paragraph] = n.Properties[PassageStatements.Paragraph],
                [PassageStatements.Text] = n.Properties[PassageStatements.Text],
            }, null, null, null)),
        ]);

    /// <summary>Cypher's order of values of one type: strings by UTF-16 unit (Java's compareTo), numbers and dates by value.</summary>
    private sealed class CypherValueOrder : IComparer<object?>
    {
        public static CypherValueOrder Instance { get; } = new();

        public int Compare(object? x, object? y) => (x, y) switch
        {
            (null, null) => 0,
            (null, _) => -1,
            (_, null) => 1,
            (string a, string b) => string.CompareOrdinal(a, b),
            (long a, long b) => a.CompareTo(b),
            (double a, double b) => a.CompareTo(b),
            (long a, double b) => ((double)a).CompareTo(b),
            (double a, long b) => a.CompareTo(b),
            (DateOnly a, DateOnly b) => a.CompareTo(b),
            (bool a, bool b) => a.CompareTo(b),
            _ => throw new InvalidOperationException($"The fake does not order {x.GetType().Name} against {y.GetType().Name}."),
        };
    }
}
