using System.Runtime.CompilerServices;
using GraphQL.Validation;
using GraphQLParser.AST;

namespace TradeGraph.Api.GraphQL;

/// <summary>
/// The private members of GraphQL.NET (8.8) we reach: a validation context's variable usages by operation (the
/// cached-document validator), and a field's default argument values (what a resolver gets on the compiled path for a
/// field given no arguments, as GraphQL.NET's own context gives it). Reached by UnsafeAccessor, so a renamed member
/// fails the first request that needs it (and CachedDocumentValidationTests, CompiledExecutionTests), never silently.
/// </summary>
internal static class GraphQLNetInternals
{
    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_variables")]
    public static extern ref Dictionary<GraphQLOperationDefinition, List<VariableUsage>?> VariableUsages(ValidationContext context);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "get_DefaultArgumentValues")]
    public static extern IDictionary<string, global::GraphQL.Execution.ArgumentValue>? DefaultArgumentValues(global::GraphQL.Types.FieldType field);
}
