using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;
using TradeGraph.Core.Storage;
using TradeGraph.Core.Storage.Import;

namespace TradeGraph.Core.Tests.Storage;

/// <summary>
/// Core's import rules over a recording session (no store): what is asked of the session and in which order, how facts
/// are counted, and every refusal with its message — the rules each store used to carry itself.
/// </summary>
public sealed class ImportRulesTests
{
    private static readonly GraphModel Model = TradeModel.Define();

    private static readonly Entity Memo = new("Source", "memo", "Memo", [], null, PropertyValues.EmptyProperties, []);

    private static readonly Entity Ada = new("Official", "ada", "Ada", [], null, PropertyValues.EmptyProperties, [new SourceReference("memo", "¶1")]);

    private static readonly Entity Atlantis = new("Country", "atlantis", "Atlantis", [], null, PropertyValues.EmptyProperties, []);

    private static readonly Relationship Represents = new("REPRESENTS", "ada", "atlantis", PropertyValues.EmptyProperties, [new SourceReference("memo", null)]);

    [Fact]
    public async Task SourcesGoFirstThenEntitiesThenRelationshipsAndTheSessionIsToldEachPhase()
    {
        var session = new RecordingSession();

        var result = await new ImportRules(Model).RunAsync(session, new GraphDocument([Ada, Atlantis, Memo], [Represents]), null, CancellationToken.None);

        Assert.Equal(new ImportResult(4, 0, 0), result);
        Assert.Equal(["start", "entity memo", "cite 0", "entity ada", "cite 1", "entity atlantis", "cite 0", "relationships 1",
            "relationship REPRESENTS ada atlantis", "cite 1", "finish 4", "single REPRESENTS Outgoing ada"], session.Calls);
    }

    [Fact]
    public async Task AFactStoredAsGivenIsUnchangedAndANewCitationMakesItUpdated()
    {
        var session = new RecordingSession { Stored = { ["memo"] = "Source", ["ada"] = "Official", ["atlantis"] = "Country" }, Unchanged = true };
        session.CitationChanges.Add("ada");

        var result = await new ImportRules(Model).RunAsync(session, new GraphDocument([Memo, Ada, Atlantis], []), null, CancellationToken.None);

        Assert.Equal(new ImportResult(0, 1, 2), result);
    }

    [Theory]
    [InlineData("kind", "Key 'atlantis' is already a Country; it cannot become a Official.")]
    [InlineData("endpoint", "REPRESENTS refers to unknown key 'lemuria'.")]
    [InlineData("end kind", "REPRESENTS needs a Country, but 'memo' is a Source.")]
    [InlineData("citation", "A citation refers to unknown key 'no-such-report'.")]
    [InlineData("citation kind", "A citation needs a Source, but 'atlantis' is a Country.")]
    [InlineData("single end", "'ada' would have more than one REPRESENTS relationship (country is a single value).")]
    public async Task EachRefusalHasItsMessageAndNothingIsFinishedAfterARefusedFact(string problem, string message)
    {
        var session = new RecordingSession { Stored = { ["memo"] = "Source", ["atlantis"] = "Country" }, Violation = problem == "single end" ? "ada" : null };
        var document = problem switch
        {
            "kind" => new GraphDocument([Atlantis with { Kind = "Official" }], []),
            "endpoint" => new GraphDocument([Ada], [Represents with { To = "lemuria" }]),
            "end kind" => new GraphDocument([Ada], [Represents with { To = "memo" }]),
            "citation" => new GraphDocument([Ada with { Sources = [new SourceReference("no-such-report", null)] }], []),
            "citation kind" => new GraphDocument([Ada with { Sources = [new SourceReference("atlantis", null)] }], []),
            _ => new GraphDocument([Ada], [Represents]),
        };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => new ImportRules(Model).RunAsync(session, document, null, CancellationToken.None));

        Assert.Equal(message, error.Message);
        Assert.Equal(problem == "single end", session.Calls.Any(c => c.StartsWith("finish", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ProgressIsToldEveryThousandFactsAndAtTheEnd()
    {
        var entities = Enumerable.Range(0, 2500).Select(i => Atlantis with { Key = $"country-{i}" }).ToList();
        var told = new List<long>();

        await new ImportRules(Model).RunAsync(new RecordingSession(), new GraphDocument(entities, []), new Told(told), CancellationToken.None);

        Assert.Equal([1000, 2000, 2500], told);
    }

    private sealed class Told(List<long> told) : IProgress<long>
    {
        public void Report(long value) => told.Add(value);
    }

    /// <summary>Keeps kinds in a dictionary and records each call; upserts are new unless the key is stored (then <see cref="Unchanged"/> or changed).</summary>
    private sealed class RecordingSession : IImportSession
    {
        public Dictionary<string, string> Stored { get; } = new(StringComparer.Ordinal);

        public HashSet<string> CitationChanges { get; } = new(StringComparer.Ordinal);

        public bool Unchanged { get; init; }

        public string? Violation { get; init; }

        public List<string> Calls { get; } = [];

        private string _last = "";

        public Task StartAsync(GraphDocument document, CancellationToken cancellationToken) => Record("start");

        public Task<string?> KindOfAsync(string key, CancellationToken cancellationToken) => Task.FromResult(Stored.GetValueOrDefault(key));

        public Task<FactImport> UpsertEntityAsync(Entity entity, CancellationToken cancellationToken)
        {
            Calls.Add($"entity {entity.Key}");
            _last = entity.Key;
            if (Stored.TryGetValue(entity.Key, out var kind))
            {
                return Task.FromResult(new FactImport(false, !Unchanged, kind));
            }

            Stored[entity.Key] = entity.Kind;
            return Task.FromResult(new FactImport(true, true));
        }

        public Task StartRelationshipsAsync(IReadOnlyList<Relationship> relationships, CancellationToken cancellationToken) =>
            Record($"relationships {relationships.Count}");

        public Task<FactImport> UpsertRelationshipAsync(RelationshipType type, Relationship relationship, CancellationToken cancellationToken)
        {
            Calls.Add($"relationship {type.Name} {relationship.From} {relationship.To}");
            _last = relationship.From;
            return Task.FromResult(new FactImport(true, true));
        }

        public Task<bool> CiteAsync(IReadOnlyList<SourceReference> sources, CancellationToken cancellationToken)
        {
            Calls.Add($"cite {sources.Count}");
            return Task.FromResult(CitationChanges.Contains(_last));
        }

        public Task FinishAsync(ImportTally tally, CancellationToken cancellationToken) => Record($"finish {tally.Inserted + tally.Updated + tally.Unchanged}");

        public Task<string?> SingleEndViolationAsync(RelationshipType type, Direction end, IReadOnlyList<string> anchors, CancellationToken cancellationToken)
        {
            Calls.Add($"single {type.Name} {end} {string.Join(",", anchors)}");
            return Task.FromResult(Violation);
        }

        private Task Record(string call)
        {
            Calls.Add(call);
            return Task.CompletedTask;
        }
    }
}
