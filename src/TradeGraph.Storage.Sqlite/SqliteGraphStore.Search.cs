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

        await using var lease = await RentAsync(cancellationToken);
        var statement = SqlReads.Search(folded, _model.Kinds.Where(k => k.IsEntity).Select(k => k.Name), limit);
        var command = statement.Bind(lease.Command(statement.Text));
        var hits = new List<SearchHit>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            hits.Add(new SearchHit(ReadEntity(reader, 0), reader.GetInt64(SqlReads.SearchScore)));
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
        var statement = SqlReads.SearchRanked(query, FullTextQuery.Match(alternatives), kinds, paging, window);
        var command = statement.Bind(lease.Command(statement.Text));
        var rows = new List<PageItem<SearchHit>>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var hit = new SearchHit(ReadEntity(reader, 0, query.Parts), reader.GetDouble(SqlReads.SearchScore));
            rows.Add(new PageItem<SearchHit>(hit, SearchCursor.Encode(hit.Score, hit.Entity.Key)));
        }

        // Rows before the page's start are assumed when it starts from a cursor (Hot Chocolate's keyset rule), as before.
        return paging.ToPage(rows, beyondStart: paging.StartCursor(query.Page) is not null);
    }, cancellationToken);

    /// <summary>The word itself, or when no indexed word starts with it, the indexed words within one or two edits.</summary>
    private static async Task<IReadOnlyList<string>> NearSpellingsAsync(SqliteReadLease lease, string word, CancellationToken cancellationToken)
    {
        var limit = word.Length <= 4 ? 1 : 2;
        var statement = SqlReads.NearSpellings(word, limit);
        var command = statement.Bind(lease.Command(statement.Text));
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
