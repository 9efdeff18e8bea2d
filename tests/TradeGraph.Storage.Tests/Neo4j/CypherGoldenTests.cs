using Snapshooter;

namespace TradeGraph.Storage.Tests.Neo4j;

/// <summary>
/// Golden Cypher: the text and parameters of every query shape in <see cref="CypherGoldenCases"/>, pinned by snapshots
/// (__snapshots__/CypherGoldenTests.Statement_&lt;case&gt;.snap). A change to the translation shows up here as a diff to review.
/// </summary>
public sealed class CypherGoldenTests
{
    public static TheoryData<string> Cases => [.. CypherGoldenCases.All.Keys.Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Statement(string name)
    {
        var statement = CypherGoldenCases.All[name]();

        Golden.Format(statement).MatchSnapshot(new SnapshotNameExtension(name));
    }
}
