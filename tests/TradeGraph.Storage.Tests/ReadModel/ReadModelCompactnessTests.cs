using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;
using TradeGraph.Core.Storage;
using TradeGraph.Core.Storage.InMemory;
using TradeGraph.Core.Synthetic;
using TradeGraph.Core.Writing;

namespace TradeGraph.Storage.Tests.ReadModel;

/// <summary>
/// The read model's compact shapes (issue 13): a node's edges in one array grouped by walk stay right through any
/// sequence of adds, replaces and removes; relationships hold shared facts and give back the stored relationship; and
/// a search index kept in step by removals that find their words again equals one built afresh.
/// </summary>
public sealed class ReadModelCompactnessTests
{
    private static readonly GraphModel Model = TradeModel.Define();

    [Fact]
    public void EdgesStayInTheirWalksThroughInterleavedAddsReplacesAndRemoves()
    {
        var random = new Random(7);
        var node = new GraphNode(Entity("anchor"));
        // Edges hold the numbers of their other end and facts: here a node's number is its place in `others`, as facts' in `facts`.
        var others = Enumerable.Range(0, 40).Select(i => new GraphNode(Entity($"other-{i}")) { Number = i }).ToArray();
        var facts = Enumerable.Range(0, 3).Select(i => new RelationshipFacts(new Dictionary<string, object?> { ["n"] = (long)i }, [])).ToArray();
        var expected = new Dictionary<int, Dictionary<GraphNode, RelationshipFacts>>();

        for (var step = 0; step < 2_000; step++)
        {
            var slot = random.Next(6);
            var other = others[random.Next(others.Length)];
            var walk = expected.TryGetValue(slot, out var w) ? w : expected[slot] = [];
            var carriedNumber = random.Next(facts.Length);
            var carried = facts[carriedNumber];
            switch (random.Next(3))
            {
                case 0 when !walk.ContainsKey(other):
                    node.Add(slot, new Edge(other.Number, carriedNumber));
                    walk[other] = carried;
                    break;
                case 1:
                    Assert.Equal(walk.ContainsKey(other), node.Replace(slot, other.Number, carriedNumber));
                    if (walk.ContainsKey(other))
                    {
                        walk[other] = carried;
                    }

                    break;
                default:
                    node.Remove(slot, other.Number);
                    walk.Remove(other);
                    break;
            }

            for (var s = 0; s < 7; s++)
            {
                var held = node.Edges(s).ToArray();
                var want = expected.GetValueOrDefault(s) ?? [];
                Assert.Equal(want.Count, node.Degree(s));
                Assert.Equal(want.OrderBy(e => e.Key.Key).Select(e => (e.Key.Key, e.Value)), held.Select(e => (others[e.Other].Key, facts[e.Facts])).OrderBy(e => e.Key));
            }
        }

        node.TrimExcess();
        Assert.Equal(expected.Where(e => e.Value.Count > 0).Sum(e => e.Value.Count), node.AllEdges().Sum(e => e.Edges.Length));
    }

    [Fact]
    public async Task RelationshipsShareTheirFactsAndAPageGetsTheStoredRelationshipBack()
    {
        var document = ScaleGenerator.Generate(1_000, seed: 3);
        var graph = await ReadModelGraph.BuildAsync(GraphElement.All(document).ToAsyncEnumerable(), Model, CancellationToken.None);

        var distinctFacts = new HashSet<RelationshipFacts>(ReferenceEqualityComparer.Instance);
        // By what a relationship carries (its properties and its one citation, if one): each such group holds one instance.
        var byContent = new Dictionary<string, (int Relationships, HashSet<RelationshipFacts> Instances)>(StringComparer.Ordinal);
        foreach (var stored in document.Relationships)
        {
            var from = graph.Find(stored.From)!;
            var slot = graph.Slot(stored.Type, Direction.Outgoing);
            var edge = from.Edges(slot).ToArray().Single(e => graph.Other(e).Key == stored.To);
            var incoming = graph.Find(stored.To)!.Edges(slot + 1).ToArray().Single(e => graph.Other(e).Key == stored.From);
            Assert.Same(graph.FactsOf(edge), graph.FactsOf(incoming));
            distinctFacts.Add(graph.FactsOf(edge));
            if (stored.Sources.Count <= 1)
            {
                var content = $"{stored.Type}|{string.Join(';', stored.Properties.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"))}|"
                    + string.Join(';', stored.Sources.Select(c => $"{c.Source},{c.Locator},{c.Note}"));
                (int Relationships, HashSet<RelationshipFacts> Instances) group =
                    byContent.TryGetValue(content, out var g) ? g : (0, new HashSet<RelationshipFacts>(ReferenceEqualityComparer.Instance));
                group.Instances.Add(graph.FactsOf(edge));
                byContent[content] = (group.Relationships + 1, group.Instances);
            }

            foreach (var (relationship, at) in new[] { (from.RelationshipAt(slot, graph.TypeOf(slot), graph.Other(edge), graph.FactsOf(edge)), slot),
                (graph.Find(stored.To)!.RelationshipAt(slot + 1, graph.TypeOf(slot + 1), graph.Other(incoming), graph.FactsOf(incoming)), slot + 1) })
            {
                Assert.Equal((stored.Type, stored.From, stored.To), (relationship.Type, relationship.From, relationship.To));
                Assert.Equal(stored.Properties.OrderBy(p => p.Key), relationship.Properties.OrderBy(p => p.Key));
                Assert.Equal(stored.Sources.Select(s => (s.Source, s.Locator, s.Note)), relationship.Sources.Select(s => (s.Source, s.Locator, s.Note)));
            }
        }

        // Held once per distinct (properties, citation), not once per relationship.
        Assert.True(distinctFacts.Count < document.Relationships.Count, $"{distinctFacts.Count} facts for {document.Relationships.Count} relationships");
        Assert.Contains(byContent.Values, g => g.Relationships > 1);
        Assert.All(byContent, g => Assert.Single(g.Value.Instances));
    }

    [Fact]
    public async Task ASearchIndexKeptInStepEqualsOneBuiltAfresh()
    {
        var graph = await ReadModelGraph.BuildAsync(GraphElement.All(ScaleGenerator.Generate(1_000, seed: 3)).ToAsyncEnumerable(), Model, CancellationToken.None);
        var officials = graph.OfKind("Official").Take(30).Select(n => n.Entity).ToList();
        var writes = new List<AppliedWrite>();
        foreach (var (official, i) in officials.Select((o, i) => (o, i)))
        {
            if (i % 3 == 0)
            {
                var node = graph.Find(official.Key)!;
                List<Relationship> detached = [.. node.AllEdges().SelectMany(w => w.Edges.Select(e => node.RelationshipAt(w.Slot, graph.TypeOf(w.Slot), graph.Other(e), graph.FactsOf(e))))];
                writes.Add(new AppliedWrite(new DeleteEntity(official.Kind, official.Key, Detach: true), WriteOutcome.Deleted, official, null, detached));
            }
            else
            {
                var renamed = official with { Name = $"Renamed Zephyr {i}", Aliases = [$"zephyr alias {i}"], Description = i % 2 == 0 ? null : "a new description" };
                writes.Add(new AppliedWrite(new CreateEntity(renamed, Upsert: true, new HashSet<string>()), WriteOutcome.Updated, renamed, null));
            }
        }

        graph.Apply(new WriteResult(writes, Revision: 1, DateTimeOffset.UnixEpoch));

        var kept = graph.Search;
        var fresh = SearchIndex.Of(Model.Kinds.SelectMany(k => graph.OfKind(k.Name)));
        Assert.Equal(fresh.Count, kept.Count);
        Assert.Equal(fresh.AverageLength, kept.AverageLength, 12);
        foreach (var prefix in new[] { "zephyr", "renamed", "a", "new", "m", "of", "1", "the" })
        {
            Assert.Equal(Matches(fresh, prefix), Matches(kept, prefix));
        }

        Assert.NotEmpty(Matches(kept, "zephyr"));
    }

    [Fact]
    public async Task ADeletedEntitysNumberGoesToANewOneAndEveryEdgeStillNamesItsOwnEnd()
    {
        var document = ScaleGenerator.Generate(1_000, seed: 3);
        var graph = await ReadModelGraph.BuildAsync(GraphElement.All(document).ToAsyncEnumerable(), Model, CancellationToken.None);
        var busiest = graph.OfKind("Official").OrderByDescending(n => n.AllEdges().Sum(w => w.Edges.Length)).First();
        var (key, number) = (busiest.Key, busiest.Number);
        List<Relationship> all = [.. busiest.AllEdges()
            .SelectMany(w => w.Edges.Select(e => busiest.RelationshipAt(w.Slot, graph.TypeOf(w.Slot), graph.Other(e), graph.FactsOf(e))))];
        Assert.True(all.Count >= 2, $"{all.Count} relationships");
        // Half reported as detached: the rest must go by the delete's own sweep, or their ends would name the number the
        // newcomer takes.
        var detached = all.Take(all.Count / 2).ToList();
        var meeting = graph.OfKind("Meeting")[0].Key;
        var newcomer = new Entity("Official", "zz-newcomer", "Newcomer", [], null, PropertyValues.EmptyProperties, []);
        var joins = new Relationship("PARTICIPATES_IN", newcomer.Key, meeting, PropertyValues.EmptyProperties, []);
        graph.Apply(new WriteResult(
        [
            new AppliedWrite(new DeleteEntity("Official", key, Detach: true), WriteOutcome.Deleted, busiest.Entity, null, detached),
            new AppliedWrite(new CreateEntity(newcomer, Upsert: false, new HashSet<string>()), WriteOutcome.Created, newcomer, null),
            new AppliedWrite(new Connect(joins, new HashSet<string>()), WriteOutcome.Created, null, joins),
        ], Revision: 1, DateTimeOffset.UnixEpoch));

        Assert.Null(graph.Find(key));
        Assert.Equal(number, graph.Find(newcomer.Key)!.Number);
        // Every edge left, from both ends, names a node the model holds, and the other end holds the edge back.
        var expected = document.Relationships.Where(r => r.From != key && r.To != key).Select(r => (r.Type, r.From, r.To)).Append((joins.Type, joins.From, joins.To)).ToHashSet();
        var outgoing = new HashSet<(string, string, string)>();
        var incoming = new HashSet<(string, string, string)>();
        foreach (var node in Model.Kinds.SelectMany(k => graph.OfKind(k.Name)))
        {
            foreach (var (slot, edges) in node.AllEdges())
            {
                foreach (var edge in edges)
                {
                    var other = graph.Other(edge);
                    Assert.Same(other, graph.Find(other.Key));
                    (slot % 2 == 0 ? outgoing : incoming).Add(slot % 2 == 0 ? (graph.TypeOf(slot), node.Key, other.Key) : (graph.TypeOf(slot), other.Key, node.Key));
                }
            }
        }

        Assert.Equal(expected.Order(), outgoing.Order());
        Assert.Equal(expected.Order(), incoming.Order());
    }

    private static List<(string Key, int Weight, int Length, string Lines, bool StartsALine)> Matches(SearchIndex index, string prefix)
    {
        var found = index.Rent();
        index.Match(prefix, found);
        index.MarkLineStarts(prefix, exact: false, found.Values);
        var matches = found.Documents.Select(n => (index.Document(n).Node.Key, found.Values[n] & int.MaxValue, index.Document(n).Length,
                index.Document(n).Lines, found.Values[n] < 0))
            .OrderBy(m => m.Key, StringComparer.Ordinal).ToList();
        index.Return(found);
        return matches;
    }

    private static Entity Entity(string key) => new("Topic", key, key, [], null, new Dictionary<string, object?>(), []);
}
