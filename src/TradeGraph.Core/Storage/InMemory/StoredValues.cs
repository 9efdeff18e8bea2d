using System.Globalization;

namespace TradeGraph.Core.Storage.InMemory;

/// <summary>
/// Values as the store of record compares them (SQLite's rules, which the read model must answer with): NULL sorts
/// before numbers, numbers before text; integers and reals compare by value; text compares by UTF-8 bytes (BINARY), not
/// by culture. Booleans are 0/1. Dates stay <see cref="DateOnly"/> here (their YYYY-MM-DD text orders as the date does)
/// and become that text only where SQLite would hand it out (a cursor's sort values).
/// </summary>
internal static class StoredValues
{
    private static readonly object One = 1L;
    private static readonly object Zero = 0L;

    /// <summary>A property or filter value in the stored form: booleans as 0/1, integers as long.</summary>
    public static object? Of(object? value) => value switch
    {
        bool flag => flag ? One : Zero,
        int number => (long)number,
        _ => value,
    };

    /// <summary>A sort value as SQLite returns it for a cursor: dates as their text.</summary>
    public static object? ForCursor(object? value) => value is DateOnly date ? Format(date) : Of(value);

    /// <summary>A value read back from a cursor (JSON): booleans as 0/1; a date's text as the date (same order).</summary>
    public static object? FromCursor(object? value) => value switch
    {
        string text when TryCanonicalDate(text, out var date) => date,
        _ => Of(value),
    };

    public static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The text SQLite makes of a value where it needs text (instr, substr, the fold function).</summary>
    public static string? Text(object? value) => value switch
    {
        null => null,
        string text => text,
        DateOnly date => Format(date),
        long number => number.ToString(CultureInfo.InvariantCulture),
        double number => number.ToString("R", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    /// <summary>SQLite's <c>IS</c>: both null, or equal.</summary>
    public static bool Same(object? a, object? b) => a is null ? b is null : b is not null && Compare(a, b) == 0;

    /// <summary>SQLite's order of two stored values (NULL &lt; numbers &lt; text).</summary>
    public static int Compare(object? a, object? b)
    {
        var byClass = Class(a).CompareTo(Class(b));
        if (byClass != 0 || a is null)
        {
            return byClass;
        }

        return (a, b) switch
        {
            (long x, long y) => x.CompareTo(y),
            (double x, double y) => x.CompareTo(y),
            (long x, double y) => ((double)x).CompareTo(y),
            (double x, long y) => x.CompareTo((double)y),
            (string x, string y) => CompareText(x, y),
            (DateOnly x, DateOnly y) => x.CompareTo(y),
            (DateOnly x, string y) => TryCanonicalDate(y, out var date) ? x.CompareTo(date) : CompareText(Format(x), y),
            (string x, DateOnly y) => TryCanonicalDate(x, out var date) ? date.CompareTo(y) : CompareText(x, Format(y)),
            _ => CompareText(Text(a)!, Text(b)!),
        };
    }

    /// <summary>
    /// Ordinal order of the UTF-8 encodings (SQLite's BINARY collation): UTF-16 code units in code point order, so a
    /// character beyond U+FFFF (a surrogate pair) sorts after U+E000–U+FFFF, as its UTF-8 bytes do.
    /// </summary>
    public static int CompareText(string a, string b)
    {
        var common = a.AsSpan().CommonPrefixLength(b);
        if (common == a.Length || common == b.Length)
        {
            return a.Length.CompareTo(b.Length);
        }

        return CodePointRank(a[common]).CompareTo(CodePointRank(b[common]));
    }

    /// <summary>Compares keys the way the store's key index does.</summary>
    public static IComparer<string> KeyOrder { get; } = Comparer<string>.Create(CompareText);

    private static int CodePointRank(char c) => c switch
    {
        >= '\uE000' => c - 0x800,
        >= '\uD800' => c + 0x2000,
        _ => c,
    };

    private static int Class(object? value) => value switch
    {
        null => 0,
        long or double => 1,
        _ => 2,
    };

    /// <summary>Exactly YYYY-MM-DD: text whose order is the date's, so it may be compared as one.</summary>
    private static bool TryCanonicalDate(string text, out DateOnly date)
    {
        date = default;
        return text.Length == 10 && text[4] == '-' && text[7] == '-'
            && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
    }
}
