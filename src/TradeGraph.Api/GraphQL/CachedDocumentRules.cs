using System.Collections;
using GraphQL.Validation;

namespace TradeGraph.Api.GraphQL;

/// <summary>
/// The rules a cached document runs again (they depend on the request or on the chosen operation). Given as the
/// executer's <c>CachedDocumentValidationRules</c>, this type is what tells <see cref="CachedDocumentValidator"/> to
/// check them without walking the document.
/// </summary>
internal sealed class CachedDocumentRules(IReadOnlyList<ICachedDocumentRule> rules) : IEnumerable<IValidationRule>
{
    public IReadOnlyList<ICachedDocumentRule> Rules => rules;

    public IEnumerator<IValidationRule> GetEnumerator() => rules.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
