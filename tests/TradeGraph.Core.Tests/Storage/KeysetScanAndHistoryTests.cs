using TradeGraph.Core.Querying;
using TradeGraph.Core.Storage;
using TradeGraph.Core.Writing;

namespace TradeGraph.Core.Tests.Storage;

/// <summary>The small store-independent rules the stores share: keyset scans, history records, the schema version at start.</summary>
public sealed class KeysetScanAndHistoryTests
{
    [Theory]
    [InlineData(7, 3, new[] { "", "c", "f" })]
    [InlineData(6, 3, new[] { "", "c", "f" })] // a full last page: one more read, which comes back empty
    [InlineData(0, 3, new[] { "" })]
    public async Task AScanReadsAfterTheLastKeyUntilAShortPage(int count, int pageSize, string[] asked)
    {
        var keys = Enumerable.Range(0, count).Select(i => ((char)('a' + i)).ToString()).ToList();
        var afters = new List<string>();

        var read = new List<string>();
        await foreach (var key in KeysetScan.StreamAsync<string>((after, _) =>
        {
            afters.Add(after ?? "");
            return Task.FromResult<IReadOnlyList<string>>([.. keys.Where(k => after is null || string.CompareOrdinal(k, after) > 0).Take(pageSize)]);
        }, k => k, pageSize, CancellationToken.None))
        {
            read.Add(key);
        }

        Assert.Equal(keys, read);
        Assert.Equal(asked, afters);
    }

    [Fact]
    public void ALogGroupsFactsUnderTheirRevisionAndAHeadRepeatedOnEachRowIsAddedOnce()
    {
        var log = new RevisionLogBuilder();
        log.Revision(4, "2025-10-25T08:00:00.0000000+00:00", "ada");
        log.Fact(4, "ada-envoy", "Official", "Created", """[["name",null,"\"Ada\""]]""");
        log.Revision(4, "2025-10-25T08:00:00.0000000+00:00", "ada");
        log.Fact(4, "atlantis", "Country", "Updated", null);
        log.Revision(5, "2025-10-26T09:30:00.0000000+02:00", "bo");

        var built = log.Build(latest: 5, replayableAfter: 1, bulkLoads: 2);

        Assert.Equal((5L, 1L, 2L), (built.Latest, built.ReplayableAfter, built.BulkLoads));
        Assert.Equal([4L, 5L], built.Revisions.Select(r => r.Number));
        Assert.Equal(new DateTimeOffset(2025, 10, 26, 9, 30, 0, TimeSpan.FromHours(2)), built.Revisions[1].At);
        Assert.Equal(["ada-envoy", "atlantis"], built.Revisions[0].Facts.Select(f => f.Fact));
        Assert.Equal(new FieldChange("name", null, "\"Ada\""), built.Revisions[0].Facts[0].Changes.Single());
        Assert.Empty(built.Revisions[0].Facts[1].Changes);
        Assert.Equal(ChangeKind.Updated, built.Revisions[0].Facts[1].Change);
    }

    [Fact]
    public void HistoryTimesRoundTripWithTheirOffset()
    {
        var at = new DateTimeOffset(2025, 10, 25, 8, 0, 0, 123, TimeSpan.FromHours(-5));

        Assert.Equal("2025-10-25T08:00:00.1230000-05:00", HistoryRecords.Time(at));
        Assert.Equal(at, HistoryRecords.Time(HistoryRecords.Time(at)));
    }

    [Fact]
    public void ANewerSchemaIsRefusedAndAnOlderOneIsLeftToTheStoresMigrations()
    {
        SchemaVersions.RefuseNewer(0, 8);
        SchemaVersions.RefuseNewer(8, 8);

        var error = Assert.Throws<InvalidOperationException>(() => SchemaVersions.RefuseNewer(9, 8));

        Assert.Equal("The database was written by a newer TradeGraph (schema version 9; this release knows 8).", error.Message);
    }
}
