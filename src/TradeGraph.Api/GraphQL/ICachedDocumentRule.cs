using GraphQL.Validation;

namespace TradeGraph.Api.GraphQL;

/// <summary>
/// A validation rule that can check a document served from the <see cref="DocumentCache"/> without GraphQL.NET's document
/// walk. GraphQL.NET walks the whole document with its type tracker whenever any rule is given, even when no rule asks
/// for a visitor, and that walk was a third of a cached key lookup's CPU; <see cref="CachedDocumentValidator"/> calls
/// these two checks instead, in the rules' order, around the parsing of variables and arguments.
/// </summary>
internal interface ICachedDocumentRule : IValidationRule
{
    /// <summary>Before variables and arguments are parsed (what the rule's pre-walk visitor would report).</summary>
    void CheckOperation(ValidationContext context)
    {
    }

    /// <summary>After: <see cref="ValidationContext.ArgumentValues"/> holds the operation's parsed arguments.</summary>
    void CheckArguments(ValidationContext context)
    {
    }
}
