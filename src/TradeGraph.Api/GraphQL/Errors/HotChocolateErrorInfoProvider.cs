using GraphQL;
using GraphQL.Execution;
using TradeGraph.Core.Querying;

namespace TradeGraph.Api.GraphQL.Errors;

/// <summary>
/// GraphQL.NET's error shape (<c>extensions.code</c>, <c>extensions.codes</c>) with Hot Chocolate's code appended to
/// <c>codes</c> and its extension fields added, for the errors that have one (<see cref="IHasHotChocolateCode"/>, and a
/// cursor a store refused: <see cref="InvalidCursorException"/>).
/// </summary>
public sealed class HotChocolateErrorInfoProvider(ErrorInfoProviderOptions options) : ErrorInfoProvider(options)
{
    public override ErrorInfo GetInfo(ExecutionError executionError)
    {
        var info = base.GetInfo(executionError);
        if (HotChocolateOf(executionError) is not { } hotChocolate || info.Extensions is null)
        {
            return info;
        }

        // Our fields win a clash: a Hot Chocolate field never replaces code, codes or details.
        foreach (var (name, value) in hotChocolate.Extensions)
        {
            info.Extensions.TryAdd(name, value);
        }

        return info;
    }

    protected override IEnumerable<string> GetCodesForError(ExecutionError executionError)
    {
        var codes = base.GetCodesForError(executionError);
        return HotChocolateOf(executionError) is { } hotChocolate ? codes.Append(hotChocolate.Code) : codes;
    }

    private static HotChocolateCode? HotChocolateOf(ExecutionError error) => error switch
    {
        IHasHotChocolateCode { HotChocolate: { } code } => code,
        { InnerException: InvalidCursorException } => HotChocolateCode.InvalidCursor,
        _ => null,
    };
}
