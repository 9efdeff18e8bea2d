using System.Text.Json;
using TradeGraph.Core.Querying.Filtering;

namespace TradeGraph.Storage.Sqlite;

/// <summary>
/// SQLite's spelling of a comparison (the subject is a SQL expression; every value a parameter): <c>IS NOT</c> is its
/// null-safe inequality, <c>tg_fold</c> folds the stored text, lists travel as one JSON parameter read by <c>json_each</c>.
/// The operators' rules are Core's (<see cref="Comparisons"/>).
/// </summary>
internal sealed class SqlComparisonDialect(SqlParameters parameters) : IComparisonDialect<string, string>
{
    public string Folded(string subject) => $"tg_fold({subject})";

    public string IsNull(string subject) => $"{subject} IS NULL";

    public string IsNotNull(string subject) => $"{subject} IS NOT NULL";

    public string Equal(string subject, object value) => $"{subject} = {parameters.Add(value)}";

    public string NotEqual(string subject, object value) => $"{subject} IS NOT {parameters.Add(value)}";

    public string In(string subject, IReadOnlyList<object?> values) =>
        $"{subject} IN (SELECT value FROM json_each({parameters.Add(JsonSerializer.Serialize(values.Select(SqlParameters.ToStored).Select(v => v is DBNull ? null : v)))}))";

    public string GreaterThan(string subject, object? value) => $"{subject} > {parameters.Add(value)}";

    public string GreaterThanOrEqual(string subject, object? value) => $"{subject} >= {parameters.Add(value)}";

    public string LessThan(string subject, object? value) => $"{subject} < {parameters.Add(value)}";

    public string LessThanOrEqual(string subject, object? value) => $"{subject} <= {parameters.Add(value)}";

    public string Contains(string subject, object? value) => $"instr({subject}, {parameters.Add(value)}) > 0";

    public string StartsWith(string subject, object? value) =>
        $"substr({subject}, 1, length({parameters.Add(value)})) = {parameters.Add(value)}";

    public string EndsWith(string subject, object? value)
    {
        var suffix = parameters.Add(value);
        return $"(length({suffix}) = 0 OR substr({subject}, -length({suffix})) = {suffix})";
    }

    /// <summary>No parentheses needed: SQLite's NOT binds looser than every comparison, IN and IS, and the OR inside EndsWith is bracketed.</summary>
    public string MissingOrNot(string subject, string condition) => $"({subject} IS NULL OR NOT {condition})";
}
