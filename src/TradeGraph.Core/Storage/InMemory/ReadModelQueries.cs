using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;
using TradeGraph.Core.Querying;

namespace TradeGraph.Core.Storage.InMemory;

/// <summary>
/// The read primitives of <see cref="IGraphStore"/> answered from a <see cref="ReadModelGraph"/>, with the store of
/// record's semantics (filters: <see cref="FilterCompiler"/>; order and pages: <see cref="KeysetWindow"/>). Synchronous:
/// the caller holds the graph's read lock around each call.
/// </summary>
internal sealed class ReadModelQueries(ReadModelGraph graph)
{
    private static readonly Dictionary<string, (object?, object?)> NoRanges = new(StringComparer.Ordinal);

    private readonly FilterCompiler _filters = new(graph);

    /// <summary>The entities found by key, each cut to <paramref name="parts"/> as it is put in (one table, not a whole one then a cut copy).</summary>
    public Dictionary<string, Entity> GetEntities(IReadOnlyCollection<string> keys, EntityParts parts)
    {
        var result = new Dictionary<string, Entity>(keys.Count, StringComparer.Ordinal);
        foreach (var key in keys)
        {
            if (graph.Find(key) is { } node)
            {
                result[key] = parts.Project(node.Entity);
            }
        }

        return result;
    }

    public GraphStatistics Statistics() => graph.Statistics();

    /// <summary>Ranked search without near spellings, as the SQLite store ranks it (<see cref="SearchRanking"/>).</summary>
    public Page<SearchHit> Search(SearchQuery query) => SearchRanking.Search(graph.Search, query,
        query.Kinds is { Count: > 0 } ? query.Kinds.ToHashSet(StringComparer.Ordinal) : graph.EntityKinds);

    public Page<Entity> ListEntities(EntityQuery query)
    {
        var kind = graph.Model.Kind(query.Kind);
        var matches = _filters.Entities(query.Filter, kind);
        var window = new KeysetWindow(query.SortKeys, SortValueReader.For(query.SortKeys, kind, graph), query.Page);
        IReadOnlyList<GraphNode>? ordered = query.SortKeys switch
        {
            [] => graph.OfKind(kind.Name),
            [FieldSort field, ..] => graph.Orders.Ordered(kind, query.Filter, field.Field, graph.OfKind(kind.Name)),
            _ => null,
        };
        if (ordered is null)
        {
            return window.Take(Matching(Named(query.Filter, kind.Name) ?? graph.OfKind(kind.Name), matches), c => c.Node.Entity);
        }

        // The kind already in the first key's order (or the key's): read from the page's end of it, and stop early. An
        // exact run holds only matching rows (found with the filter's own comparisons), so the filter need not run again.
        var ascending = query.SortKeys.Count == 0 || !query.SortKeys[0].Descending;
        var candidates = window.Forward == ascending ? ordered : Reversed(ordered);
        return window.TakeInReadingOrder(ordered is OrderRun { Exact: true } ? Matching(candidates) : Matching(candidates, matches), c => c.Node.Entity);
    }

    /// <summary>
    /// The nodes of the kind a filter names by key (<c>key IN […]</c>, as a first page read from a ranking asks), found
    /// by key instead of reading the whole kind; null for any other filter. The filter still runs on them.
    /// </summary>
    private IReadOnlyList<GraphNode>? Named(Filter? filter, string kind)
    {
        if (filter is not FieldComparison { Field: "key", Operator: ComparisonOperator.In, IgnoreCaseAndAccents: false, Value: IReadOnlyList<object?> keys })
        {
            return null;
        }

        var seen = new HashSet<string>(keys.Count, StringComparer.Ordinal);
        var nodes = new List<GraphNode>(keys.Count);
        foreach (var key in keys)
        {
            if (key is string named && seen.Add(named) && graph.Find(named) is { } node && node.Entity.Kind == kind)
            {
                nodes.Add(node);
            }
        }

        return nodes;
    }

    private static IEnumerable<GraphNode> Reversed(IReadOnlyList<GraphNode> nodes)
    {
        for (var i = nodes.Count - 1; i >= 0; i--)
        {
            yield return nodes[i];
        }
    }

    public Aggregate AggregateEntities(string kind, Filter? filter, IReadOnlyCollection<string> properties)
    {
        var entityKind = graph.Model.Kind(kind);
        var ranged = RangedProperties(entityKind, properties);
        // The conditions an index answers (an eq, a range) narrow the rows to look at; when they are the whole filter,
        // every row of the run matches and a count is its length.
        var ofKind = graph.OfKind(entityKind.Name);
        var run = graph.Orders.Narrowed(entityKind, filter, ofKind);
        IReadOnlyList<GraphNode> rows = run ?? ofKind;
        if (filter is null || run is { Exact: true })
        {
            return ranged.Count == 0 ? new Aggregate(rows.Count, NoRanges) : Aggregate(rows.Select(n => n.Entity), ranged);
        }

        return Aggregate(rows.Where(_filters.Entities(filter, entityKind)).Select(n => n.Entity), ranged);
    }

    public Dictionary<string, Page<RelatedEntity>> ListRelated(RelatedQuery query)
    {
        var kind = TargetKind(query);
        var matches = _filters.Entities(query.Filter, kind);
        var window = new KeysetWindow(query.SortKeys, SortValueReader.For(query.SortKeys, kind, graph), query.Page);
        var slot = graph.Slot(query.Type, query.Direction);
        var result = new Dictionary<string, Page<RelatedEntity>>(StringComparer.Ordinal);
        var type = graph.TypeOf(slot);
        // The relationship record is made only for the rows a page returns, from the anchor being read: one delegate for
        // every anchor (Take calls it before the next anchor is read), not one per anchor.
        GraphNode? node = null;
        Func<Candidate, RelatedEntity> item = c => new RelatedEntity(c.Node.Entity, node!.RelationshipAt(slot, type, c.Node, c.Facts!));
        foreach (var anchor in query.AnchorKeys)
        {
            if (!result.ContainsKey(anchor))
            {
                node = graph.Find(anchor);
                result[anchor] = window.Take(MatchingEdges(node, slot, matches), item);
            }
        }

        return result;
    }

    public Dictionary<string, Aggregate> AggregateRelated(RelatedQuery query, IReadOnlyCollection<string> properties)
    {
        var kind = TargetKind(query);
        var ranged = RangedProperties(kind, properties);
        var matches = _filters.Entities(query.Filter, kind);
        var slot = graph.Slot(query.Type, query.Direction);
        var result = new Dictionary<string, Aggregate>(StringComparer.Ordinal);
        foreach (var anchor in query.AnchorKeys)
        {
            var edges = graph.Find(anchor) is { } node ? node.Edges(slot).ToArray() : [];
            result[anchor] = Aggregate(edges.Select(graph.Other).Where(matches).Select(n => n.Entity), ranged);
        }

        return result;
    }

    private static IEnumerable<Candidate> Matching(IEnumerable<GraphNode> nodes)
    {
        foreach (var node in nodes)
        {
            yield return new Candidate(node, null);
        }
    }

    private static IEnumerable<Candidate> Matching(IEnumerable<GraphNode> nodes, Func<GraphNode, bool> matches)
    {
        foreach (var node in nodes)
        {
            if (matches(node))
            {
                yield return new Candidate(node, null);
            }
        }
    }

    /// <summary>The edges of a slot whose other end matches, as candidates (a list: the edges are a span).</summary>
    private List<Candidate> MatchingEdges(GraphNode? node, int slot, Func<GraphNode, bool> matches)
    {
        if (node is null)
        {
            return [];
        }

        var edges = node.Edges(slot);
        var candidates = new List<Candidate>(edges.Length);
        foreach (var edge in edges)
        {
            var other = graph.Other(edge);
            if (matches(other))
            {
                candidates.Add(new Candidate(other, graph.FactsOf(edge)));
            }
        }

        return candidates;
    }

    private EntityKind TargetKind(RelatedQuery query) => graph.Model.Kind(query.Type.TargetKind(query.Direction));

    /// <summary>The asked properties that have a range (numbers and dates); anything else is a caller's error.</summary>
    private static List<PropertyDefinition> RangedProperties(EntityKind kind, IReadOnlyCollection<string> names) =>
        [.. names.Select(name => kind.FindProperty(name) is { Type: PropertyType.Int or PropertyType.Float or PropertyType.Date } property
            ? property
            : throw new ArgumentException($"'{name}' is not a number or date property of {kind.Name}.", nameof(names)))];

    /// <summary>COUNT(*) and, per property, MIN / MAX ignoring nulls in the stored order; a float's integral value stays a double.</summary>
    private static Aggregate Aggregate(IEnumerable<Entity> entities, List<PropertyDefinition> properties)
    {
        var minimums = new object?[properties.Count];
        var maximums = new object?[properties.Count];
        long count = 0;
        foreach (var entity in entities)
        {
            count++;
            for (var i = 0; i < properties.Count; i++)
            {
                if (StoredValues.Of(entity.Property(properties[i].Name)) is not { } value)
                {
                    continue;
                }

                if (minimums[i] is null || StoredValues.Compare(value, minimums[i]) < 0)
                {
                    minimums[i] = value;
                }

                if (maximums[i] is null || StoredValues.Compare(value, maximums[i]) > 0)
                {
                    maximums[i] = value;
                }
            }
        }

        var ranges = new Dictionary<string, (object?, object?)>(properties.Count, StringComparer.Ordinal);
        for (var i = 0; i < properties.Count; i++)
        {
            ranges[properties[i].Name] = (Typed(properties[i], minimums[i]), Typed(properties[i], maximums[i]));
        }

        return new Aggregate(count, ranges);
    }

    private static object? Typed(PropertyDefinition property, object? value) => value switch
    {
        long integer when property.Type == PropertyType.Float => (double)integer,
        _ => value,
    };
}
