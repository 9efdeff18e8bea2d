using System.Text;
using TradeGraph.Core.Exchange;
using TradeGraph.Core.Model;
using TradeGraph.Storage.Neo4j.Cypher;
using TradeGraph.Storage.Neo4j.QueryApi;

namespace TradeGraph.Storage.Tests.Neo4j;

/// <summary>
/// A stand-in for Neo4j (none can run here) that knows the write side's statements by their exact text — every text
/// <see cref="WriteStatements"/> and <see cref="Neo4jSchema"/> make for the model — and acts each out on an in-memory
/// graph, as the Cypher says, so the write logic runs against stored state it reads back. Every request is recorded; a
/// text it does not know fails the test, so nothing but those model-derived texts ever reaches the server. A transaction
/// that throws is rolled back here too.
/// </summary>
internal sealed partial class FakeNeo4j : INeo4jQueryRunner
{
    private readonly GraphModel _model;
    private readonly WriteStatements _statements;
    private readonly Dictionary<string, Func<IReadOnlyDictionary<string, object?>, QueryResult>> _handlers = new(StringComparer.Ordinal);
    private readonly HashSet<string> _schemaTexts = new(StringComparer.Ordinal);
    private int _transactions;

    public FakeNeo4j(GraphModel model)
    {
        _model = model;
        _statements = new WriteStatements(model);
        Register();
    }

    /// <summary>Nodes by key.</summary>
    public Dictionary<string, FakeNode> Nodes { get; private set; } = new(StringComparer.Ordinal);

    public List<FakeRelationship> Relationships { get; private set; } = [];

    /// <summary>The history nodes, in creation order.</summary>
    public List<Dictionary<string, object?>> History { get; private set; } = [];

    /// <summary>The _TGMeta nodes' values: schema → version, revision → counter, writer → lockedAt, commits → committed write transactions.</summary>
    public Dictionary<string, object?> Meta { get; private set; } = new(StringComparer.Ordinal);

    /// <summary>Schema statements run so far (texts).</summary>
    public List<string> Schema { get; } = [];

    /// <summary>The writer lock node's count of committed write transactions (a rolled-back one is restored away).</summary>
    public long CommittedWrites => (long)(Meta.GetValueOrDefault(WriteStatements.CommitsProperty) ?? 0L);

    /// <summary>Every request in order: where it ran ("auto-commit Read", "transaction 1", or BEGIN/COMMIT/ROLLBACK) and the statement.</summary>
    public List<(string Where, CypherStatement? Statement)> Requests { get; } = [];

    /// <summary>When set, the statement whose text contains this fails as Neo4j would report it.</summary>
    public (string TextContains, Neo4jQueryException Error)? FailOn { get; set; }

    public Task<QueryResult> RunAsync(CypherStatement statement, AccessMode mode, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Requests.Add(($"auto-commit {mode}", statement));
        return Task.FromResult(Execute(statement));
    }

    public async Task<T> InTransactionAsync<T>(Func<INeo4jTransaction, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        var number = ++_transactions;
        Requests.Add(($"BEGIN transaction {number}", null));
        var saved = Save();
        try
        {
            var result = await work(new Transaction(this, number), cancellationToken);
            Requests.Add(($"COMMIT transaction {number}", null));
            return result;
        }
        catch
        {
            Restore(saved);
            Requests.Add(($"ROLLBACK transaction {number}", null));
            throw;
        }
    }

    /// <summary>Forgets the requests so far (after setting a graph up).</summary>
    public void ClearRequests() => Requests.Clear();

    /// <summary>The statements sent (no BEGIN/COMMIT markers).</summary>
    public IEnumerable<CypherStatement> Statements => Requests.Where(r => r.Statement is not null).Select(r => r.Statement!);

    /// <summary>The requests as readable text: where each ran, its Cypher, and each parameter as a Cypher literal of its Neo4j type.</summary>
    public string Transcript()
    {
        var text = new StringBuilder();
        foreach (var (where, statement) in Requests)
        {
            text.Append("// ").Append(where).Append('\n');
            if (statement is null)
            {
                continue;
            }

            text.Append(statement.Text).Append('\n');
            foreach (var (name, value) in statement.Parameters)
            {
                text.Append("//   $").Append(name).Append(" = ").Append(Literal(value)).Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>A parameter value as a Cypher literal, showing the type Neo4j receives (1.0 a float, date('…') a date).</summary>
    public static string Literal(object? value) => value switch
    {
        null => "null",
        string or long or int or double or bool or DateOnly => CypherWriter.Literal(value),
        IReadOnlyDictionary<string, object?> map => "{" + string.Join(", ", map.Select(p => $"{p.Key}: {Literal(p.Value)}")) + "}",
        System.Collections.IEnumerable list => "[" + string.Join(", ", list.Cast<object?>().Select(Literal)) + "]",
        _ => throw new ArgumentException($"A parameter of type {value.GetType()} cannot be sent.", nameof(value)),
    };

    private sealed class Transaction(FakeNeo4j owner, int number) : INeo4jTransaction
    {
        public Task<QueryResult> RunAsync(CypherStatement statement, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            owner.Requests.Add(($"transaction {number}", statement));
            return Task.FromResult(owner.Execute(statement));
        }
    }

    private QueryResult Execute(CypherStatement statement)
    {
        if (FailOn is { } fail && statement.Text.Contains(fail.TextContains, StringComparison.Ordinal))
        {
            throw fail.Error;
        }

        if (_schemaTexts.Contains(statement.Text))
        {
            Schema.Add(statement.Text);
            return Empty();
        }

        return _handlers.TryGetValue(statement.Text, out var handler)
            ? handler(statement.Parameters)
            : throw new InvalidOperationException($"The fake does not know this statement, so the store must not send it:\n{statement.Text}");
    }

    private void Register()
    {
        foreach (var statement in Neo4jSchema.Bootstrap(_model))
        {
            _schemaTexts.Add(statement.Text);
        }

        _handlers[Neo4jSchema.ReadVersion().Text] = _ => Meta.TryGetValue("schema", out var version) ? One(["version"], [version]) : Empty("version");
        _handlers[Neo4jSchema.WriteVersion().Text] = p => Set(() => Meta["schema"] = p["version"]);
        _handlers[WriteStatements.Lock(DateTimeOffset.UnixEpoch).Text] = p => Set(() =>
        {
            Meta["writer"] = p["at"];
            Meta[WriteStatements.CommitsProperty] = CommittedWrites + 1;
        });
        RegisterEmbeddings();
        _handlers[WriteStatements.CommittedWrites().Text] = _ => One([WriteStatements.CommitsProperty], [CommittedWrites]);
        _handlers[WriteStatements.NextRevision().Text] = _ =>
        {
            var next = (long)(Meta.GetValueOrDefault("revision") ?? 0L) + 1;
            Meta["revision"] = next;
            return One(["revision"], [next]);
        };
        _handlers[WriteStatements.RecordHistory(0, []).Text] = p => Set(() =>
        {
            foreach (var entry in Rows(p["entries"]))
            {
                History.Add(new Dictionary<string, object?>(entry, StringComparer.Ordinal) { ["revision"] = p["revision"] });
            }
        });
        _handlers[Neo4jSchema.MarkRevisionLog().Text] = _ => Set(() => Meta.TryAdd("revisionLog", Meta.GetValueOrDefault("revision") ?? 0L));
        _handlers[CypherReads.Revisions(0, 0).Text] = p =>
        {
            // As the statement reads: the history records numbered in ($p0, $p1] and not past the counter, in revision and
            // sequence order, each with the marks; the marks alone (one row of nulls) when there is none.
            var latest = (long)(Meta.GetValueOrDefault("revision") ?? 0L);
            var floor = (long)(Meta.GetValueOrDefault("revisionLog") ?? 0L);
            var bulkLoads = (long)(Meta.GetValueOrDefault("bulkLoads") ?? 0L);
            string[] columns = ["latest", "replayableAfter", "bulkLoads", "hRevision", "hAt", "hActor", "hFact", "hKind", "hChange", "hChanges", "hSeq"];
            var rows = History
                .Where(h => (long)h["revision"]! > (long)p["p0"]! && (long)h["revision"]! <= (long)p["p1"]! && (long)h["revision"]! <= latest)
                .OrderBy(h => (long)h["revision"]!).ThenBy(h => (long)(h.GetValueOrDefault("seq") ?? 0L))
                .Select(h => Row(latest, floor, bulkLoads, h["revision"], h.GetValueOrDefault("at"), h.GetValueOrDefault("actor"),
                    h.GetValueOrDefault("fact"), h.GetValueOrDefault("kind"), h.GetValueOrDefault("change"), h.GetValueOrDefault("changes"), h.GetValueOrDefault("seq")))
                .ToList();
            return Many(columns, rows.Count > 0 ? rows : [Row(latest, floor, bulkLoads, null, null, null, null, null, null, null, null)]);
        };
        _handlers[WriteStatements.CountBulkLoad().Text] = _ =>
        {
            var next = (long)(Meta.GetValueOrDefault("bulkLoads") ?? 0L) + 1;
            Meta["bulkLoads"] = next;
            return One(["bulkLoad"], [next]);
        };
        _handlers[_statements.FindNodes([]).Text] = p =>
        {
            var rows = Strings(p["keys"]).Where(k => Nodes.TryGetValue(k, out var n) && n.Labels.Overlaps(_statements.KeyLabels))
                .Select(k => Row(k, Nodes[k].Labels.ToList<object?>(), Nodes[k].Read())).ToList();
            return Many(["key", "labels", "properties"], rows);
        };
        _handlers[_statements.CitationCount("").Text] = p =>
        {
            var key = (string)p["key"]!;
            var onNodes = Nodes.Values.Where(n => n.Labels.Overlaps(_statements.KeyLabels)).Sum(n => Strings(n.Properties.GetValueOrDefault("sourceKeys")).Count(k => k == key));
            var onRelationships = Relationships.Sum(r => Strings(r.Properties.GetValueOrDefault("sourceKeys")).Count(k => k == key));
            return One(["citations"], [(long)(onNodes + onRelationships)]);
        };
        _handlers[_statements.CitingFacts("").Text] = p =>
        {
            var key = (string)p["key"]!;
            var rows = new List<IReadOnlyList<object?>>();
            foreach (var (nodeKey, node) in Nodes.Where(n => n.Key != key && n.Value.Labels.Overlaps(_statements.KeyLabels)))
            {
                rows.AddRange(Locators(node.Properties, key).Select(locator => Row(null, nodeKey, null, locator)));
            }

            foreach (var relationship in Relationships.Where(r => r.From != key && r.To != key))
            {
                rows.AddRange(Locators(relationship.Properties, key).Select(locator => Row(relationship.Type, relationship.From, relationship.To, locator)));
            }

            return Many(["type", "from", "to", "locator"], rows);
        };
        _handlers[_statements.StripNodeCitations("").Text] = p => Set(() =>
        {
            foreach (var node in Nodes.Values.Where(n => n.Labels.Overlaps(_statements.KeyLabels)))
            {
                Strip(node.Properties, (string)p["key"]!);
            }
        });
        _handlers[_statements.StripRelationshipCitations("").Text] = p => Set(() =>
        {
            foreach (var relationship in Relationships)
            {
                Strip(relationship.Properties, (string)p["key"]!);
            }
        });

        foreach (var kind in _model.Kinds)
        {
            _handlers[_statements.UpsertNodes(kind, []).Text] = p => Set(() =>
            {
                foreach (var row in Rows(p["rows"]))
                {
                    var key = (string)row["key"]!;
                    if (!Nodes.TryGetValue(key, out var node))
                    {
                        node = Nodes[key] = new FakeNode([kind.Name], new Dictionary<string, object?>(StringComparer.Ordinal) { ["key"] = key });
                    }
                    else if (!node.Labels.Contains(kind.Name))
                    {
                        // MERGE would make a second node with the key, which the key constraint on :Entity refuses.
                        throw new Neo4jQueryException("Neo.ClientError.Schema.ConstraintValidationFailed", $"Node with key '{key}' already exists.", 400);
                    }

                    var embeddedBefore = EmbeddedText(node);
                    SetAll(node.Properties, (IReadOnlyDictionary<string, object?>)row["properties"]!);
                    if (kind.IsEntity)
                    {
                        node.Labels.Add(CypherNames.EntityLabel);
                        DropStaleEmbedding(node, embeddedBefore);
                    }
                }
            });
            _handlers[_statements.RelationshipsOf(kind, "").Text] = p =>
            {
                var key = (string)p["key"]!;
                if (!Has(key, kind.Name))
                {
                    return Empty("type", "from", "to", "properties");
                }

                return Many(["type", "from", "to", "properties"],
                    [.. Relationships.Where(r => r.From == key || r.To == key).Select(r => Row(r.Type, r.From, r.To, r.Read()))]);
            };
            _handlers[_statements.DeleteNode(kind, "").Text] = p => Set(() =>
            {
                var key = (string)p["key"]!;
                if (Has(key, kind.Name))
                {
                    Nodes.Remove(key);
                    Relationships.RemoveAll(r => r.From == key || r.To == key);
                }
            });
        }

        foreach (var type in _model.RelationshipTypes)
        {
            bool Ends(string from, string to) => Has(from, type.From) && Has(to, type.To);
            FakeRelationship? Find(string from, string to) => Relationships.FirstOrDefault(r => r.Type == type.Name && r.From == from && r.To == to);

            _handlers[_statements.MergeRelationships(type, []).Text] = p => Set(() =>
            {
                foreach (var row in Rows(p["rows"]))
                {
                    var (from, to) = ((string)row["from"]!, (string)row["to"]!);
                    if (!Ends(from, to))
                    {
                        continue;
                    }

                    var relationship = Find(from, to);
                    if (relationship is null)
                    {
                        relationship = new FakeRelationship(type.Name, from, to, new Dictionary<string, object?>(StringComparer.Ordinal));
                        Relationships.Add(relationship);
                    }

                    SetAll(relationship.Properties, (IReadOnlyDictionary<string, object?>)row["properties"]!);
                }
            });
            _handlers[_statements.LoadRelationships(type, []).Text] = p =>
                Many(["from", "to", "properties"], [.. Rows(p["pairs"])
                    .Select(pair => Ends((string)pair["from"]!, (string)pair["to"]!) ? Find((string)pair["from"]!, (string)pair["to"]!) : null)
                    .Where(r => r is not null).Select(r => Row(r!.From, r.To, r.Read()))]);
            _handlers[_statements.RelationshipState(type, "", "").Text] = p =>
            {
                var (from, to) = ((string)p["from"]!, (string)p["to"]!);
                if (!Ends(from, to))
                {
                    return Empty("properties", "fromTaken", "toTaken");
                }

                var fromTaken = type.Outgoing.Cardinality == Cardinality.One
                    ? Relationships.FirstOrDefault(r => r.Type == type.Name && r.From == from)?.To : null;
                var toTaken = type.Incoming.Cardinality == Cardinality.One
                    ? Relationships.FirstOrDefault(r => r.Type == type.Name && r.To == to)?.From : null;
                return One(["properties", "fromTaken", "toTaken"], Row(Find(from, to)?.Read(), fromTaken, toTaken));
            };
            _handlers[_statements.Disconnect(type, "", "").Text] = p =>
            {
                var (from, to) = ((string)p["from"]!, (string)p["to"]!);
                if (!Ends(from, to) || Find(from, to) is not { } relationship)
                {
                    return Empty("properties");
                }

                Relationships.Remove(relationship);
                return One(["properties"], Row(relationship.Read()));
            };
            foreach (var direction in new[] { Direction.Outgoing, Direction.Incoming })
            {
                _handlers[_statements.SingleEndViolation(type, direction, []).Text] = p =>
                {
                    var anchorKind = direction == Direction.Outgoing ? type.From : type.To;
                    var violator = Strings(p["keys"]).FirstOrDefault(key => Has(key, anchorKind)
                        && Relationships.Count(r => r.Type == type.Name && (direction == Direction.Outgoing ? r.From : r.To) == key) > 1);
                    return violator is null ? Empty("key") : One(["key"], Row(violator));
                };
            }
        }

        RegisterPassages();
    }

    private bool Has(string key, string label) => Nodes.TryGetValue(key, out var node) && node.Labels.Contains(label);

    private static void SetAll(Dictionary<string, object?> properties, IReadOnlyDictionary<string, object?> values)
    {
        foreach (var (name, value) in values)
        {
            // SET += with a null value removes the property, as in Neo4j.
            if (value is null)
            {
                properties.Remove(name);
            }
            else
            {
                properties[name] = value;
            }
        }
    }

    private static void Strip(Dictionary<string, object?> properties, string source)
    {
        var keys = Strings(properties.GetValueOrDefault("sourceKeys"));
        if (!keys.Contains(source))
        {
            return;
        }

        var locators = Strings(properties.GetValueOrDefault("sourceLocators"));
        var keep = Enumerable.Range(0, keys.Count).Where(i => keys[i] != source).ToList();
        properties["sourceKeys"] = keep.Select(i => keys[i]).ToArray();
        properties["sourceLocators"] = keep.Select(i => locators[i]).ToArray();
    }

    private static QueryResult Set(Action action)
    {
        action();
        return Empty();
    }

    /// <summary>The locators of the citations of <paramref name="sourceKey"/> a fact's parallel lists hold.</summary>
    private static IEnumerable<object?> Locators(IReadOnlyDictionary<string, object?> properties, string sourceKey)
    {
        var keys = Strings(properties.GetValueOrDefault("sourceKeys")).ToList();
        var locators = Strings(properties.GetValueOrDefault("sourceLocators")).ToList();
        return keys.Select((k, i) => (k, i)).Where(c => c.k == sourceKey).Select(c => (object?)locators[c.i]);
    }

    private static QueryResult Empty(params string[] fields) => new(fields, []);

    private static QueryResult Many(IReadOnlyList<string> fields, IReadOnlyList<IReadOnlyList<object?>> rows) => new(fields, rows);

    private static QueryResult One(IReadOnlyList<string> fields, IReadOnlyList<object?> row) => new(fields, [row]);

    private static IReadOnlyList<object?> Row(params object?[] values) => values;

    private static IEnumerable<IReadOnlyDictionary<string, object?>> Rows(object? value) =>
        ((System.Collections.IEnumerable)value!).Cast<IReadOnlyDictionary<string, object?>>();

    public static IReadOnlyList<string> Strings(object? value) =>
        value is null ? [] : [.. ((System.Collections.IEnumerable)value).Cast<string>()];

    private (Dictionary<string, FakeNode>, List<FakeRelationship>, List<Dictionary<string, object?>>, Dictionary<string, object?>) Save() =>
        (Nodes.ToDictionary(n => n.Key, n => n.Value.Copy(), StringComparer.Ordinal), [.. Relationships.Select(r => r.Copy())],
            [.. History.Select(h => new Dictionary<string, object?>(h, StringComparer.Ordinal))], new Dictionary<string, object?>(Meta, StringComparer.Ordinal));

    private void Restore((Dictionary<string, FakeNode>, List<FakeRelationship>, List<Dictionary<string, object?>>, Dictionary<string, object?>) saved) =>
        (Nodes, Relationships, History, Meta) = saved;

    /// <summary>A value as the query runner decodes it: lists as lists of objects, maps as maps.</summary>
    internal static object? Decode(object? value) => value switch
    {
        null or string or long or double or bool or DateOnly => value,
        int i => (long)i,
        IReadOnlyDictionary<string, object?> map => map.ToDictionary(p => p.Key, p => Decode(p.Value), StringComparer.Ordinal),
        System.Collections.IEnumerable list => list.Cast<object?>().Select(Decode).ToList(),
        _ => throw new ArgumentException($"Neo4j cannot hold a {value.GetType()}.", nameof(value)),
    };
}

/// <summary>A node of the fake graph.</summary>
internal sealed class FakeNode(IEnumerable<string> labels, Dictionary<string, object?> properties)
{
    public SortedSet<string> Labels { get; } = new(labels, StringComparer.Ordinal);

    public Dictionary<string, object?> Properties { get; } = properties;

    public IReadOnlyDictionary<string, object?> Read() => (IReadOnlyDictionary<string, object?>)FakeNeo4j.Decode(Properties)!;

    public FakeNode Copy() => new(Labels, new Dictionary<string, object?>(Properties, StringComparer.Ordinal));
}

/// <summary>A relationship of the fake graph, between nodes named by key.</summary>
internal sealed class FakeRelationship(string type, string from, string to, Dictionary<string, object?> properties)
{
    public string Type { get; } = type;

    public string From { get; } = from;

    public string To { get; } = to;

    public Dictionary<string, object?> Properties { get; } = properties;

    public IReadOnlyDictionary<string, object?> Read() => (IReadOnlyDictionary<string, object?>)FakeNeo4j.Decode(Properties)!;

    public FakeRelationship Copy() => new(Type, From, To, new Dictionary<string, object?>(Properties, StringComparer.Ordinal));
}
