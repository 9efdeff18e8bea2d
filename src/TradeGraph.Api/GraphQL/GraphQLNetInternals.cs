using System.Runtime.CompilerServices;
using GraphQL.Validation;
using GraphQLParser.AST;

namespace TradeGraph.Api.GraphQL;

/// <summary>
/// The private field of GraphQL.NET (8.8) the cached-document validator reaches: a context's variable usages by
/// operation. Reached by UnsafeAccessor, so a renamed
/// field fails the first validation of a cached document with variables (and CachedDocumentValidationTests), never
/// silently.
/// </summary>
internal static class GraphQLNetInternals
{
    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_variables")]
    public static extern ref Dictionary<GraphQLOperationDefinition, List<VariableUsage>?> VariableUsages(ValidationContext context);
}
