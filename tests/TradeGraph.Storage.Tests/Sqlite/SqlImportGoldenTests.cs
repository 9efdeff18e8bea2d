using Snapshooter;
using TradeGraph.Storage.Sqlite;

namespace TradeGraph.Storage.Tests.Sqlite;

/// <summary>
/// Golden SQL of the import's statements (SqlImportStatements), as SqlGoldenTests pins the reads: a change to an import
/// statement shows up as a diff of __snapshots__/SqlImportGoldenTests.Statement_&lt;case&gt;.snap.
/// </summary>
public sealed class SqlImportGoldenTests
{
    private static readonly Dictionary<string, string> All = new(StringComparer.Ordinal)
    {
        ["insert-entity"] = SqlImportStatements.InsertEntity,
        ["select-entity"] = SqlImportStatements.SelectEntity,
        ["update-entity"] = SqlImportStatements.UpdateEntity,
        ["select-kind"] = SqlImportStatements.SelectKind,
        ["insert-relationship"] = SqlImportStatements.InsertRelationship,
        ["select-relationship"] = SqlImportStatements.SelectRelationship,
        ["update-relationship"] = SqlImportStatements.UpdateRelationship,
        ["cite"] = SqlImportStatements.Cite,
        ["count-facts"] = SqlImportStatements.CountFacts,
        ["secondary-indexes"] = SqlImportStatements.SecondaryIndexes,
        ["drop-index-quoted"] = SqlImportStatements.DropIndex("ix_\"odd\""),
        ["single-end-from"] = SqlImportStatements.SingleEndViolation("from_id"),
        ["single-end-to"] = SqlImportStatements.SingleEndViolation("to_id"),
    };

    public static TheoryData<string> Cases => [.. All.Keys.Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Statement(string name) => All[name].MatchSnapshot(new SnapshotNameExtension(name));
}
