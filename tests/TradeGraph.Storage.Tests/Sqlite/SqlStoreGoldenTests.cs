using Snapshooter;
using TradeGraph.Core.Model;
using TradeGraph.Storage.Sqlite;

namespace TradeGraph.Storage.Tests.Sqlite;

/// <summary>
/// Golden SQL of the SQLite store's other statements — the write session (SqlWriteStatements), passages and vectors
/// (SqlSemanticStatements), the revision log (SqlRevisionStatements), export, topology and statistics
/// (SqlExchangeStatements), cited facts and rows by id (SqlReads) — as SqlGoldenTests and SqlImportGoldenTests pin the
/// reads and the import: a change shows up as a diff of __snapshots__/SqlStoreGoldenTests.Statement_&lt;case&gt;.snap.
/// </summary>
public sealed class SqlStoreGoldenTests
{
    private static readonly SqlExchangeStatements Exchange = new(TradeModel.Define());

    private static readonly Dictionary<string, Func<string>> All = new(StringComparer.Ordinal)
    {
        ["write-insert-entity"] = () => SqlWriteStatements.InsertEntity,
        ["write-update-entity"] = () => SqlWriteStatements.UpdateEntity,
        ["write-entity-id"] = () => SqlWriteStatements.EntityId,
        ["write-relationships-of"] = () => SqlWriteStatements.RelationshipsOf,
        ["write-citation-count"] = () => SqlWriteStatements.CitationCount,
        ["write-citing-facts"] = () => SqlWriteStatements.CitingFacts,
        ["write-remove-citations"] = () => SqlWriteStatements.RemoveCitations,
        ["write-delete-entity"] = () => SqlWriteStatements.DeleteEntity,
        ["write-find-relationship"] = () => SqlWriteStatements.FindRelationship,
        ["write-insert-relationship"] = () => SqlWriteStatements.InsertRelationship,
        ["write-update-relationship"] = () => SqlWriteStatements.UpdateRelationship,
        ["write-relationship-id"] = () => SqlWriteStatements.RelationshipId,
        ["write-relationship-row"] = () => SqlWriteStatements.RelationshipRow,
        ["write-delete-relationship"] = () => SqlWriteStatements.DeleteRelationship,
        ["write-open-revision"] = () => SqlWriteStatements.OpenRevision,
        ["write-insert-history"] = () => SqlWriteStatements.InsertHistory,
        ["write-relationship-ids-by-key"] = () => SqlWriteStatements.RelationshipIdsByKey,
        ["write-cite"] = () => SqlWriteStatements.Cite,
        ["write-held-end-from"] = () => SqlWriteStatements.HeldEnd("from_id", "to_id"),
        ["write-held-end-to"] = () => SqlWriteStatements.HeldEnd("to_id", "from_id"),
        ["passage-upsert"] = () => SqlSemanticStatements.UpsertPassage,
        ["passage-all"] = () => SqlSemanticStatements.AllPassages,
        ["passage-of-sources"] = () => SqlSemanticStatements.PassagesOf,
        ["passage-search"] = () => SqlSemanticStatements.SearchPassages,
        ["passage-stale"] = () => SqlSemanticStatements.StalePassages,
        ["passage-count-stale"] = () => SqlSemanticStatements.CountStalePassages,
        ["passage-save-vector"] = () => SqlSemanticStatements.SavePassageVector,
        ["passage-vectors"] = () => SqlSemanticStatements.PassageVectors,
        ["entity-stale"] = () => SqlSemanticStatements.StaleEntities,
        ["entity-count-stale"] = () => SqlSemanticStatements.CountStaleEntities,
        ["entity-save-vector"] = () => SqlSemanticStatements.SaveEntityVector,
        ["entity-vectors"] = () => SqlSemanticStatements.EntityVectors,
        ["revision-marks"] = () => SqlRevisionStatements.Marks,
        ["revision-heads"] = () => SqlRevisionStatements.Heads,
        ["revision-rows"] = () => SqlRevisionStatements.Rows,
        ["revision-count-bulk-load"] = () => SqlRevisionStatements.CountBulkLoad,
        ["exchange-large-load-cache"] = () => SqlExchangeStatements.LargeLoadCache,
        ["exchange-default-cache"] = () => SqlExchangeStatements.DefaultCache,
        ["exchange-graph-by-key"] = () => SqlExchangeStatements.Graph(relationshipsByKey: true),
        ["exchange-graph-by-table"] = () => SqlExchangeStatements.Graph(relationshipsByKey: false),
        ["exchange-topology-stamp"] = () => SqlExchangeStatements.TopologyStamp,
        ["exchange-topology"] = () => Exchange.Topology,
        ["exchange-statistics"] = () => SqlExchangeStatements.Statistics,
        ["cited-facts-first"] = () => SqlGoldenTests.Format(SqlReads.CitedFacts(["source-1", "source-2"], forward: true, after: null, before: null, 11)),
        ["cited-facts-after-before"] = () => SqlGoldenTests.Format(SqlReads.CitedFacts(["source-1"], forward: true, ("E", 12, ""),
            ("R", 40, "para 3"), 6)),
        ["cited-facts-last"] = () => SqlGoldenTests.Format(SqlReads.CitedFacts(["source-1"], forward: false, after: null, ("R", 7, ""), 4)),
        ["entities-by-id"] = () => SqlGoldenTests.Format(SqlReads.EntitiesById([3, 5])),
        ["relationships-by-id"] = () => SqlGoldenTests.Format(SqlReads.RelationshipsById([8])),
    };

    public static TheoryData<string> Cases => [.. All.Keys.Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Statement(string name) => All[name]().MatchSnapshot(new SnapshotNameExtension(name));

    [Fact]
    public void TheExportReadsARelationshipsColumnsAfterItsTypeAndEnds() =>
        Assert.Contains($"SELECT r.type, f.key, t.key, {RelationshipColumns.All} FROM relationships r", SqlExchangeStatements.Graph(true), StringComparison.Ordinal);
}
