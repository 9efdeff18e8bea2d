using System.Globalization;
using System.Text;

namespace TradeGraph.Storage.Tests.Neo4j;

/// <summary>
/// The fake's model of a full-text index (<c>entity_search</c>, <c>passage_search</c>) as Neo4j builds it with the <c>whitespace</c> analyzer
/// (Lucene's WhitespaceAnalyzer): a field's tokens are its text split at Java whitespace (Character.isWhitespace), kept as
/// they are — no lower-casing, no folding, no stop words; a token is at most 255 characters (CharTokenizer's limit, longer
/// runs are cut). The query is read as Lucene's classic query parser reads the shape LuceneQuery writes: AND (entities) or OR
/// (passages) of parenthesised ORs of <c>field:term*^boost</c> (prefix) or <c>field:term~N^boost</c> (fuzzy, Damerau–Levenshtein ≤ N),
/// terms unescaped and then normalised by the analyzer (for whitespace: unchanged). It is deliberately not our word
/// splitter: a search passes here only when the indexed text tokenises, under the analyzer's own rule, into the words asked.
/// </summary>
internal static class FakeFullTextIndex
{
    private const int MaxTokenLength = 255;

    /// <summary>The tokens WhitespaceTokenizer makes of <paramref name="text"/>.</summary>
    public static List<string> Tokens(string? text)
    {
        var tokens = new List<string>();
        var current = new StringBuilder();
        foreach (var c in text ?? "")
        {
            if (IsJavaWhitespace(c) || current.Length == MaxTokenLength)
            {
                Flush();
            }

            if (!IsJavaWhitespace(c))
            {
                current.Append(c);
            }
        }

        Flush();
        return tokens;

        void Flush()
        {
            if (current.Length > 0)
            {
                tokens.Add(current.ToString());
                current.Clear();
            }
        }
    }

    /// <summary>
    /// The score of a document (field → text) for the query, or null when it does not match: here the sum of the boosts of
    /// the matching clauses (Lucene's BM25 is not modelled; only which documents match and a stable order).
    /// </summary>
    public static double? Score(string query, Func<string, string?> field)
    {
        var (groups, all) = Parse(query);
        var total = 0.0;
        var anyMatched = false;
        foreach (var group in groups)
        {
            var matched = group.Where(clause => Tokens(field(clause.Field)).Any(clause.Matches)).ToList();
            if (matched.Count == 0 && all)
            {
                return null;
            }

            anyMatched |= matched.Count > 0;
            total += matched.Sum(c => c.Boost);
        }

        return anyMatched ? total : null;
    }

    private sealed record Clause(string Field, string Term, bool Prefix, int Edits, double Boost)
    {
        public bool Matches(string token) => Prefix ? token.StartsWith(Term, StringComparison.Ordinal)
            : Edits > 0 ? Distance(token, Term) <= Edits : token == Term;
    }

    /// <summary>
    /// The groups of OR clauses and whether all must match (joined by AND) or any (by OR), as LuceneQuery writes them; a
    /// query mixing the two (which the classic parser would read by its own precedence) or any other shape fails the test.
    /// </summary>
    private static (List<List<Clause>> Groups, bool All) Parse(string query)
    {
        var groups = new List<List<Clause>>();
        string? join = null;
        var i = 0;
        while (i < query.Length)
        {
            Expect('(');
            var group = new List<Clause>();
            while (true)
            {
                group.Add(ReadClause());
                if (query[i] == ')')
                {
                    i++;
                    break;
                }

                Expect(' ', 'O', 'R', ' ');
            }

            groups.Add(group);
            if (i < query.Length)
            {
                join ??= query.AsSpan(i).StartsWith(" OR ", StringComparison.Ordinal) ? " OR " : " AND ";
                Expect([.. join]);
            }
        }

        return (groups, join != " OR ");

        Clause ReadClause()
        {
            var colon = query.IndexOf(':', i);
            var field = query[i..colon];
            i = colon + 1;
            var term = new StringBuilder();
            while (query[i] is not ('*' or '~' or '^' or ' ' or ')'))
            {
                if (query[i] == '\\')
                {
                    i++;
                }

                term.Append(query[i++]);
            }

            var prefix = query[i] == '*';
            var edits = 0;
            if (prefix)
            {
                i++;
            }
            else if (query[i] == '~')
            {
                edits = query[++i] - '0';
                i++;
            }

            var boost = 1.0;
            if (query[i] == '^')
            {
                var end = ++i;
                while (char.IsAsciiDigit(query[end]) || query[end] == '.')
                {
                    end++;
                }

                boost = double.Parse(query[i..end], CultureInfo.InvariantCulture);
                i = end;
            }

            return new Clause(field, term.ToString(), prefix, edits, boost);
        }

        void Expect(params char[] expected)
        {
            foreach (var c in expected)
            {
                if (i >= query.Length || query[i] != c)
                {
                    throw new InvalidOperationException($"The fake reads only LuceneQuery's shape; '{c}' expected at {i} of: {query}");
                }

                i++;
            }
        }
    }

    /// <summary>Java's Character.isWhitespace for a UTF-16 unit: space separators but the no-break ones, and the ASCII controls it names.</summary>
    private static bool IsJavaWhitespace(char c) =>
        c is '\t' or '\n' or '\u000B' or '\f' or '\r' or '\u001C' or '\u001D' or '\u001E' or '\u001F'
        || (CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
            && c is not ('\u00A0' or '\u2007' or '\u202F'));

    /// <summary>Optimal string alignment distance (Lucene's fuzzy queries count a transposition as one edit).</summary>
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var x = 0; x <= a.Length; x++)
        {
            d[x, 0] = x;
        }

        for (var y = 0; y <= b.Length; y++)
        {
            d[0, y] = y;
        }

        for (var x = 1; x <= a.Length; x++)
        {
            for (var y = 1; y <= b.Length; y++)
            {
                var cost = a[x - 1] == b[y - 1] ? 0 : 1;
                d[x, y] = Math.Min(Math.Min(d[x - 1, y] + 1, d[x, y - 1] + 1), d[x - 1, y - 1] + cost);
                if (x > 1 && y > 1 && a[x - 1] == b[y - 2] && a[x - 2] == b[y - 1])
                {
                    d[x, y] = Math.Min(d[x, y], d[x - 2, y - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
