using System.Text;

namespace TradeGraph.Storage.Neo4j.Cypher;

/// <summary>
/// Builds the Lucene query string for a full-text index over search words (entity_search, passage_search) from the words
/// Core's TextFolding split the user's text into: one parenthesised group per word, the word as a prefix of a word in each
/// field (with the field's boost), or with fuzzy on, within one edit (words of up to four letters) or two; the groups joined
/// by AND (every word must match: entities) or OR (any word may: passages). Each term is escaped, so no user character is
/// ever read as Lucene syntax; the query string is a parameter.
/// </summary>
internal static class LuceneQuery
{
    private const string Special = "+-&|!(){}[]^\"~*?:\\/";

    /// <summary>A field the words are looked for in, and its boost (1: none written).</summary>
    public readonly record struct Field(string Name, int Boost = 1);

    /// <summary>Every word must match (entity search: the SQLite store's FTS5 AND of prefix terms).</summary>
    public static string AllWords(IReadOnlyList<string> words, bool fuzzy, params IReadOnlyList<Field> fields) => Build(words, " AND ", fuzzy, fields);

    /// <summary>Any word may match (passage search: a question shares some words with its answer, rarely all, as on SQLite).</summary>
    public static string AnyWord(IReadOnlyList<string> words, params IReadOnlyList<Field> fields) => Build(words, " OR ", fuzzy: false, fields);

    private static string Build(IReadOnlyList<string> words, string join, bool fuzzy, IReadOnlyList<Field> fields) =>
        string.Join(join, words.Select(word =>
        {
            var term = Escape(word);
            var edits = word.Length <= 4 ? 1 : 2;
            var clauses = fields.Select(f => $"{f.Name}:{term}*{Boost(f)}").ToList();
            if (fuzzy)
            {
                clauses.AddRange(fields.Select(f => $"{f.Name}:{term}~{edits}{Boost(f)}"));
            }

            return "(" + string.Join(" OR ", clauses) + ")";
        }));

    private static string Boost(Field field) => field.Boost == 1 ? "" : $"^{field.Boost}";

    /// <summary>A backslash before every Lucene special character and before the operator words' first letter.</summary>
    public static string Escape(string term)
    {
        var builder = new StringBuilder(term.Length * 2);
        if (term is "AND" or "OR" or "NOT")
        {
            builder.Append('\\');
        }

        foreach (var c in term)
        {
            if (Special.Contains(c, StringComparison.Ordinal) || char.IsWhiteSpace(c))
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.ToString();
    }
}
