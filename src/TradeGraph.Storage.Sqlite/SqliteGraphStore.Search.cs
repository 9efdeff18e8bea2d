using System.Text.Json;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Querying;

namespace TradeGraph.Storage.Sqlite;

/// <summary>Full-text search: FTS5 with BM25 ranking, prefix terms and, on request, near spellings of each word.</summary>
public sealed partial class SqliteGraphStore
{
    public Task<IReadOnlyList<SearchHit>> SearchAsync(string text, int limit, CancellationToken cancellationToken) => SqliteInterruption.RunAsync<IReadOnlyList<SearchHit>>(async () =>
    {
        var folded = TextFolding.Fold(text).Trim();
        if (folded.Length == 0 || limit <= 0)
        {
            return [];
        }

        // search_text is "\n" + each folded name and alias + "\n": an exact name scores 4, a name prefix 3,
        // a word prefix 2, any other substring 1.
        await using var lease = await RentAsync(cancellationToken);
        var command = lease.Command($"""
            SELECT {EntityColumns},
                   CASE WHEN instr(e.search_text, char(10) || @q || char(10)) > 0 THEN 4
                        WHEN instr(e.search_text, char(10) || @q) > 0 THEN 3
                        WHEN instr(e.search_text, ' ' || @q) > 0 THEN 2
                        ELSE 1 END AS score
            FROM entities e
            WHERE instr(e.search_text, @q) > 0 AND e.kind IN (SELECT value FROM json_each(@kinds))
            ORDER BY score DESC, e.name, e.key
            LIMIT @limit
            """);
        command.Parameters.AddWithValue("@q", folded);
        command.Parameters.AddWithValue("@kinds", JsonSerializer.Serialize(_model.Kinds.Where(k => k.IsEntity).Select(k => k.Name)));
        command.Parameters.AddWithValue("@limit", limit);
        var hits = new List<SearchHit>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            hits.Add(new SearchHit(ReadEntity(reader, 0), reader.GetInt64(7)));
        }

        return hits;
    }, cancellationToken);

    public Task<Page<SearchHit>> SearchRankedAsync(SearchQuery query, CancellationToken cancellationToken) => SqliteInterruption.RunAsync<Page<SearchHit>>(async () =>
    {
        var words = query.Words;
        if (words.Count == 0)
        {
            return Page<SearchHit>.Empty;
        }

        await using var lease = await RentAsync(cancellationToken);
        var alternatives = new List<IReadOnlyList<string>>();
        foreach (var word in words)
        {
            alternatives.Add(query.Fuzzy ? await NearSpellingsAsync(lease, word, cancellationToken) : [word]);
        }

        var kinds = query.Kinds is { Count: > 0 } ? query.Kinds : _model.Kinds.Where(k => k.IsEntity).Select(k => k.Name).ToList();
        var paging = KeysetPaging.Of(query.Page, SearchQuery.DefaultPageSize);
        var window = SearchWindow.Of(query.Page);
        // bm25 is lower-is-better; names weigh most, then aliases, then descriptions. A name or alias that is the text (+2)
        // or starts with it (+1) comes first: bm25 alone ranks a word found everywhere ("trump") near zero. Rounded so
        // cursors compare exactly.
        var command = lease.Command($"""
            WITH hits AS (
                SELECT {EntityColumnsFor(query.Parts)}, round(-bm25(entity_search, 10.0, 6.0, 1.0)
                    + CASE WHEN instr(e.search_text, char(10) || @phrase || char(10)) > 0 THEN 2.0
                           WHEN instr(e.search_text, char(10) || @phrase) > 0 THEN 1.0 ELSE 0.0 END, 6) AS score
                FROM entity_search JOIN entities e ON e.id = entity_search.rowid
                WHERE entity_search MATCH @match AND e.kind IN (SELECT value FROM json_each(@kinds)))
            SELECT * FROM hits e
            WHERE (@afterKey IS NULL OR e.score < @afterScore OR (e.score = @afterScore AND e.key > @afterKey))
              AND (@beforeKey IS NULL OR e.score > @beforeScore OR (e.score = @beforeScore AND e.key < @beforeKey))
            ORDER BY {(paging.Forward ? "e.score DESC, e.key ASC" : "e.score ASC, e.key DESC")} LIMIT @limit
            """);
        command.Parameters.AddWithValue("@match", FullTextQuery.Match(alternatives));
        command.Parameters.AddWithValue("@phrase", TextFolding.Fold(query.Text).Trim());
        command.Parameters.AddWithValue("@kinds", JsonSerializer.Serialize(kinds));
        command.Parameters.AddWithValue("@afterScore", (object?)window.After?.Score ?? DBNull.Value);
        command.Parameters.AddWithValue("@afterKey", (object?)window.After?.Key ?? DBNull.Value);
        command.Parameters.AddWithValue("@beforeScore", (object?)window.Before?.Score ?? DBNull.Value);
        command.Parameters.AddWithValue("@beforeKey", (object?)window.Before?.Key ?? DBNull.Value);
        command.Parameters.AddWithValue("@limit", paging.Limit);
        var rows = new List<PageItem<SearchHit>>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var hit = new SearchHit(ReadEntity(reader, 0, query.Parts), reader.GetDouble(7));
            rows.Add(new PageItem<SearchHit>(hit, SearchCursor.Encode(hit.Score, hit.Entity.Key)));
        }

        // Rows before the page's start are assumed when it starts from a cursor (Hot Chocolate's keyset rule), as before.
        return paging.ToPage(rows, beyondStart: paging.StartCursor(query.Page) is not null);
    }, cancellationToken);

    /// <summary>The word itself, or when no indexed word starts with it, the indexed words within one or two edits.</summary>
    private static async Task<IReadOnlyList<string>> NearSpellingsAsync(SqliteReadLease lease, string word, CancellationToken cancellationToken)
    {
        var limit = word.Length <= 4 ? 1 : 2;
        var command = lease.Command("""
            SELECT EXISTS (SELECT 1 FROM entity_search_terms WHERE term >= @word AND term < @word || char(1114111));
            SELECT term FROM entity_search_terms WHERE length(term) BETWEEN @shortest AND @longest;
            """);
        command.Parameters.AddWithValue("@word", word);
        command.Parameters.AddWithValue("@shortest", word.Length - limit);
        command.Parameters.AddWithValue("@longest", word.Length + limit);
        var spellings = new List<string> { word };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        if (reader.GetBoolean(0))
        {
            return spellings;
        }

        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var term = reader.GetString(0);
            if (FullTextQuery.Distance(word, term, limit) <= limit)
            {
                spellings.Add(term);
            }
        }

        return spellings;
    }
}
