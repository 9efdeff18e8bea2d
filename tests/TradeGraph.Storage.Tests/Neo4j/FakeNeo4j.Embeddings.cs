using TradeGraph.Storage.Neo4j.Cypher;
using TradeGraph.Storage.Neo4j.QueryApi;

namespace TradeGraph.Storage.Tests.Neo4j;

/// <summary>
/// The fake acting out <see cref="EmbeddingStatements"/>: vectors as the node property "embedding" with their model and
/// fingerprint, the upsert removing them when the embedded text changes, and the vector index as an exact scan that
/// scores cosine as Neo4j does ((1 + cos) / 2) before the statement's filters. It also answers the one read semantic
/// search makes besides (entities by key, FakeNeo4j.Reads), so a search runs end to end on it.
/// </summary>
internal sealed partial class FakeNeo4j
{
    private const string Embedding = "embedding";
    private const string EmbeddingModel = "embeddingModel";
    private const string EmbeddingFingerprint = "embeddingFingerprint";

    /// <summary>The vector index's queries so far: how many candidates each asked the index for.</summary>
    public List<long> IndexCandidates { get; } = [];

    private void RegisterEmbeddings()
    {
        Handle(WriteStatements.LockWithoutCommit(DateTimeOffset.UnixEpoch).Text, p => Set(() => Meta["writer"] = p["at"]));
        foreach (var after in new[] { null, "" })
        {
            Handle(EmbeddingStatements.ListStale("", after, 0).Text, ListStale);
            Handle(EmbeddingStatements.Vectors("", after, 0).Text, Vectors);
        }

        QueryResult ListStale(IReadOnlyDictionary<string, object?> p) =>
            Many([CypherReads.Labels, CypherReads.Properties], [.. Entities()
                .Where(n => After(n, p.GetValueOrDefault("after")) && IsStale(n, (string)p["model"]!))
                .Take((int)(long)p["limit"]!)
                .Select(n => Row(n.Labels.ToList<object?>(), (object?)new Dictionary<string, object?>(StringComparer.Ordinal)
                {
                    ["key"] = n.Properties["key"],
                    ["name"] = n.Properties.GetValueOrDefault("name"),
                    ["aliases"] = FakeNeo4j.Decode(n.Properties.GetValueOrDefault("aliases")),
                    ["description"] = n.Properties.GetValueOrDefault("description"),
                }))]);
        Handle(EmbeddingStatements.CountStale("").Text, p =>
            One([EmbeddingStatements.Stale], [(long)Entities().Count(n => IsStale(n, (string)p["model"]!))]));
        Handle(EmbeddingStatements.Save("", []).Text, p =>
        {
            var saved = new List<IReadOnlyList<object?>>();
            foreach (var row in Rows(p["rows"]))
            {
                if (Find(CypherNames.EntityLabel, (string)row["key"]!) is { } node
                    && node.Labels.Contains((string)row["kind"]!) && EmbeddedText(node) == ((string)row["name"]!, (string)row["aliasesText"]!, (string)row["description"]!))
                {
                    node.Properties[Embedding] = ((IEnumerable<double>)row["vector"]!).ToArray();
                    node.Properties[EmbeddingModel] = p["model"];
                    node.Properties[EmbeddingFingerprint] = row["fingerprint"];
                    saved.Add(Row(node.Properties["key"]));
                }
            }

            return Many([EmbeddingStatements.Key], saved);
        });
        Handle(EmbeddingStatements.Nearest("", [], 0, 0, [], null).Text, p =>
        {
            var query = ((IEnumerable<double>)p["query"]!).ToArray();
            var kinds = Strings(p["kinds"]);
            IndexCandidates.Add((long)p["candidates"]!);
            var hits = Entities().Where(n => n.Properties.ContainsKey(Embedding))
                .Select(n => (Node: n, Score: (1 + Cosine(query, (double[])n.Properties[Embedding]!)) / 2))
                .OrderByDescending(h => h.Score).Take((int)(long)p["candidates"]!)
                .Where(h => Equals(h.Node.Properties[EmbeddingModel], p["model"]) && !Equals(h.Node.Properties["key"], p["except"])
                    && h.Node.Labels.Overlaps(kinds))
                .Select(h => (Key: (string)h.Node.Properties["key"]!, Similarity: 2 * h.Score - 1, Fingerprint: h.Node.Properties[EmbeddingFingerprint]))
                .OrderByDescending(h => h.Similarity).ThenBy(h => h.Key, StringComparer.Ordinal).Take((int)(long)p["limit"]!);
            return Many([EmbeddingStatements.Key, EmbeddingStatements.Similarity, EmbeddingStatements.Fingerprint],
                [.. hits.Select(h => Row(h.Key, h.Similarity, h.Fingerprint))]);
        });
        Handle(EmbeddingStatements.VectorOf("", "").Text, p =>
            Find(CypherNames.EntityLabel, (string)p["key"]!) is { } node && Equals(node.Properties.GetValueOrDefault(EmbeddingModel), p["model"])
                ? One([EmbeddingStatements.Vector, EmbeddingStatements.Fingerprint], Row(Decode(node.Properties[Embedding]), node.Properties[EmbeddingFingerprint]))
                : Empty(EmbeddingStatements.Vector, EmbeddingStatements.Fingerprint));
        QueryResult Vectors(IReadOnlyDictionary<string, object?> p) =>
            Many([EmbeddingStatements.Key, CypherReads.Labels, EmbeddingStatements.Vector, EmbeddingStatements.Fingerprint], [.. Entities()
                .Where(n => After(n, p.GetValueOrDefault("after")) && Equals(n.Properties.GetValueOrDefault(EmbeddingModel), p["model"]))
                .Take((int)(long)p["limit"]!)
                .Select(n => Row(n.Properties["key"], n.Labels.ToList<object?>(), Decode(n.Properties[Embedding]), n.Properties[EmbeddingFingerprint]))]);
    }

    /// <summary>The upsert's rule: a change to name, aliases or description (null read as '') removes the vector, its model and fingerprint.</summary>
    private static void DropStaleEmbedding(FakeNode node, (string?, string, string) embeddedBefore)
    {
        if (node.Properties.ContainsKey("name") && embeddedBefore.Item1 is not null && embeddedBefore != EmbeddedText(node))
        {
            node.Properties.Remove(Embedding);
            node.Properties.Remove(EmbeddingModel);
            node.Properties.Remove(EmbeddingFingerprint);
        }
    }

    private static (string? Name, string AliasesText, string Description) EmbeddedText(FakeNode node) => (
        node.Properties.GetValueOrDefault("name") as string,
        node.Properties.GetValueOrDefault(WriteStatements.AliasesTextProperty) as string ?? "",
        node.Properties.GetValueOrDefault("description") as string ?? "");

    /// <summary>Entity nodes in key order, as ORDER BY n.key returns them.</summary>
    private IEnumerable<FakeNode> Entities() =>
        AllNodes.Where(n => n.Labels.Contains(CypherNames.EntityLabel)).OrderBy(n => (string)n.Properties["key"]!, StringComparer.Ordinal);

    private static bool After(FakeNode node, object? after) => after is null || string.CompareOrdinal((string)node.Properties["key"]!, (string)after) > 0;

    private static bool IsStale(FakeNode node, string model) => !Equals(node.Properties.GetValueOrDefault(EmbeddingModel), model);

    private static double Cosine(double[] a, double[] b)
    {
        double dot = 0, normA = 0, normB = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
            normA += a[i] * a[i];
            normB += b[i] * b[i];
        }

        return normA == 0 || normB == 0 ? 0 : dot / Math.Sqrt(normA * normB);
    }
}
