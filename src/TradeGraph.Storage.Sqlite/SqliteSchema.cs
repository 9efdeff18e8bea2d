using TradeGraph.Core.Querying;
using Microsoft.Data.Sqlite;
using TradeGraph.Core.Model;
using TradeGraph.Core.Storage;

namespace TradeGraph.Storage.Sqlite;

/// <summary>
/// The store's tables, its migrations (versioned with PRAGMA user_version) and the indexes derived from the model:
/// every property the model marks <see cref="PropertyDefinition.Indexed"/> gets a partial expression index for its kind.
/// </summary>
internal static class SqliteSchema
{
    /// <summary>The schema version this release writes. A future release adds a step to <see cref="Migrations"/>.</summary>
    public const int CurrentVersion = 8;

    private static readonly string[] Migrations =
    [
        // Version 1: one table of entities, one of relationships, one of citations (the provenance of both).
        """
        CREATE TABLE entities (
            id          INTEGER PRIMARY KEY,
            kind        TEXT NOT NULL,
            key         TEXT NOT NULL UNIQUE,
            name        TEXT NOT NULL,
            description TEXT,
            aliases     TEXT NOT NULL DEFAULT '[]',
            properties  TEXT NOT NULL DEFAULT '{}',
            search_text TEXT NOT NULL
        );
        CREATE INDEX ix_entities_kind_key ON entities (kind, key);
        CREATE TABLE relationships (
            id         INTEGER PRIMARY KEY,
            type       TEXT NOT NULL,
            from_id    INTEGER NOT NULL REFERENCES entities (id),
            to_id      INTEGER NOT NULL REFERENCES entities (id),
            properties TEXT NOT NULL DEFAULT '{}',
            UNIQUE (type, from_id, to_id)
        );
        CREATE INDEX ix_relationships_to ON relationships (type, to_id, from_id);
        CREATE TABLE citations (
            fact      TEXT NOT NULL CHECK (fact IN ('E', 'R')),
            fact_id   INTEGER NOT NULL,
            source_id INTEGER NOT NULL REFERENCES entities (id),
            locator   TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (fact, fact_id, source_id, locator)
        ) WITHOUT ROWID;
        CREATE INDEX ix_citations_source ON citations (source_id);
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        """,

        // Version 2: ranked full-text search (FTS5) over names, aliases and descriptions, kept in step by triggers.
        """
        CREATE VIRTUAL TABLE entity_search USING fts5 (name, aliases, description, tokenize = 'unicode61 remove_diacritics 2');
        CREATE VIRTUAL TABLE entity_search_terms USING fts5vocab (entity_search, 'row');
        INSERT INTO entity_search (rowid, name, aliases, description) SELECT id, name, aliases, coalesce(description, '') FROM entities;
        CREATE TRIGGER entities_search_insert AFTER INSERT ON entities BEGIN
            INSERT INTO entity_search (rowid, name, aliases, description) VALUES (new.id, new.name, new.aliases, coalesce(new.description, ''));
        END;
        CREATE TRIGGER entities_search_update AFTER UPDATE OF name, aliases, description ON entities BEGIN
            UPDATE entity_search SET name = new.name, aliases = new.aliases, description = coalesce(new.description, '') WHERE rowid = new.id;
        END;
        CREATE TRIGGER entities_search_delete AFTER DELETE ON entities BEGIN
            DELETE FROM entity_search WHERE rowid = old.id;
        END;
        """,

        // Version 3: history. One revision per committed write batch (who, when); one history row per changed fact,
        // naming it by FactKey (it outlives the fact's row), with each field's value before and after as JSON.
        """
        CREATE TABLE revisions (
            id    INTEGER PRIMARY KEY,
            at    TEXT NOT NULL,
            actor TEXT NOT NULL
        );
        CREATE TABLE history (
            id        INTEGER PRIMARY KEY,
            revision  INTEGER NOT NULL REFERENCES revisions (id),
            fact      TEXT NOT NULL,
            change    TEXT NOT NULL CHECK (change IN ('Created', 'Updated', 'Deleted')),
            changes   TEXT NOT NULL,
            sources   TEXT NOT NULL,
            editorial INTEGER NOT NULL
        );
        CREATE INDEX ix_history_fact ON history (fact, revision);
        """,

        // Version 4: a citation may infer its fact rather than state it; the note says how (NULL: stated). Citations
        // written before are stated, as every citation was then.
        """
        ALTER TABLE citations ADD COLUMN note TEXT;
        """,

        // Version 5: vectors for semantic search, one per embedded text: an entity (subject 'E', owner = entities.id); a
        // source's paragraphs come later as their own subject. int8 per dimension + one scale, the model that made it and
        // the fingerprint of the text it embeds. A change to an entity's embedded text drops its vector in the same
        // transaction (the triggers), so a stored vector is never of old text; a missing vector is stale and re-embedded.
        """
        CREATE TABLE embeddings (
            subject   TEXT NOT NULL,
            owner_id  INTEGER NOT NULL,
            model     TEXT NOT NULL,
            text_hash INTEGER NOT NULL,
            scale     REAL NOT NULL,
            vector    BLOB NOT NULL,
            PRIMARY KEY (subject, owner_id)
        ) WITHOUT ROWID;
        CREATE TRIGGER entities_embedding_stale AFTER UPDATE OF kind, name, aliases, description ON entities
        WHEN old.kind IS NOT new.kind OR old.name IS NOT new.name OR old.aliases IS NOT new.aliases OR old.description IS NOT new.description
        BEGIN
            DELETE FROM embeddings WHERE subject = 'E' AND owner_id = new.id;
        END;
        CREATE TRIGGER entities_embedding_delete AFTER DELETE ON entities BEGIN
            DELETE FROM embeddings WHERE subject = 'E' AND owner_id = old.id;
        END;
        """,

        // Version 6: the revision log replicas follow. A history row names its fact's kind (entity kind or relationship
        // type), so a reader replays a revision without the fact's row (gone after a delete).
        // Rows written before carry no kind, so the log replays only the revisions after those already committed (meta
        // 'revision_log_after'). Imports take no revision: meta 'bulk_loads' counts them.
        // (Its two columns are added first by AddRevisionLogColumnsAsync, each only when missing.)
        """
        CREATE INDEX IF NOT EXISTS ix_history_revision ON history (revision);
        INSERT INTO meta (key, value) VALUES ('revision_log_after', (SELECT coalesce(max(id), 0) FROM revisions))
            ON CONFLICT (key) DO UPDATE SET value = excluded.value;
        """,

        // Version 7: a source's passages (the paragraphs an ingested article's citations point at), searched by FTS5 and
        // embedded as subject 'P' (owner = passages.id). A changed text drops its vector in the same transaction; a
        // deleted source takes its passages (and their vectors) with it.
        """
        CREATE TABLE passages (
            id        INTEGER PRIMARY KEY,
            source_id INTEGER NOT NULL REFERENCES entities (id),
            paragraph INTEGER NOT NULL,
            text      TEXT NOT NULL,
            UNIQUE (source_id, paragraph)
        );
        CREATE VIRTUAL TABLE passage_search USING fts5 (text, tokenize = 'unicode61 remove_diacritics 2');
        CREATE TRIGGER passages_search_insert AFTER INSERT ON passages BEGIN
            INSERT INTO passage_search (rowid, text) VALUES (new.id, new.text);
        END;
        CREATE TRIGGER passages_text_update AFTER UPDATE OF text ON passages WHEN old.text IS NOT new.text BEGIN
            UPDATE passage_search SET text = new.text WHERE rowid = new.id;
            DELETE FROM embeddings WHERE subject = 'P' AND owner_id = new.id;
        END;
        CREATE TRIGGER passages_delete AFTER DELETE ON passages BEGIN
            DELETE FROM passage_search WHERE rowid = old.id;
            DELETE FROM embeddings WHERE subject = 'P' AND owner_id = old.id;
        END;
        CREATE TRIGGER entities_passages_delete BEFORE DELETE ON entities BEGIN
            DELETE FROM passages WHERE source_id = old.id;
        END;
        """,

        // Version 8: the search index reads the aliases' text, one per line, not their JSON (whose \uXXXX escapes made
        // "Fernández" the words "fern" and "u00e1ndez"). Only rows with an escape (a backslash) index anything else.
        """
        DROP TRIGGER entities_search_insert;
        DROP TRIGGER entities_search_update;
        CREATE TRIGGER entities_search_insert AFTER INSERT ON entities BEGIN
            INSERT INTO entity_search (rowid, name, aliases, description)
            VALUES (new.id, new.name, (SELECT coalesce(group_concat(value, char(10)), '') FROM json_each(new.aliases)), coalesce(new.description, ''));
        END;
        CREATE TRIGGER entities_search_update AFTER UPDATE OF name, aliases, description ON entities BEGIN
            UPDATE entity_search SET name = new.name, description = coalesce(new.description, ''),
                aliases = (SELECT coalesce(group_concat(value, char(10)), '') FROM json_each(new.aliases))
            WHERE rowid = new.id;
        END;
        UPDATE entity_search SET aliases = (SELECT coalesce(group_concat(j.value, char(10)), '') FROM entities e, json_each(e.aliases) j WHERE e.id = entity_search.rowid)
        WHERE rowid IN (SELECT id FROM entities WHERE instr(aliases, '\') > 0);
        """,
    ];

    /// <summary>Core's <see cref="SchemaMigration"/> through <see cref="MigrationSession"/>, in one transaction.</summary>
    public static async Task MigrateAsync(SqliteConnection connection, GraphModel model, CancellationToken cancellationToken)
    {
        await using var session = new MigrationSession(connection, model);
        await SchemaMigration.RunAsync(session, CurrentVersion, cancellationToken);
        await session.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// The migration primitives: the version is PRAGMA user_version; each step is its script of <see cref="Migrations"/> and
    /// then the version it reaches, all before the model's indexes; the transaction opens after the version is read (a
    /// newer database is refused without taking the write lock).
    /// </summary>
    private sealed class MigrationSession(SqliteConnection connection, GraphModel model) : ISchemaMigrationSession, IAsyncDisposable
    {
        private SqliteTransaction? _transaction;

        public async Task<long> ReadVersionAsync(CancellationToken cancellationToken) =>
            Convert.ToInt32(await ScalarAsync(connection, "PRAGMA user_version", cancellationToken), System.Globalization.CultureInfo.InvariantCulture);

        public async Task BeforeSchemaAsync(long found, int version, CancellationToken cancellationToken)
        {
            var transaction = await TransactionAsync(cancellationToken);
            if (version == 6)
            {
                await AddRevisionLogColumnsAsync(connection, transaction, cancellationToken);
            }

            await ExecuteAsync(connection, transaction, Migrations[version - 1], cancellationToken);
            await ExecuteAsync(connection, transaction, $"PRAGMA user_version = {version}", cancellationToken);
        }

        public async Task EnsureSchemaAsync(CancellationToken cancellationToken)
        {
            var transaction = await TransactionAsync(cancellationToken);
            foreach (var statement in ModelIndexes(model))
            {
                await ExecuteAsync(connection, transaction, statement, cancellationToken);
            }
        }

        public Task AfterSchemaAsync(long found, int version, CancellationToken cancellationToken) => Task.CompletedTask;

        public async Task RecordVersionAsync(int version, CancellationToken cancellationToken) =>
            await ExecuteAsync(connection, await TransactionAsync(cancellationToken),
                $"INSERT INTO meta (key, value) VALUES ('schema_version', '{version}') ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                cancellationToken);

        public async Task CommitAsync(CancellationToken cancellationToken) => await (await TransactionAsync(cancellationToken)).CommitAsync(cancellationToken);

        public ValueTask DisposeAsync() => _transaction?.DisposeAsync() ?? ValueTask.CompletedTask;

        private async Task<SqliteTransaction> TransactionAsync(CancellationToken cancellationToken) =>
            _transaction ??= (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
    }

    /// <summary>
    /// The column version 6 adds, each only when the table lacks it: SQLite has no ADD COLUMN IF NOT EXISTS, and a file
    /// whose version was set back by hand (as tests make "older" files) may hold them already.
    /// </summary>
    private static async Task AddRevisionLogColumnsAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        foreach (var (table, column, definition) in new[] { ("history", "kind", "TEXT") })
        {
            await using var probe = connection.CreateCommand();
            probe.Transaction = transaction;
            probe.CommandText = $"SELECT count(*) FROM pragma_table_info('{table}') WHERE name = '{column}'";
            if ((long)(await probe.ExecuteScalarAsync(cancellationToken))! == 0)
            {
                await ExecuteAsync(connection, transaction, $"ALTER TABLE {table} ADD COLUMN {column} {definition}", cancellationToken);
            }
        }
    }

    /// <summary>One partial expression index per indexed property of each kind. Names come from the validated model only.</summary>
    public static IEnumerable<string> ModelIndexes(GraphModel model) =>
        from kind in model.Kinds
        from property in kind.Properties
        where property.Indexed
        select $"CREATE INDEX IF NOT EXISTS ix_{kind.Name}_{property.Name} ON entities (json_extract(properties, '$.{property.Name}'), key) WHERE kind = '{kind.Name}'";

    /// <summary>
    /// The partial index that serves an order starting with <paramref name="first"/> on <paramref name="kind"/>, or null.
    /// SQLite's planner prefers the (kind, key) index and sorts every entity of the kind, even for a LIMIT of 21 out of
    /// 50,000 meetings; scanning the sort key's own index instead stops after the page (85 ms → 8 ms at 1M relationships).
    /// </summary>
    public static string? SortIndex(EntityKind kind, SortKey first) =>
        first is FieldSort { Field: var field } && kind.Properties.Any(p => p.Name == field && p.Indexed) ? $"ix_{kind.Name}_{field}" : null;

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
