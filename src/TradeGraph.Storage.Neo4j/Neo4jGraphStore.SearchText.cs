using TradeGraph.Core.Storage;
using TradeGraph.Storage.Neo4j.Cypher;
using TradeGraph.Storage.Neo4j.QueryApi;

namespace TradeGraph.Storage.Neo4j;

/// <summary>
/// The schema at start, for Core's <see cref="SchemaMigration"/>: the bootstrap (<see cref="Neo4jSchema"/>) creates the
/// current constraints and indexes whole, so the only steps with work of their own are versions 3 (entities) and 5
/// (passages) on an older database: the full-text index rebuilt over the search words, and the words written
/// (<see cref="SearchTextStatements"/>).
/// </summary>
public sealed partial class Neo4jGraphStore
{
    private const int SearchTextBatch = 1000;

    private sealed class SchemaSession(Neo4jGraphStore store) : ISchemaMigrationSession
    {
        public async Task<long> ReadVersionAsync(CancellationToken cancellationToken)
        {
            var stored = await store.Runner.RunAsync(Neo4jSchema.ReadVersion(), AccessMode.Read, cancellationToken);
            return stored.Rows.Count == 0 ? 0 : Convert.ToInt64(stored.Value(0, "version") ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
        }

        /// <summary>Drops the full-text index the step rebuilds, if the database found has it over other properties, so the bootstrap creates it anew.</summary>
        public async Task BeforeSchemaAsync(long found, int version, CancellationToken cancellationToken)
        {
            foreach (var step in StepsTo(version, found))
            {
                await store.Runner.RunAsync(step.DropIndex(), AccessMode.Write, cancellationToken);
            }
        }

        public async Task EnsureSchemaAsync(CancellationToken cancellationToken)
        {
            // One statement per request, each in its own transaction: Neo4j refuses schema and data changes together. A
            // constraint over existing data is built before the answer comes, so each gets the schema time limit; all are
            // IF NOT EXISTS, so a lost answer is simply sent again.
            var schema = new StatementOptions(AccessMode.Write) { Timeout = store.Settings.SchemaTimeout, Idempotent = true };
            foreach (var statement in Neo4jSchema.Bootstrap(store.Model))
            {
                await store.Runner.RunAsync(statement, schema, cancellationToken);
            }

            store.IndexWait = await new Neo4jIndexWait(store.Runner, store.Settings, store.Logger, store.Clock).WaitAsync(cancellationToken);
        }

        public async Task AfterSchemaAsync(long found, int version, CancellationToken cancellationToken)
        {
            foreach (var step in StepsTo(version, found))
            {
                await store.WriteSearchWordsAsync(step, cancellationToken);
            }
        }

        public async Task RecordVersionAsync(int version, CancellationToken cancellationToken)
        {
            // The version written is the store's own (Neo4jSchema.CurrentVersion, which Core was given).
            await store.Runner.RunAsync(Neo4jSchema.WriteVersion(), AccessMode.Write, cancellationToken);
            await store.Runner.RunAsync(Neo4jSchema.MarkRevisionLog(), AccessMode.Write, cancellationToken);
        }

        private static IEnumerable<SearchTextStatements> StepsTo(int version, long found) =>
            SearchTextStatements.Steps.Where(s => s.Version == version && s.IsNeededAt(found));
    }

    /// <summary>Writes the search words of every node the step covers, a batch per request; the new index fills as they land.</summary>
    private async Task WriteSearchWordsAsync(SearchTextStatements step, CancellationToken cancellationToken)
    {
        var after = "";
        while (true)
        {
            var batch = await Runner.RunAsync(step.ListText(after, SearchTextBatch), AccessMode.Read, cancellationToken);
            if (batch.Rows.Count == 0)
            {
                break;
            }

            var rows = new List<IReadOnlyDictionary<string, object?>>(batch.Rows.Count);
            for (var row = 0; row < batch.Rows.Count; row++)
            {
                after = (string)batch.Value(row, SearchTextStatements.Key)!;
                rows.Add(step.Row(after, column => batch.Value(row, column)));
            }

            await Runner.RunAsync(step.Save(rows), AccessMode.Write, cancellationToken);
        }
    }
}
