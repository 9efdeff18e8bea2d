using System.ComponentModel.DataAnnotations;

namespace TradeGraph.Api.GraphQL;

/// <summary>
/// Bounds on what one request's arguments may ask of the store, checked by <see cref="InputLimits"/> before anything
/// runs (literals and variables alike). The defaults sit far above what a frontend or IDE sends and far below the
/// sizes that made a store work for seconds (security review H4–H6, M6).
/// </summary>
public sealed class InputLimitOptions
{
    public const string SectionName = "GraphQL:Limits";

    /// <summary>Most input fields set in one <c>where</c> argument, counted at every level (an operation such as <c>eq</c> counts too).</summary>
    [Range(1, 100_000)]
    public int MaxFilterNodes { get; set; } = 200;

    /// <summary>Most relationship hops (<c>some</c> / <c>none</c> / <c>all</c> or a to-one field) nested in one <c>where</c>.</summary>
    [Range(0, 100)]
    public int MaxFilterDepth { get; set; } = 4;

    /// <summary>Most conditions in one <c>and</c> / <c>or</c> list.</summary>
    [Range(1, 10_000)]
    public int MaxConditionListLength { get; set; } = 50;

    /// <summary>Most values in one <c>in</c> / <c>nin</c> list.</summary>
    [Range(1, 100_000)]
    public int MaxValueListLength { get; set; } = 500;

    /// <summary>Longest string operand in a filter, and longest search text, in characters.</summary>
    [Range(1, 1_000_000)]
    public int MaxStringLength { get; set; } = 1_000;

    /// <summary>
    /// Most characters of string operands in one <c>where</c>, all together: on Neo4j an <c>ignoreCase</c> operand (an
    /// <c>in</c> list: all of its values) becomes an accent-folding regex run against every row, many times its own size.
    /// </summary>
    [Range(1, 10_000_000)]
    public int MaxFilterTextLength { get; set; } = 16_000;

    /// <summary>Most sort keys in one <c>order</c> argument (ties are broken by key anyway).</summary>
    [Range(1, 100)]
    public int MaxSortKeys { get; set; } = 5;

    /// <summary>Most distinct words in a search text.</summary>
    [Range(1, 1_000)]
    public int MaxSearchWords { get; set; } = 16;

    /// <summary>Longest word in a search text, in characters.</summary>
    [Range(1, 10_000)]
    public int MaxSearchWordLength { get; set; } = 64;

    /// <summary>Most distinct words in a fuzzy search (each word may be looked up against the whole term list).</summary>
    [Range(1, 1_000)]
    public int MaxFuzzySearchWords { get; set; } = 5;
}
