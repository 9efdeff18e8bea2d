using System.Text.Json;
using GraphQL;
using GraphQL.Types;
using GraphQLParser.AST;

namespace TradeGraph.Api.GraphQL.Execution;

/// <summary>
/// A selection set collected once for one type (GraphQL's CollectFields: fields, inline fragments and fragment spreads
/// whose condition applies), in response order, each field with its definition. Null from Collect means
/// the compiled path does not handle the selection and GraphQL.NET's executor runs the operation: a directive anywhere
/// (@skip/@include decide per request), two fields under one response key (they would need merging), introspection.
/// </summary>
internal sealed class CompiledSelection
{
    private CompiledSelection(IComplexGraphType type, CompiledField[] fields)
    {
        Type = type;
        Fields = fields;
    }

    /// <summary>The type the fields were collected for (an object type, or for <see cref="CompiledField.SubFields"/> the field's own type).</summary>
    public IComplexGraphType Type { get; }

    public CompiledField[] Fields { get; }

    /// <summary>The selection of <paramref name="selectionSet"/> on <paramref name="type"/>, or null when the compiled path does not handle it.</summary>
    public static CompiledSelection? Collect(ISchema schema, GraphQLDocument document, IComplexGraphType type, GraphQLSelectionSet selectionSet)
    {
        var fields = new List<CompiledField>();
        return Collect(schema, document, type, selectionSet, fields, depth: 0)
            ? new CompiledSelection(type, [.. fields])
            : null;
    }

    private static bool Collect(ISchema schema, GraphQLDocument document, IComplexGraphType type, GraphQLSelectionSet selectionSet, List<CompiledField> fields, int depth)
    {
        // Validation refuses fragment cycles; the bound only keeps a broken document from recursing without end.
        if (depth > 64)
        {
            return false;
        }

        foreach (var selection in selectionSet.Selections)
        {
            if (selection is IHasDirectivesNode { Directives.Count: > 0 })
            {
                return false;
            }

            switch (selection)
            {
                case GraphQLField field:
                    var responseName = field.Alias?.Name.StringValue ?? field.Name.StringValue;
                    if (fields.Exists(f => f.ResponseName == responseName) || Definition(schema, type, field) is not { } definition)
                    {
                        return false;
                    }

                    fields.Add(new CompiledField(schema, document, responseName, field, definition));
                    break;
                case GraphQLFragmentSpread spread:
                    if (Fragment(document, spread.FragmentName.Name) is not { } fragment || fragment.Directives is { Count: > 0 })
                    {
                        return false;
                    }

                    if (Applies(schema, fragment.TypeCondition.Type.Name, type)
                        && !Collect(schema, document, type, fragment.SelectionSet, fields, depth + 1))
                    {
                        return false;
                    }

                    break;
                case GraphQLInlineFragment inline:
                    if ((inline.TypeCondition is null || Applies(schema, inline.TypeCondition.Type.Name, type))
                        && !Collect(schema, document, type, inline.SelectionSet, fields, depth + 1))
                    {
                        return false;
                    }

                    break;
                default:
                    return false;
            }
        }

        return true;
    }

    private static GraphQLFragmentDefinition? Fragment(GraphQLDocument document, GraphQLParser.ROM name)
    {
        foreach (var definition in document.Definitions)
        {
            if (definition is GraphQLFragmentDefinition fragment && fragment.FragmentName.Name == name)
            {
                return fragment;
            }
        }

        return null;
    }

    /// <summary>The field's definition on the type; __typename is GraphQL.NET's meta field; __schema and __type are left to the executor.</summary>
    private static FieldType? Definition(ISchema schema, IComplexGraphType type, GraphQLField field)
    {
        if (field.Name == schema.TypeNameMetaFieldType.Name)
        {
            return schema.TypeNameMetaFieldType;
        }

        return field.Name == schema.SchemaMetaFieldType.Name || field.Name == schema.TypeMetaFieldType.Name
            ? null
            : type.GetField(field.Name);
    }

    /// <summary>GraphQL's DoesFragmentTypeApply, as GraphQL.NET decides it.</summary>
    private static bool Applies(ISchema schema, GraphQLParser.ROM condition, IGraphType type) =>
        schema.AllTypes[condition] is { } conditionType
        && (conditionType.Equals(type) || (conditionType is IAbstractGraphType abstractType && abstractType.IsPossibleType(type)));
}

/// <summary>One field of a <see cref="CompiledSelection"/>: its response name (written as is), definition and result type.</summary>
internal sealed class CompiledField
{
    private readonly ISchema _schema;
    private readonly GraphQLDocument _document;
    private readonly Lock _gate = new();
    private Dictionary<IGraphType, CompiledSelection?>? _selections;
    private Dictionary<IGraphType, bool>? _possibleTypes;
    private Dictionary<string, (GraphQLField Field, FieldType FieldType)>? _subFields;

    public CompiledField(ISchema schema, GraphQLDocument document, string responseName, GraphQLField ast, FieldType definition)
    {
        _schema = schema;
        _document = document;
        ResponseName = responseName;
        EncodedName = JsonEncodedText.Encode(responseName);
        Ast = ast;
        Definition = definition;
        IsTypeName = definition == schema.TypeNameMetaFieldType;
    }

    public string ResponseName { get; }

    /// <summary>GraphQL names are ASCII letters, digits and underscores: encoded the same by every encoder.</summary>
    public JsonEncodedText EncodedName { get; }

    public GraphQLField Ast { get; }

    public FieldType Definition { get; }

    /// <summary>__typename: answered with the object type's name, as GraphQL.NET's meta field resolves it.</summary>
    public bool IsTypeName { get; }

    /// <summary>
    /// The field's selection collected for the object type a value resolved to; null when the compiled path does not handle
    /// it. Collected on first use per type (an interface field meets a few object types) and kept with the cached document.
    /// </summary>
    public CompiledSelection? SelectionFor(IObjectGraphType type)
    {
        lock (_gate)
        {
            _selections ??= [];
            if (!_selections.TryGetValue(type, out var selection))
            {
                selection = Ast.SelectionSet is { } set ? CompiledSelection.Collect(_schema, _document, type, set) : null;
                _selections[type] = selection;
            }

            return selection;
        }
    }

    /// <summary>
    /// GraphQL.NET's <c>IsPossibleType</c> for a value of this abstract-typed field: the schema does not change once built, so
    /// the answer per object type is kept (the check walks the type's interfaces through LINQ, an enumerator per value).
    /// Keyed by the object type alone: a compiled field has one definition, so its abstract type is always the same.
    /// </summary>
    public bool IsPossibleType(IAbstractGraphType abstractType, IObjectGraphType type)
    {
        lock (_gate)
        {
            _possibleTypes ??= [];
            if (!_possibleTypes.TryGetValue(type, out var possible))
            {
                possible = abstractType.IsPossibleType(type);
                _possibleTypes[type] = possible;
            }

            return possible;
        }
    }

    /// <summary>
    /// What <see cref="IResolveFieldContext.SubFields"/> gives a resolver: the selection collected for the field's own named
    /// type, as GraphQL.NET's GetSubFields does; null without a selection set.
    /// </summary>
    public Dictionary<string, (GraphQLField Field, FieldType FieldType)>? SubFields()
    {
        if (Ast.SelectionSet is not { Selections.Count: > 0 } set || Definition.ResolvedType?.GetNamedType() is not IComplexGraphType named)
        {
            return null;
        }

        lock (_gate)
        {
            if (_subFields is null && CompiledSelection.Collect(_schema, _document, named, set) is { } selection)
            {
                _subFields = selection.Fields.ToDictionary(f => f.ResponseName, f => (f.Ast, f.Definition));
            }

            return _subFields is null ? null : new(_subFields);
        }
    }
}
