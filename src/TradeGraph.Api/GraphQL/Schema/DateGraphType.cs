using System.Globalization;

namespace TradeGraph.Api.GraphQL.Schema;

/// <summary>The <c>Date</c> scalar: an ISO-8601 calendar date (YYYY-MM-DD), mapped to <see cref="DateOnly"/>.</summary>
public sealed class DateGraphType : StringScalarGraphType<DateOnly>
{
    public DateGraphType()
    {
        Name = "Date";
        Description = "An ISO-8601 calendar date, such as 2025-10-25.";
    }

    public override object? Serialize(object? value) => value switch
    {
        // "O" is yyyy-MM-dd for a DateOnly, formatted without the custom-pattern parser.
        DateOnly d => d.ToString("O", CultureInfo.InvariantCulture),
        null => null,
        _ => ThrowSerializationError(value),
    };

    protected override DateOnly Parse(string text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new FormatException($"'{text}' is not an ISO-8601 date (YYYY-MM-DD).");
}
