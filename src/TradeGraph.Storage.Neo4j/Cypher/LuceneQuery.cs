using System.Text;

namespace TradeGraph.Storage.Neo4j.Cypher;

/// <summary>
/// Builds the Lucene query string for the <c>entity_search</c> full-text index from user text: the text is folded and
/// split into words as the SQLite store does; every word must match (AND) as a prefix of a word in the name (boost 10),
/// an alias (6) or the description (1), or with fuzzy on, within one edit (words of up to four letters) or two.
/// Each term is escaped, so no user character is ever read as Lucene syntax; the query string is a parameter.
/// </summary>
internal static class LuceneQuery
{
    private const string Special = "+-&|!(){}[]^\"~*?:\\/";

    public static string Build(IReadOnlyList<string> words, bool fuzzy, string nameField, string aliasesField, string descriptionField) =>
        string.Join(" AND ", words.Select(word =>
        {
            var term = Escape(word);
            var edits = word.Length <= 4 ? 1 : 2;
            var clauses = new List<string> { $"{nameField}:{term}*^10", $"{aliasesField}:{term}*^6", $"{descriptionField}:{term}*" };
            if (fuzzy)
            {
                clauses.AddRange([$"{nameField}:{term}~{edits}^10", $"{aliasesField}:{term}~{edits}^6", $"{descriptionField}:{term}~{edits}"]);
            }

            return "(" + string.Join(" OR ", clauses) + ")";
        }));

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
