using TradeGraph.Storage.Neo4j.Cypher;
using TradeGraph.Storage.Neo4j.QueryApi;

namespace TradeGraph.Storage.Tests.Neo4j;

/// <summary>
/// The fake acting out <see cref="PassageStatements"/>: passages are nodes labelled Passage (in <see cref="AllNodes"/> by their
/// key, so a rolled-back transaction takes them back too), linked to their source by its key; a changed text removes the
/// vector and writes its search words; the full-text index is <see cref="FakeFullTextIndex"/> over those words (the
/// whitespace analyzer, as entity_search's); the vector index is an exact cosine scan scored as Neo4j does. Deleting a node
/// takes the passages of its key, as the delete statement says. A source's cited facts (what a passage's supports read) are
/// FakeNeo4j.CitedFacts'; the export, which reads passages too, is FakeNeo4j.Pages'.
/// </summary>
internal sealed partial class FakeNeo4j
{
    private const string PassageLabel = PassageStatements.Label;

    /// <summary>The passage nodes, in (source, paragraph) order.</summary>
    public IEnumerable<FakeNode> PassageNodes => AllNodes.Where(n => n.Labels.Contains(PassageLabel))
        .OrderBy(n => (string)n.Properties[PassageStatements.Source]!, StringComparer.Ordinal).ThenBy(n => (long)n.Properties[PassageStatements.Paragraph]!);

    private void RegisterPassages()
    {
        var statements = new PassageStatements(_statements.KeyLabels, _model);
        Handle(statements.Save("", []).Text, p => Set(() =>
        {
            var source = (string)p["source"]!;
            if (AllNodes.FirstOrDefault(n => n.Key == source && n.Labels.Overlaps(_statements.KeyLabels)) is null)
            {
                return;
            }

            foreach (var row in Rows(p["rows"]))
            {
                var key = (string)row["key"]!;
                var passage = Find(PassageLabel, key);
                if (passage is null)
                {
                    passage = new FakeNode(++_nextNodeId, [PassageLabel], new Dictionary<string, object?>(StringComparer.Ordinal)
                    {
                        ["key"] = key, [PassageStatements.Source] = source, [PassageStatements.Paragraph] = row["paragraph"],
                    });
                    AllNodes.Add(passage);
                }

                if (!Equals(passage.Properties.GetValueOrDefault(PassageStatements.Text), row["text"]))
                {
                    passage.Properties[PassageStatements.Text] = row["text"];
                    passage.Properties[PassageStatements.SearchText] = row[PassageStatements.SearchText];
                    passage.Properties.Remove(Embedding);
                    passage.Properties.Remove(EmbeddingModel);
                    passage.Properties.Remove(EmbeddingFingerprint);
                }
            }
        }));
        Handle(PassageStatements.OfSources([]).Text, p =>
            PassageRows(PassageNodes.Where(n => Strings(p["sources"]).Contains((string)n.Properties[PassageStatements.Source]!))));
        foreach (var after in new (string, int)?[] { null, ("", 0) })
        {
            Handle(PassageStatements.ListStale("", after, 0).Text, p =>
                PassageRows(PassageNodes.Where(n => AfterPassage(n, p) && IsStale(n, (string)p["model"]!)).Take((int)(long)p["limit"]!)));
        }

        Handle(PassageStatements.CountStale("").Text, p =>
            One([PassageStatements.Stale], [(long)PassageNodes.Count(n => IsStale(n, (string)p["model"]!))]));
        // Best first, then by (source, paragraph) as PassageNodes are, as the statement's ORDER BY says.
        Handle(PassageStatements.Search(["x"], 0).Text, p => PassageRows(PassageNodes
            .Select(n => (Node: n, Score: FakeFullTextIndex.Score((string)p["query"]!, field => n.Properties.GetValueOrDefault(field) as string)))
            .Where(h => h.Score is not null).OrderByDescending(h => h.Score).Select(h => h.Node).Take((int)(long)p["limit"]!)));
        Handle(PassageStatements.SaveVectors("", []).Text, p =>
        {
            var saved = new List<IReadOnlyList<object?>>();
            foreach (var row in Rows(p["rows"]))
            {
                if (Find(PassageLabel, (string)row["key"]!) is { } node
                    && Equals(node.Properties[PassageStatements.Text], row["text"]))
                {
                    node.Properties[Embedding] = ((IEnumerable<double>)row["vector"]!).ToArray();
                    node.Properties[EmbeddingModel] = p["model"];
                    node.Properties[EmbeddingFingerprint] = row["fingerprint"];
                    saved.Add(Row(node.Properties["key"]));
                }
            }

            return Many([PassageStatements.Key], saved);
        });
        Handle(PassageStatements.Nearest("", [], 0).Text, p =>
        {
            var query = ((IEnumerable<double>)p["query"]!).ToArray();
            IndexCandidates.Add((long)p["limit"]!);
            var hits = PassageNodes.Where(n => n.Properties.ContainsKey(Embedding))
                .Select(n => (Node: n, Score: (1 + Cosine(query, (double[])n.Properties[Embedding]!)) / 2))
                .OrderByDescending(h => h.Score).Take((int)(long)p["limit"]!)
                .Where(h => Equals(h.Node.Properties[EmbeddingModel], p["model"]))
                .Select(h => Row(h.Node.Properties["key"], 2 * h.Score - 1, h.Node.Properties[EmbeddingFingerprint]));
            return Many([PassageStatements.Key, PassageStatements.Similarity, PassageStatements.Fingerprint], [.. hits]);
        });
        foreach (var after in new[] { null, "" })
        {
            Handle(PassageStatements.Vectors("", after, 0).Text, p => Many([PassageStatements.Key, PassageStatements.Vector, PassageStatements.Fingerprint],
                [.. PassageNodes.OrderBy(n => (string)n.Properties["key"]!, StringComparer.Ordinal)
                    .Where(n => After(n, p.GetValueOrDefault("after")) && Equals(n.Properties.GetValueOrDefault(EmbeddingModel), p["model"]))
                    .Take((int)(long)p["limit"]!)
                    .Select(n => Row(n.Properties["key"], Decode(n.Properties[Embedding]), n.Properties[EmbeddingFingerprint]))]));
        }

        RegisterCitedFacts();

        // The delete statement takes the passages of the deleted node's key with it.
        foreach (var kind in _model.Kinds)
        {
            Extend(_statements.DeleteNode(kind, "").Text, deleteNode => p =>
            {
                var key = (string)p["key"]!;
                if (Find(kind.Name, key) is not null)
                {
                    foreach (var passage in PassageNodes.Where(n => Equals(n.Properties[PassageStatements.Source], key)).ToList())
                    {
                        AllNodes.Remove(passage);
                    }
                }

                return deleteNode(p);
            });
        }
    }

    private static IReadOnlyDictionary<string, object?> WithoutVector(IReadOnlyDictionary<string, object?> properties) =>
        new Dictionary<string, object?>(properties, StringComparer.Ordinal) { [Embedding] = null };

    private static bool AfterPassage(FakeNode node, IReadOnlyDictionary<string, object?> p)
    {
        if (!p.TryGetValue("afterSource", out var afterSource))
        {
            return true;
        }

        var order = string.CompareOrdinal((string)node.Properties[PassageStatements.Source]!, (string)afterSource!);
        return order > 0 || (order == 0 && (long)node.Properties[PassageStatements.Paragraph]! > (long)p["afterParagraph"]!);
    }

    private static QueryResult PassageRows(IEnumerable<FakeNode> passages) =>
        Many([PassageStatements.Source, PassageStatements.Paragraph, PassageStatements.Text], [.. passages.Select(n => Row(
            n.Properties[PassageStatements.Source], n.Properties[PassageStatements.Paragraph], n.Properties[PassageStatements.Text]))]);
}
