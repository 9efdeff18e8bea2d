using System.Runtime.CompilerServices;
using GraphQL;
using GraphQL.Types;
using GraphQLParser.AST;

namespace TradeGraph.Api.GraphQL;

/// <summary>
/// Which schema field each field node of a validated document selects, found once per document (held as long as the
/// document is, in the <see cref="DocumentCache"/>): a field's parent type follows from the operation's root type or the
/// fragment's type condition, so the map does not depend on the operation chosen. What GraphQL.NET's type tracker
/// (<c>TypeInfo.GetFieldDef</c>) answers during its walk, for checks that run without that walk.
/// </summary>
internal static class FieldDefinitions
{
    private static readonly ConditionalWeakTable<GraphQLDocument, IReadOnlyDictionary<GraphQLField, FieldType>> Known = [];

    public static IReadOnlyDictionary<GraphQLField, FieldType> Of(GraphQLDocument document, ISchema schema) =>
        Known.GetValue(document, d => Map(d, schema));

    private static Dictionary<GraphQLField, FieldType> Map(GraphQLDocument document, ISchema schema)
    {
        var map = new Dictionary<GraphQLField, FieldType>();
        foreach (var definition in document.Definitions)
        {
            switch (definition)
            {
                case GraphQLOperationDefinition operation:
                    Walk(operation.SelectionSet, RootType(operation.Operation, schema), schema, map);
                    break;
                case GraphQLFragmentDefinition fragment:
                    Walk(fragment.SelectionSet, schema.AllTypes[fragment.TypeCondition.Type.Name.StringValue], schema, map);
                    break;
            }
        }

        return map;
    }

    private static void Walk(GraphQLSelectionSet? selections, IGraphType? parent, ISchema schema, Dictionary<GraphQLField, FieldType> map)
    {
        foreach (var selection in selections?.Selections ?? [])
        {
            switch (selection)
            {
                case GraphQLField field when parent is IComplexGraphType complex && complex.GetField(field.Name.StringValue) is { } definition:
                    map[field] = definition;
                    Walk(field.SelectionSet, definition.ResolvedType?.GetNamedType(), schema, map);
                    break;
                case GraphQLInlineFragment inline:
                    var type = inline.TypeCondition is { } condition ? schema.AllTypes[condition.Type.Name.StringValue] : parent;
                    Walk(inline.SelectionSet, type, schema, map);
                    break;
            }
        }
    }

    private static IObjectGraphType? RootType(OperationType operation, ISchema schema) => operation switch
    {
        OperationType.Mutation => schema.Mutation,
        OperationType.Subscription => schema.Subscription,
        _ => schema.Query,
    };
}
