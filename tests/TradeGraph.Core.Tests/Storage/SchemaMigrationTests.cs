using TradeGraph.Core.Storage;

namespace TradeGraph.Core.Tests.Storage;

/// <summary>
/// Core's migration order over a recording session (no store): a newer database refused before anything is touched,
/// each later version's step in order around the model's schema, the current version recorded last.
/// </summary>
public sealed class SchemaMigrationTests
{
    [Fact]
    public async Task AnOlderDatabaseRunsEachLaterStepBeforeAndAfterTheSchemaInVersionOrder()
    {
        var session = new RecordingSession(found: 2);

        var found = await SchemaMigration.RunAsync(session, current: 5, CancellationToken.None);

        Assert.Equal(2, found);
        Assert.Equal(["read", "before 3 (found 2)", "before 4 (found 2)", "before 5 (found 2)", "ensure",
            "after 3 (found 2)", "after 4 (found 2)", "after 5 (found 2)", "record 5"], session.Calls);
    }

    [Fact]
    public async Task ANewDatabaseRunsEveryStepFromTheFirst()
    {
        var session = new RecordingSession(found: 0);

        await SchemaMigration.RunAsync(session, current: 2, CancellationToken.None);

        Assert.Equal(["read", "before 1 (found 0)", "before 2 (found 0)", "ensure", "after 1 (found 0)", "after 2 (found 0)", "record 2"], session.Calls);
    }

    [Fact]
    public async Task ACurrentDatabaseStillHasItsSchemaEnsuredAndItsVersionRecorded()
    {
        var session = new RecordingSession(found: 4);

        await SchemaMigration.RunAsync(session, current: 4, CancellationToken.None);

        Assert.Equal(["read", "ensure", "record 4"], session.Calls);
    }

    [Fact]
    public async Task ANewerDatabaseIsRefusedBeforeAnythingIsTouched()
    {
        var session = new RecordingSession(found: 9);

        var refusal = await Assert.ThrowsAsync<InvalidOperationException>(() => SchemaMigration.RunAsync(session, current: 8, CancellationToken.None));

        Assert.Equal("The database was written by a newer TradeGraph (schema version 9; this release knows 8).", refusal.Message);
        Assert.Equal(["read"], session.Calls);
    }

    private sealed class RecordingSession(long found) : ISchemaMigrationSession
    {
        public List<string> Calls { get; } = [];

        public Task<long> ReadVersionAsync(CancellationToken cancellationToken) => Record("read", found);

        public Task BeforeSchemaAsync(long found, int version, CancellationToken cancellationToken) => Record($"before {version} (found {found})");

        public Task EnsureSchemaAsync(CancellationToken cancellationToken) => Record("ensure");

        public Task AfterSchemaAsync(long found, int version, CancellationToken cancellationToken) => Record($"after {version} (found {found})");

        public Task RecordVersionAsync(int version, CancellationToken cancellationToken) => Record($"record {version}");

        private Task Record(string call)
        {
            Calls.Add(call);
            return Task.CompletedTask;
        }

        private Task<long> Record(string call, long value)
        {
            Calls.Add(call);
            return Task.FromResult(value);
        }
    }
}
