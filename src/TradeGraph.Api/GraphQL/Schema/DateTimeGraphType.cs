using System.Globalization;
using System.Text.RegularExpressions;
using GraphQL;
using GraphQL.Types;

namespace TradeGraph.Api.GraphQL.Schema;

/// <summary>
/// The one <c>DateTime</c> scalar, as Hot Chocolate's: an instant in ISO 8601 / RFC 3339 with its offset
/// (<c>2025-10-26T08:30:00.000Z</c>; UTC as <c>Z</c>, milliseconds always written), marked
/// <c>@specifiedBy(url: "https://www.graphql-scalars.com/date-time")</c>. Input must carry an offset: a time without one
/// names no instant.
/// </summary>
internal sealed partial class DateTimeGraphType : StringScalarGraphType<DateTimeOffset>
{
    public const string SpecifiedBy = "https://www.graphql-scalars.com/date-time";

    public DateTimeGraphType()
    {
        Name = "DateTime";
        Description = "A date and time with its offset from UTC, in ISO 8601 (RFC 3339), such as 2025-10-26T08:30:00.000Z.";
        this.ApplyDirective(SpecifiedByDirective.DirectiveName, "url", SpecifiedBy);
    }

    public override object? Serialize(object? value) => value switch
    {
        DateTimeOffset d => Format(d),
        DateTime d => Format(d.Kind == DateTimeKind.Unspecified ? new DateTimeOffset(d, TimeSpan.Zero) : new DateTimeOffset(d)),
        null => null,
        _ => ThrowSerializationError(value),
    };

    /// <summary>Hot Chocolate's two formats: <c>Z</c> for UTC, the offset otherwise; milliseconds always.</summary>
    public static string Format(DateTimeOffset value) => value.Offset == TimeSpan.Zero
        ? value.ToString(@"yyyy-MM-dd\THH\:mm\:ss.fff\Z", CultureInfo.InvariantCulture)
        : value.ToString(@"yyyy-MM-dd\THH\:mm\:ss.fffzzz", CultureInfo.InvariantCulture);

    protected override DateTimeOffset Parse(string text) =>
        Rfc3339().IsMatch(text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value)
            ? value
            : throw new FormatException($"'{text}' is not an ISO 8601 date and time with an offset (such as 2025-10-26T08:30:00Z).");

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,7})?([Zz]|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc3339();
}

/// <summary><c>@specifiedBy(url:)</c> (GraphQL October 2021): where a custom scalar's format is specified.</summary>
internal sealed class SpecifiedByDirective : Directive
{
    public const string DirectiveName = "specifiedBy";

    public SpecifiedByDirective()
        : base(DirectiveName, global::GraphQLParser.AST.DirectiveLocation.Scalar)
    {
        Description = "Exposes a URL that specifies the behaviour of this scalar.";
        Arguments = new QueryArguments(new QueryArgument<NonNullGraphType<StringGraphType>> { Name = "url", Description = "The URL that specifies the behaviour of this scalar." });
    }
}
