using System.Text.Encodings.Web;
using System.Text.Json;
using TradeGraph.Core.Analytics;
using Snapshooter;
using TradeGraph.Core.Model;
using TradeGraph.Core.Querying;
using TradeGraph.Storage.Sqlite;
using TradeGraph.Storage.Tests.Neo4j;
using static TradeGraph.Core.Querying.ComparisonOperator;

namespace TradeGraph.Storage.Tests.Sqlite;

/// <summary>
/// Golden SQL for the filter translation: the WHERE condition and parameters SQLite gets for every filter of the Cypher
/// golden corpus (<see cref="CypherGoldenCases.Filters"/>), plus the forms only SQLite's corpus lacks (scores, citations),
/// pinned by snapshots (__snapshots__/SqlFilterGoldenTests.Filter_&lt;case&gt;.snap): a change to the translation is a diff to review.
/// </summary>
public sealed class SqlFilterGoldenTests
{
    private static readonly GraphModel Model = CypherGoldenCases.Model;

    private static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly (string Name, string Kind, Filter Filter)[] More =
    [
        ("score-gt", "Official", new ScoreComparison(Scores(), GreaterThan, 0.3)),
        ("score-nin", "Official", new ScoreComparison(Scores(), NotIn, new object?[] { 0.25, null })),
        ("citations-none-inferred", "Official", new CitationsFilter(ListQuantifier.None, [new FieldComparison(CitationsFilter.InferredField, Equal, true)])),
        ("citations-any", "Official", new CitationsFilter(ListQuantifier.Any, [])),
        ("rel-citations-all", "Official", new RelationshipFilter(Model.Relationship("REPRESENTS"), Direction.Outgoing, RelationshipQuantifier.Some, null,
            new CitationsFilter(ListQuantifier.All, [new FieldComparison(CitationsFilter.InferredField, NotEqual, true)]))),
    ];

    public static TheoryData<string> Cases => [.. CypherGoldenCases.Filters.Concat(More).Select(c => c.Name).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Filter(string name)
    {
        var (_, kind, filter) = CypherGoldenCases.Filters.Concat(More).Single(c => c.Name == name);
        var parameters = new SqlParameters();
        var condition = new SqlQueryTranslator(Model, parameters).Where(filter, "e", Model.Kind(kind));

        // A score table travels as its index among the statement's tables (SqlParameters.AddScores): the same in every run.
        var bound = parameters.Values.Select(p => $"{p.Name} = {JsonSerializer.Serialize(p.Value is DBNull ? null : p.Value, Options)}\n");
        (condition + "\n\n-- parameters\n" + string.Concat(bound)).MatchSnapshot(new SnapshotNameExtension(name));
    }

    private static ScoreTable Scores() =>
        new(ScoreMeasures.PageRank, new Dictionary<string, double> { ["xi-jinping"] = 0.25, ["donald-trump"] = 0.5 });
}
