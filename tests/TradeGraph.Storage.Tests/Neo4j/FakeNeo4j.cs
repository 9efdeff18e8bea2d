using System.Text;
using TradeGraph.Core.Exchange;
using TradeGraph.Core.Model;
using TradeGraph.Storage.Neo4j.Cypher;
using TradeGraph.Storage.Neo4j.QueryApi;

namespace TradeGraph.Storage.Tests.Neo4j;

/// <summary>
/// A stand-in for Neo4j (none can run here) that knows the write side's statements by their exact text — every text
/// <see cref="WriteStatements"/> and <see cref="Neo4jSchema"/> make for the model — and acts each out on an in-memory
/// graph, as the Cypher says, so Core's write rules run through the store's primitives against stored state they read back
/// (the fake acts out statements; it holds no write rule). Every request is recorded; a
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

    /// <summary>
    /// Every node. A node is found by a label and its key (as MERGE (n:Kind {key}) finds it): the key constraints are per
    /// kind and on :Entity, so a :Source and an :Entity may share a key, as on a real server.
    /// </summary>
    public List<FakeNode> AllNodes { get; private set; } = [];

    /// <summary>The nodes by key, for tests whose nodes all have keys of their own (two nodes sharing one throw here).</summary>
    public IReadOnlyDictionary<string, FakeNode> Nodes => AllNodes.ToDictionary(n => n.Key, StringComparer.Ordinal);

    private long _nextNodeId;

    public List<FakeRelationship> Relationships { get; private set; } = [];

    /// <summary>The history nodes, in creation order.</summary>
    public List<Dictionary<string, object?>> History { get; private set; } = [];

    /// <summary>The _TGMeta nodes' values: schema → version, revision → counter, writer → lockedAt, commits → committed write transactions.</summary>
    public Dictionary<string, object?> Meta { get; private set; } = new(StringComparer.Ordinal);

    /// <summary>Schema statements run so far (texts).</summary>
    public List<string> Schema { get; } = [];

    /// <summary>The writer lock node's count of committed write transactions (a rolled-back one is restored away).</summary>
    public long CommittedWrites => (long)(Meta.GetValueOrDefault(WriteStatements.CommitsProperty) ?? 0L);

    private readonly List<(string Where, CypherStatement? Statement)> _requests = [];
    private readonly Lock _requestsLock = new();

    /// <summary>
    /// Every request so far in order: where it ran ("auto-commit Read", "transaction 1", or BEGIN/COMMIT/ROLLBACK) and the
    /// statement. A copy: the host's background work (warm-up, refreshers) may send requests while a test reads it.
    /// </summary>
    public IReadOnlyList<(string Where, CypherStatement? Statement)> Requests
    {
        get
        {
            lock (_requestsLock)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>
    /// What each SHOW INDEXES of the start-up wait answers, in order (name, state, percent); once used up, every index is
    /// online. Slow population is several answers with rows.
    /// </summary>
    public Queue<IReadOnlyList<(string Name, string State, double Percent)>> PopulatingIndexes { get; } = new();

    /// <summary>When set, the statement whose text contains this fails as Neo4j would report it.</summary>
    public (string TextContains, Neo4jQueryException Error)? FailOn { get; set; }

    public Task<QueryResult> RunAsync(CypherStatement statement, AccessMode mode, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Log($"auto-commit {mode}", statement);
        return Task.FromResult(Execute(statement));
    }

    public async Task<T> InTransactionAsync<T>(Func<INeo4jTransaction, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        var number = ++_transactions;
        Log($"BEGIN transaction {number}", null);
        var saved = Save();
        try
        {
            var result = await work(new Transaction(this, number), cancellationToken);
            Log($"COMMIT transaction {number}", null);
            return result;
        }
        catch
        {
            Restore(saved);
            Log($"ROLLBACK transaction {number}", null);
            throw;
        }
    }

    /// <summary>Forgets the requests so far (after setting a graph up).</summary>
    public void ClearRequests()
    {
        lock (_requestsLock)
        {
            _requests.Clear();
        }
    }

    private void Log(string where, CypherStatement? statement)
    {
        lock (_requestsLock)
        {
            _requests.Add((where, statement));
        }
    }

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
        string or long or int or double or bool or DateOnly => Neo4jLayout.Literal(value),
        IReadOnlyDictionary<string, object?> map => "{" + string.Join(", ", map.Select(p => $"{p.Key}: {Literal(p.Value)}")) + "}",
        System.Collections.IEnumerable list => "[" + string.Join(", ", list.Cast<object?>().Select(Literal)) + "]",
        _ => throw new ArgumentException($"A parameter of type {value.GetType()} cannot be sent.", nameof(value)),
    };

    private sealed class Transaction(FakeNeo4j owner, int number) : INeo4jTransaction
    {
        public Task<QueryResult> RunAsync(CypherStatement statement, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            owner.Log($"transaction {number}", statement);
            return Task.FromResult(owner.Execute(statement));
        }
    }

    /// <summary>
    /// Acts out the statement whose text is <paramref name="text"/>. A text registered twice fails: with two handlers for one
    /// text one would silently win over the other.
    /// </summary>
    internal void Handle(string text, Func<IReadOnlyDictionary<string, object?>, QueryResult> handler)
    {
        if (!_handlers.TryAdd(text, handler))
        {
            throw new InvalidOperationException($"The fake already acts out this statement; keep one handler:\n{text}");
        }
    }

    /// <summary>Wraps the handler already registered for <paramref name="text"/> (a statement that does more than the base fake acts out).</summary>
    private void Extend(string text, Func<Func<IReadOnlyDictionary<string, object?>, QueryResult>, Func<IReadOnlyDictionary<string, object?>, QueryResult>> extend) =>
        _handlers[text] = extend(_handlers[text]);

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

        return (_handlers.GetValueOrDefault(statement.Text) ?? PageHandler(statement.Text)) is { } handler
            ? handler(statement.Parameters)
            : throw new InvalidOperationException($"The fake does not know this statement, so the store must not send it:\n{statement.Text}");
    }

    private void Register()
    {
        foreach (var statement in Neo4jSchema.Bootstrap(_model))
        {
            _schemaTexts.Add(statement.Text);
        }

        Handle(Neo4jSchema.ReadVersion().Text, _ => Meta.TryGetValue("schema", out var version) ? One(["version"], [version]) : Empty("version"));
        Handle(Neo4jSchema.PopulatingIndexes().Text, _ => PopulatingIndexes.TryDequeue(out var populating)
            ? Many(["name", "state", "populationPercent"], [.. populating.Select(i => (IReadOnlyList<object?>)[i.Name, i.State, i.Percent])])
            : Empty("name", "state", "populationPercent"));
        Handle(Neo4jSchema.WriteVersion().Text, p => Set(() => Meta["schema"] = p["version"]));
        Handle(WriteStatements.Lock(DateTimeOffset.UnixEpoch).Text, p => Set(() =>
        {
            Meta["writer"] = p["at"];
            Meta[WriteStatements.CommitsProperty] = CommittedWrites + 1;
        }));
        RegisterEmbeddings();
        RegisterReads();
        Handle(WriteStatements.CommittedWrites().Text, _ => One([WriteStatements.CommitsProperty], [CommittedWrites]));
        Handle(WriteStatements.NextRevision().Text, _ =>
        {
            var next = (long)(Meta.GetValueOrDefault("revision") ?? 0L) + 1;
            Meta["revision"] = next;
            return One(["revision"], [next]);
        });
        Handle(WriteStatements.RecordHistory(0, []).Text, p => Set(() =>
        {
            foreach (var entry in Rows(p["entries"]))
            {
                History.Add(new Dictionary<string, object?>(entry, StringComparer.Ordinal) { ["revision"] = p["revision"] });
            }
        }));
        Handle(Neo4jSchema.MarkRevisionLog().Text, _ => Set(() => Meta.TryAdd("revisionLog", Meta.GetValueOrDefault("revision") ?? 0L)));
        Handle(CypherReads.Revisions(0, 0).Text, p =>
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
        });
        Handle(WriteStatements.CountBulkLoad().Text, _ =>
        {
            var next = (long)(Meta.GetValueOrDefault("bulkLoads") ?? 0L) + 1;
            Meta["bulkLoads"] = next;
            return One(["bulkLoad"], [next]);
        });
        Handle(_statements.FindNodes([]).Text, p =>
        {
            // As the statement's coalesce of one probe per key label: the first label's node.
            var rows = Strings(p["keys"]).Select(k => (Key: k, Node: _statements.KeyLabels.Select(label => Find(label, k)).FirstOrDefault(n => n is not null)))
                .Where(found => found.Node is not null)
                .Select(found => Row(found.Key, found.Node!.Labels.ToList<object?>(), found.Node.Read())).ToList();
            return Many(["key", "labels", "properties"], rows);
        });
        Handle(_statements.CitationCount("").Text, p =>
        {
            var key = (string)p["key"]!;
            var onNodes = AllNodes.Where(n => n.Labels.Overlaps(_statements.KeyLabels)).Sum(n => Strings(n.Properties.GetValueOrDefault("sourceKeys")).Count(k => k == key));
            var onRelationships = Relationships.Sum(r => Strings(r.Properties.GetValueOrDefault("sourceKeys")).Count(k => k == key));
            return One(["citations"], [(long)(onNodes + onRelationships)]);
        });
        Handle(_statements.CitingFacts("").Text, p =>
        {
            var key = (string)p["key"]!;
            var rows = new List<IReadOnlyList<object?>>();
            foreach (var node in AllNodes.Where(n => n.Key != key && n.Labels.Overlaps(_statements.KeyLabels)))
            {
                rows.AddRange(Locators(node.Properties, key).Select(locator => Row(null, node.Key, null, locator)));
            }

            foreach (var relationship in Relationships.Where(r => r.From != key && r.To != key))
            {
                rows.AddRange(Locators(relationship.Properties, key).Select(locator => Row(relationship.Type, relationship.From, relationship.To, locator)));
            }

            return Many(["type", "from", "to", "locator"], rows);
        });
        Handle(_statements.StripNodeCitations("").Text, p => Set(() =>
        {
            foreach (var node in AllNodes.Where(n => n.Labels.Overlaps(_statements.KeyLabels)))
            {
                Strip(node.Properties, (string)p["key"]!);
            }
        }));
        Handle(_statements.StripRelationshipCitations("").Text, p => Set(() =>
        {
            foreach (var relationship in Relationships)
            {
                Strip(relationship.Properties, (string)p["key"]!);
            }
        }));

        foreach (var kind in _model.Kinds)
        {
            Handle(_statements.UpsertNodes(kind, []).Text, p => Set(() =>
            {
                foreach (var row in Rows(p["rows"]))
                {
                    var key = (string)row["key"]!;
                    if (Find(kind.Name, key) is not { } node)
                    {
                        if (kind.IsEntity && Find(CypherNames.EntityLabel, key) is not null)
                        {
                            // MERGE makes a second node with the key, and SET n:Entity breaks the key constraint on :Entity.
                            throw new Neo4jQueryException("Neo.ClientError.Schema.ConstraintValidationFailed", $"Node with key '{key}' already exists.", 400);
                        }

                        // A kind that is not an entity (Source) has a constraint of its own only: an :Entity may hold the key too.
                        node = new FakeNode(++_nextNodeId, [kind.Name], new Dictionary<string, object?>(StringComparer.Ordinal) { ["key"] = key });
                        AllNodes.Add(node);
                    }

                    var embeddedBefore = EmbeddedText(node);
                    SetAll(node.Properties, (IReadOnlyDictionary<string, object?>)row["properties"]!);
                    if (kind.IsEntity)
                    {
                        node.Labels.Add(CypherNames.EntityLabel);
                        DropStaleEmbedding(node, embeddedBefore);
                    }
                }
            }));
            Handle(_statements.RelationshipsOf(kind, "").Text, p =>
            {
                if (Find(kind.Name, (string)p["key"]!) is not { } node)
                {
                    return Empty("type", "from", "to", "properties");
                }

                return Many(["type", "from", "to", "properties"],
                    [.. Relationships.Where(r => r.Touches(node)).Select(r => Row(r.Type, r.From, r.To, r.Read()))]);
            });
            Handle(_statements.DeleteNode(kind, "").Text, p => Set(() =>
            {
                if (Find(kind.Name, (string)p["key"]!) is { } node)
                {
                    AllNodes.Remove(node);
                    Relationships.RemoveAll(r => r.Touches(node));
                }
            }));
        }

        foreach (var type in _model.RelationshipTypes)
        {
            (FakeNode From, FakeNode To)? Ends(string from, string to) =>
                Find(type.From, from) is { } a && Find(type.To, to) is { } b ? (a, b) : null;
            FakeRelationship? Between((FakeNode From, FakeNode To) ends) =>
                Relationships.FirstOrDefault(r => r.Type == type.Name && r.FromId == ends.From.Id && r.ToId == ends.To.Id);

            Handle(_statements.MergeRelationships(type, []).Text, p => Set(() =>
            {
                foreach (var row in Rows(p["rows"]))
                {
                    if (Ends((string)row["from"]!, (string)row["to"]!) is not { } ends)
                    {
                        continue;
                    }

                    var relationship = Between(ends);
                    if (relationship is null)
                    {
                        relationship = new FakeRelationship(type.Name, ends.From, ends.To, new Dictionary<string, object?>(StringComparer.Ordinal));
                        Relationships.Add(relationship);
                    }

                    SetAll(relationship.Properties, (IReadOnlyDictionary<string, object?>)row["properties"]!);
                }
            }));
            Handle(_statements.LoadRelationships(type, []).Text, p =>
                Many(["from", "to", "properties"], [.. Rows(p["pairs"])
                    .Select(pair => Ends((string)pair["from"]!, (string)pair["to"]!) is { } ends ? Between(ends) : null)
                    .Where(r => r is not null).Select(r => Row(r!.From, r.To, r.Read()))]));
            Handle(_statements.RelationshipState(type, "", "").Text, p =>
            {
                if (Ends((string)p["from"]!, (string)p["to"]!) is not { } ends)
                {
                    return Empty("properties", "fromTaken", "toTaken");
                }

                var fromTaken = type.Outgoing.Cardinality == Cardinality.One
                    ? Relationships.FirstOrDefault(r => r.Type == type.Name && r.FromId == ends.From.Id)?.To : null;
                var toTaken = type.Incoming.Cardinality == Cardinality.One
                    ? Relationships.FirstOrDefault(r => r.Type == type.Name && r.ToId == ends.To.Id)?.From : null;
                return One(["properties", "fromTaken", "toTaken"], Row(Between(ends)?.Read(), fromTaken, toTaken));
            });
            Handle(_statements.Disconnect(type, "", "").Text, p =>
            {
                if (Ends((string)p["from"]!, (string)p["to"]!) is not { } ends || Between(ends) is not { } relationship)
                {
                    return Empty("properties");
                }

                Relationships.Remove(relationship);
                return One(["properties"], Row(relationship.Read()));
            });
            foreach (var direction in new[] { Direction.Outgoing, Direction.Incoming })
            {
                Handle(_statements.SingleEndViolation(type, direction, []).Text, p =>
                {
                    var anchorKind = direction == Direction.Outgoing ? type.From : type.To;
                    var violator = Strings(p["keys"]).FirstOrDefault(key => Find(anchorKind, key) is { } anchor
                        && Relationships.Count(r => r.Type == type.Name && (direction == Direction.Outgoing ? r.FromId : r.ToId) == anchor.Id) > 1);
                    return violator is null ? Empty("key") : One(["key"], Row(violator));
                });
            }
        }

        RegisterPassages();
    }

    /// <summary>The node with this label and key (the key constraints keep it one), as MATCH (n:Label {key: …}) finds it.</summary>
    private FakeNode? Find(string label, string key) => AllNodes.FirstOrDefault(n => n.Labels.Contains(label) && n.Key == key);

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

    private (List<FakeNode>, List<FakeRelationship>, List<Dictionary<string, object?>>, Dictionary<string, object?>) Save() =>
        ([.. AllNodes.Select(n => n.Copy())], [.. Relationships.Select(r => r.Copy())],
            [.. History.Select(h => new Dictionary<string, object?>(h, StringComparer.Ordinal))], new Dictionary<string, object?>(Meta, StringComparer.Ordinal));

    private void Restore((List<FakeNode>, List<FakeRelationship>, List<Dictionary<string, object?>>, Dictionary<string, object?>) saved) =>
        (AllNodes, Relationships, History, Meta) = saved;

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

/// <summary>A node of the fake graph; its id is its identity (as Neo4j's element id), never reused.</summary>
internal sealed class FakeNode(long id, IEnumerable<string> labels, Dictionary<string, object?> properties)
{
    public long Id { get; } = id;

    public string Key => (string)Properties["key"]!;

    public SortedSet<string> Labels { get; } = new(labels, StringComparer.Ordinal);

    public Dictionary<string, object?> Properties { get; } = properties;

    public IReadOnlyDictionary<string, object?> Read() => (IReadOnlyDictionary<string, object?>)FakeNeo4j.Decode(Properties)!;

    public FakeNode Copy() => new(Id, Labels, new Dictionary<string, object?>(Properties, StringComparer.Ordinal));
}

/// <summary>A relationship of the fake graph, between two nodes (by id; their keys beside, for reading).</summary>
internal sealed class FakeRelationship(string type, long fromId, string from, long toId, string to, Dictionary<string, object?> properties)
{
    public FakeRelationship(string type, FakeNode from, FakeNode to, Dictionary<string, object?> properties)
        : this(type, from.Id, from.Key, to.Id, to.Key, properties)
    {
    }

    public string Type { get; } = type;

    public long FromId { get; } = fromId;

    public string From { get; } = from;

    public long ToId { get; } = toId;

    public string To { get; } = to;

    public bool Touches(FakeNode node) => FromId == node.Id || ToId == node.Id;

    public Dictionary<string, object?> Properties { get; } = properties;

    public IReadOnlyDictionary<string, object?> Read() => (IReadOnlyDictionary<string, object?>)FakeNeo4j.Decode(Properties)!;

    public FakeRelationship Copy() => new(Type, FromId, From, ToId, To, new Dictionary<string, object?>(Properties, StringComparer.Ordinal));
}
