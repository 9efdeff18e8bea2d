using System.Text.Json;
using Microsoft.Data.Sqlite;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;
using TradeGraph.Core.Querying;

namespace TradeGraph.Storage.Sqlite;

/// <summary>
/// One SQL statement: its text, its parameters in order (values in their stored form) and the score tables its
/// <c>tg_score</c> calls look up (by index; see <see cref="SqlParameters.AddScores"/>).
/// </summary>
internal sealed record SqlStatement(string Text, IReadOnlyList<(string Name, object Value)> Parameters, IReadOnlyList<ScoreTable>? Scores = null)
{
    /// <summary>
    /// Sets the parameters on <paramref name="command"/> (a kept command for <see cref="Text"/>), gives its connection the
    /// statement's score tables, and returns it.
    /// </summary>
    public SqliteCommand Bind(SqliteCommand command)
    {
        foreach (var (name, value) in Parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        if (command.Connection is SqliteScoringConnection scoring)
        {
            scoring.Use(Scores ?? []);
        }
        else if (Scores is { Count: > 0 })
        {
            throw new InvalidOperationException("A statement that sorts or filters by scores must run on a read connection (SqliteScoringConnection).");
        }

        return command;
    }
}

/// <summary>A keyset page's statement and the plan that turns its rows into a page (sort values into cursors).</summary>
internal sealed record PageStatement(SqlStatement Statement, PagePlan Plan);

/// <summary>
/// THE read statements of the SQLite store, as CypherReads holds Neo4j's: each method returns
/// the text and parameters of one read, and the ordinals its rows are read back by are declared beside it (entity and
/// relationship columns in <see cref="EntityColumns"/> / <see cref="RelationshipColumns"/>). Filters and sort expressions
/// come from <see cref="SqlQueryTranslator"/>; values are always parameters. Pinned by golden tests (SqlGoldenTests).
/// </summary>
internal sealed class SqlReads(GraphModel model)
{
    // Entities by key, one statement text per combination of parts (built once, so a kept statement is found again).
    private static readonly string[] EntitiesByKeyTexts = [.. Enumerable.Range(0, (int)EntityParts.All + 1).Select(p =>
        $"SELECT {EntityColumns.For((EntityParts)p)} FROM entities e WHERE e.key IN (SELECT value FROM json_each(@keys))")];

    /// <summary>Rows of <see cref="EntityColumns"/> for the entities of <paramref name="keys"/>.</summary>
    public static SqlStatement EntitiesByKey(IEnumerable<string> keys, EntityParts parts) =>
        new(EntitiesByKeyTexts[(int)(parts & EntityParts.All)], [("@keys", JsonSerializer.Serialize(keys))]);

    /// <summary>In an entity page's rows: the first sort value, after the entity's columns.</summary>
    public const int EntityPageSortValues = EntityColumns.Count;

    /// <summary>
    /// A page of one kind: rows of <see cref="EntityColumns"/> then the sort values, then a second result, one row of one
    /// boolean: whether rows lie before the page's start.
    /// </summary>
    public PageStatement EntityPage(EntityQuery query)
    {
        var kind = model.Kind(query.Kind);
        var translator = new SqlQueryTranslator(model, new SqlParameters());
        var where = translator.Where(query.Filter, "e", kind);
        var plan = new PagePlan(translator, kind, query.SortKeys, query.Page);
        // The page is chosen first, then its rows are read: the columns built per row (citations, JSON) are built for
        // the page's rows only, not for every row the sort has to look at (every meeting, to find the latest 20).
        // An order on an indexed property reads that property's partial index, which needs the kind as a literal (a
        // name from the validated model) for SQLite to see that the index applies.
        var sortIndex = query.SortKeys.Count > 0 ? SqliteSchema.SortIndex(kind, query.SortKeys[0]) : null;
        var source = sortIndex is null ? "entities e WHERE e.kind = @kind" : $"entities e INDEXED BY {sortIndex} WHERE e.kind = '{kind.Name}'";
        // Each sort expression is computed once per row, as a column of the innermost select (PagePlan).
        var beyondStart = plan.BeyondStart is null ? "SELECT 0;" : $"""
            SELECT EXISTS (SELECT 1 FROM (SELECT e.key{plan.SortColumns} FROM entities e WHERE e.kind = @kind AND {where}) e
                           WHERE {plan.BeyondStart});
            """;
        var text = $"""
            SELECT {EntityColumns.For(query.Parts)}{plan.SortValues} FROM (
                SELECT * FROM (SELECT e.*{plan.SortColumns} FROM {source} AND {where}) e
                WHERE 1{plan.Conditions}
                ORDER BY {plan.OrderBy} LIMIT @limit) e
            ORDER BY {plan.OrderBy};
            {beyondStart}
            """;
        return new(translator.Parameters.Statement(text, ("@kind", kind.Name), ("@limit", plan.Limit)), plan);
    }

    /// <summary>One row: the count (ordinal 0), then min and max of each ranged property, in the order given.</summary>
    public SqlStatement EntityAggregate(EntityKind kind, Filter? filter, IReadOnlyList<PropertyDefinition> ranged)
    {
        var translator = new SqlQueryTranslator(model, new SqlParameters());
        var text = $"""
            SELECT COUNT(*){RangeColumns(ranged)} FROM entities e
            WHERE e.kind = @kind AND {translator.Where(filter, "e", kind)}
            """;
        return translator.Parameters.Statement(text, ("@kind", kind.Name));
    }

    /// <summary>In a related page's rows: the anchor's key, the target's entity columns, the walked relationship's, the sort values.</summary>
    public const int RelatedAnchor = 0;

    public const int RelatedEntity = 1;

    public const int RelatedRelationship = RelatedEntity + EntityColumns.Count;

    public const int RelatedSortValues = RelatedRelationship + RelationshipColumns.Count;

    /// <summary>
    /// A page of related entities per anchor (rows ordered by anchor, then position), then a second result: the anchors
    /// (ordinal 0) that have rows before their page's start.
    /// </summary>
    public PageStatement RelatedPage(RelatedQuery query, EntityKind kind)
    {
        var (anchorColumn, targetColumn) = SqlQueryTranslator.Columns(query.Direction);
        var translator = new SqlQueryTranslator(model, new SqlParameters());
        var where = translator.Where(query.Filter, "e", kind);
        var plan = new PagePlan(translator, kind, query.SortKeys, query.Page);
        // CROSS JOIN keeps the anchors as the outer loop: SQLite cannot see how few keys json_each holds and would
        // otherwise scan every relationship of the type (all PARTICIPATES_IN rows) to find the anchors' few.
        // Each sort expression is computed once per row, as a column of the innermost select (PagePlan).
        var beyondStart = plan.BeyondStart is null ? "SELECT NULL WHERE 0;" : $"""
            WITH anchors AS (SELECT id, key FROM entities WHERE key IN (SELECT value FROM json_each(@anchors)))
            SELECT DISTINCT e.anchor FROM (
                SELECT a.key AS anchor, e.key{plan.SortColumns} FROM anchors a
                CROSS JOIN relationships r ON r.type = @type AND r.{anchorColumn} = a.id
                JOIN entities e ON e.id = r.{targetColumn}
                WHERE {where}) e
            WHERE {plan.BeyondStart};
            """;
        var text = $"""
            WITH anchors AS (SELECT id, key FROM entities WHERE key IN (SELECT value FROM json_each(@anchors)))
            SELECT * FROM (
                SELECT e.*, ROW_NUMBER() OVER (PARTITION BY e.anchor_id ORDER BY {plan.OrderBy}) AS rn FROM (
                    SELECT a.key AS anchor, {EntityColumns.For(query.Parts)}, {RelationshipColumns.For(query.Parts)}{plan.SortColumns}, a.id AS anchor_id
                    FROM anchors a
                    CROSS JOIN relationships r ON r.type = @type AND r.{anchorColumn} = a.id
                    JOIN entities e ON e.id = r.{targetColumn}
                    WHERE {where}) e
                WHERE 1{plan.Conditions})
            WHERE rn <= @limit ORDER BY anchor, rn;
            {beyondStart}
            """;
        return new(translator.Parameters.Statement(text, ("@anchors", JsonSerializer.Serialize(query.AnchorKeys)), ("@type", query.Type.Name),
            ("@limit", plan.Limit)), plan);
    }

    /// <summary>A row per anchor that has one: its key (ordinal 0), then as <see cref="EntityAggregate"/> from ordinal 1.</summary>
    public SqlStatement RelatedAggregate(RelatedQuery query, EntityKind kind, IReadOnlyList<PropertyDefinition> ranged)
    {
        var (anchorColumn, targetColumn) = SqlQueryTranslator.Columns(query.Direction);
        var translator = new SqlQueryTranslator(model, new SqlParameters());
        var text = $"""
            SELECT a.key, COUNT(e.id){RangeColumns(ranged)} FROM entities a
            LEFT JOIN relationships r ON r.type = @type AND r.{anchorColumn} = a.id
            LEFT JOIN entities e ON e.id = r.{targetColumn} AND {translator.Where(query.Filter, "e", kind)}
            WHERE a.key IN (SELECT value FROM json_each(@anchors))
            GROUP BY a.key
            """;
        return translator.Parameters.Statement(text, ("@anchors", JsonSerializer.Serialize(query.AnchorKeys)), ("@type", query.Type.Name));
    }

    private static string RangeColumns(IReadOnlyList<PropertyDefinition> properties) => string.Concat(properties.Select(p =>
        $", MIN(json_extract(e.properties, '$.{p.Name}')), MAX(json_extract(e.properties, '$.{p.Name}'))"));

    /// <summary>In a search's rows: the score, after the entity's columns.</summary>
    public const int SearchScore = EntityColumns.Count;

    /// <summary>
    /// The substring search over names and aliases (<paramref name="folded"/> is the folded text): search_text is "\n" +
    /// each folded name and alias + "\n", so an exact name scores 4, a name prefix 3, a word prefix 2, any other substring 1.
    /// </summary>
    public static SqlStatement Search(string folded, IEnumerable<string> kinds, int limit) => new($"""
        SELECT {EntityColumns.All},
               CASE WHEN instr(e.search_text, char(10) || @q || char(10)) > 0 THEN 4
                    WHEN instr(e.search_text, char(10) || @q) > 0 THEN 3
                    WHEN instr(e.search_text, ' ' || @q) > 0 THEN 2
                    ELSE 1 END AS score
        FROM entities e
        WHERE instr(e.search_text, @q) > 0 AND e.kind IN (SELECT value FROM json_each(@kinds))
        ORDER BY score DESC, e.name, e.key
        LIMIT @limit
        """, [("@q", folded), ("@kinds", JsonSerializer.Serialize(kinds)), ("@limit", limit)]);

    /// <summary>
    /// A page of ranked full-text hits (FTS5 <paramref name="match"/>) in (score, key) order, bounded by the window's cursors.
    /// bm25 is lower-is-better; names weigh most, then aliases, then descriptions. A name or alias that is the text (+2)
    /// or starts with it (+1) comes first: bm25 alone ranks a word found everywhere ("trump") near zero. Rounded so
    /// cursors compare exactly.
    /// </summary>
    public static SqlStatement SearchRanked(SearchQuery query, string match, IEnumerable<string> kinds, KeysetPaging paging, SearchWindow window) => new($"""
        WITH hits AS (
            SELECT {EntityColumns.For(query.Parts)}, round(-bm25(entity_search, 10.0, 6.0, 1.0)
                + CASE WHEN instr(e.search_text, char(10) || @phrase || char(10)) > 0 THEN 2.0
                       WHEN instr(e.search_text, char(10) || @phrase) > 0 THEN 1.0 ELSE 0.0 END, 6) AS score
            FROM entity_search JOIN entities e ON e.id = entity_search.rowid
            WHERE entity_search MATCH @match AND e.kind IN (SELECT value FROM json_each(@kinds)))
        SELECT * FROM hits e
        WHERE (@afterKey IS NULL OR e.score < @afterScore OR (e.score = @afterScore AND e.key > @afterKey))
          AND (@beforeKey IS NULL OR e.score > @beforeScore OR (e.score = @beforeScore AND e.key < @beforeKey))
        ORDER BY {(paging.Forward ? "e.score DESC, e.key ASC" : "e.score ASC, e.key DESC")} LIMIT @limit
        """,
        [
            ("@match", match),
            ("@phrase", TextFolding.Fold(query.Text).Trim()),
            ("@kinds", JsonSerializer.Serialize(kinds)),
            ("@afterScore", (object?)window.After?.Score ?? DBNull.Value),
            ("@afterKey", (object?)window.After?.Key ?? DBNull.Value),
            ("@beforeScore", (object?)window.Before?.Score ?? DBNull.Value),
            ("@beforeKey", (object?)window.Before?.Key ?? DBNull.Value),
            ("@limit", paging.Limit),
        ]);

    /// <summary>
    /// Two results: whether an indexed word starts with <paramref name="word"/> (one boolean), then the indexed words
    /// (ordinal 0) within <paramref name="edits"/> characters of its length.
    /// </summary>
    public static SqlStatement NearSpellings(string word, int edits) => new("""
        SELECT EXISTS (SELECT 1 FROM entity_search_terms WHERE term >= @word AND term < @word || char(1114111));
        SELECT term FROM entity_search_terms WHERE length(term) BETWEEN @shortest AND @longest;
        """, [("@word", word), ("@shortest", word.Length - edits), ("@longest", word.Length + edits)]);

    /// <summary>The columns of <see cref="History"/>'s rows.</summary>
    public static class HistoryColumns
    {
        public const int Fact = 0;
        public const int Revision = 1;
        public const int At = 2;
        public const int Actor = 3;
        public const int Change = 4;

        /// <summary>A JSON array of [field, before, after].</summary>
        public const int Changes = 5;
        public const int Sources = 6;
        public const int Editorial = 7;
    }

    /// <summary>The history records of <paramref name="factKeys"/>, latest revision first (<see cref="HistoryColumns"/>).</summary>
    public static SqlStatement History(IEnumerable<string> factKeys) => new("""
        SELECT h.fact, h.revision, r.at, r.actor, h.change, h.changes, h.sources, h.editorial
        FROM history h JOIN revisions r ON r.id = h.revision
        WHERE h.fact IN (SELECT value FROM json_each(@facts))
        ORDER BY h.revision DESC, h.id DESC
        """, [("@facts", JsonSerializer.Serialize(factKeys))]);

    /// <summary>The columns of <see cref="CitedFacts"/>' rows.</summary>
    public static class CitedFactColumns
    {
        public const int Source = 0;

        /// <summary>'E' (an entity) or 'R' (a relationship).</summary>
        public const int Fact = 1;
        public const int FactId = 2;

        /// <summary>"" for none.</summary>
        public const int Locator = 3;
    }

    private static readonly string[] CitedFactsTexts = [.. new[] { "ASC", "DESC" }.Select(direction => $"""
        SELECT source, fact, fact_id, locator FROM (
            SELECT s.key AS source, c.fact, c.fact_id, c.locator,
                   ROW_NUMBER() OVER (PARTITION BY s.id ORDER BY c.fact {direction}, c.fact_id {direction}, c.locator {direction}) AS rn
            FROM entities s JOIN citations c ON c.source_id = s.id
            WHERE s.key IN (SELECT value FROM json_each(@sources))
              AND (@afterFact IS NULL OR (c.fact, c.fact_id, c.locator) > (@afterFact, @afterId, @afterLocator))
              AND (@beforeFact IS NULL OR (c.fact, c.fact_id, c.locator) < (@beforeFact, @beforeId, @beforeLocator)))
        WHERE rn <= @limit ORDER BY source, rn
        """)];

    /// <summary>
    /// Up to <paramref name="limit"/> citations of each source (<see cref="CitedFactColumns"/>), keyset-paged over (fact,
    /// fact id, locator) between the cursors: entities first ('E' &lt; 'R'), then relationships, in insertion order; read
    /// in reverse when not <paramref name="forward"/>.
    /// </summary>
    public static SqlStatement CitedFacts(IEnumerable<string> sourceKeys, bool forward, (string Fact, long FactId, string Locator)? after,
        (string Fact, long FactId, string Locator)? before, long limit) => new(CitedFactsTexts[forward ? 0 : 1],
    [
        ("@sources", JsonSerializer.Serialize(sourceKeys)),
        ("@afterFact", (object?)after?.Fact ?? DBNull.Value), ("@afterId", (object?)after?.FactId ?? DBNull.Value),
        ("@afterLocator", (object?)after?.Locator ?? DBNull.Value),
        ("@beforeFact", (object?)before?.Fact ?? DBNull.Value), ("@beforeId", (object?)before?.FactId ?? DBNull.Value),
        ("@beforeLocator", (object?)before?.Locator ?? DBNull.Value),
        ("@limit", limit),
    ]);

    private static readonly string EntitiesByIdText = $"SELECT e.id, {EntityColumns.All} FROM entities e WHERE e.id IN (SELECT value FROM json_each(@ids))";

    /// <summary>Whole entities by row id: the row id, then <see cref="EntityColumns"/>.</summary>
    public static SqlStatement EntitiesById(IEnumerable<long> ids) => new(EntitiesByIdText, [("@ids", JsonSerializer.Serialize(ids))]);

    /// <summary>The columns of <see cref="RelationshipsById"/>' rows: id, type, from key, to key, then <see cref="RelationshipColumns"/> from <see cref="Relationship"/>.</summary>
    public static class RelationshipByIdColumns
    {
        public const int Id = 0;
        public const int Type = 1;
        public const int From = 2;
        public const int To = 3;
        public const int Relationship = 4;
    }

    private static readonly string RelationshipsByIdText = $"""
        SELECT r.id, r.type, f.key, t.key, {RelationshipColumns.All}
        FROM relationships r JOIN entities f ON f.id = r.from_id JOIN entities t ON t.id = r.to_id
        WHERE r.id IN (SELECT value FROM json_each(@ids))
        """;

    /// <summary>Whole relationships (ends by key, properties, citations) by row id (<see cref="RelationshipByIdColumns"/>).</summary>
    public static SqlStatement RelationshipsById(IEnumerable<long> ids) => new(RelationshipsByIdText, [("@ids", JsonSerializer.Serialize(ids))]);
}
