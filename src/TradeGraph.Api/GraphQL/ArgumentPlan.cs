using GraphQL;
using GraphQL.Execution;
using GraphQL.Types;
using GraphQL.Validation;
using GraphQLParser.AST;

namespace TradeGraph.Api.GraphQL;

/// <summary>
/// What GraphQL.NET's argument parsing (its <c>ParseArgumentVisitor</c>, an async typed walk of the whole operation on
/// every request) finds, found once per cached operation: the fields that take arguments, each with its definition, and
/// the nodes that carry directives, in the walk's order; plus the operation's variable usages. Per request only the
/// arguments whose literal names a variable are coerced again (by GraphQL.NET's own <see cref="ExecutionHelper"/>, so
/// values, defaults, parsers and errors are its own); an argument without a variable is coerced once and its value reused.
/// </summary>
internal sealed class ArgumentPlan
{
    private readonly List<Step> _steps;

    private ArgumentPlan(ISchema schema, List<VariableUsage>? usages, List<Step> steps)
    {
        Schema = schema;
        Usages = usages;
        _steps = steps;
    }

    /// <summary>The schema the plan was found against (a plan serves only that schema).</summary>
    public ISchema Schema { get; }

    /// <summary>Which variable feeds which input type (GraphQL.NET needs them to refuse a null in a non-null position).</summary>
    public List<VariableUsage>? Usages { get; }

    /// <summary>Walks the operation as GraphQL.NET's argument parsing does: the operation, its fields, fragments once each.</summary>
    public static ArgumentPlan Find(ISchema schema, GraphQLDocument document, GraphQLOperationDefinition operation)
    {
        var context = new ValidationContext { Schema = schema, Document = document, Operation = operation, TypeInfo = new TypeInfo(schema) };
        var usages = operation.Variables is { Count: > 0 } ? context.GetRecursiveVariables(operation) : null;
        var walk = new Walk(schema, document);
        walk.Operation(operation);
        return new ArgumentPlan(schema, usages, walk.Steps);
    }

    /// <summary>
    /// The field arguments and directives of the operation for these variables, as GraphQL.NET's parsing hands them over;
    /// a refused value is reported on <paramref name="context"/> (as that parsing does) and parsing goes on.
    /// </summary>
    public (Dictionary<GraphQLField, IDictionary<string, ArgumentValue>>? Arguments, Dictionary<ASTNode, IDictionary<string, DirectiveInfo>>? Directives)
        Parse(ValidationContext context, Variables variables)
    {
        Dictionary<GraphQLField, IDictionary<string, ArgumentValue>>? arguments = null;
        Dictionary<ASTNode, IDictionary<string, DirectiveInfo>>? directives = null;
        foreach (var step in _steps)
        {
            try
            {
                switch (step)
                {
                    case FieldStep field when field.Arguments(context.Document, variables) is { } values:
                        (arguments ??= []).Add(field.Field, values);
                        break;
                    case DirectiveStep directive when ExecutionHelper.GetDirectives(directive.Node, variables, Schema, context.Document) is { } values:
                        (directives ??= []).Add((ASTNode)directive.Node, values);
                        break;
                }
            }
            catch (ValidationError error)
            {
                context.ReportError(error);
            }
        }

        return (arguments, directives);
    }

    private abstract record Step;

    private sealed record DirectiveStep(IHasDirectivesNode Node) : Step;

    /// <summary>
    /// A field with arguments: those whose literal names no variable are coerced once (when that succeeds). A constant's
    /// value (a list or input object included) is then shared by every request of the document, so resolvers must treat
    /// argument values as read-only (they do: QueryArgumentParser and FieldArguments only read them).
    /// </summary>
    private sealed record FieldStep : Step
    {
        private readonly QueryArgument[] _definitions;
        private readonly ArgumentValue?[] _constants;
        private readonly QueryArguments _varying;

        public FieldStep(GraphQLField field, QueryArguments definitions, GraphQLDocument document)
        {
            Field = field;
            _definitions = [.. definitions];
            _constants = new ArgumentValue?[_definitions.Length];
            var varying = new List<QueryArgument>();
            for (var i = 0; i < _definitions.Length; i++)
            {
                var definition = _definitions[i];
                var literal = field.Arguments?.Items.LastOrDefault(a => a.Name.Value.Equals(definition.Name))?.Value;
                if (literal is not null && NamesVariable(literal))
                {
                    varying.Add(definition);
                    continue;
                }

                try
                {
                    var alone = new QueryArguments(definition);
                    _constants[i] = ExecutionHelper.GetArguments(alone, field.Arguments, Variables.None, document, field, null)![definition.Name];
                }
                catch (ExecutionError)
                {
                    // Refused: coerced (and refused) again on each request, as GraphQL.NET would.
                    varying.Add(definition);
                }
            }

            _varying = new QueryArguments(varying);
        }

        public GraphQLField Field { get; }

        public Dictionary<string, ArgumentValue>? Arguments(GraphQLDocument document, Variables variables)
        {
            var varying = _varying.Count == 0 ? null : ExecutionHelper.GetArguments(_varying, Field.Arguments, variables, document, Field, null);
            var values = new Dictionary<string, ArgumentValue>(_definitions.Length);
            for (var i = 0; i < _definitions.Length; i++)
            {
                var name = _definitions[i].Name;
                values[name] = _constants[i] ?? varying![name];
            }

            return values;
        }

        private static bool NamesVariable(GraphQLValue value) => value switch
        {
            GraphQLVariable => true,
            GraphQLListValue list => list.Values?.Any(NamesVariable) ?? false,
            GraphQLObjectValue input => input.Fields?.Any(f => NamesVariable(f.Value)) ?? false,
            _ => false,
        };
    }

    /// <summary>GraphQL.NET's ParseArgumentVisitor's walk (types pushed the same way), recording steps instead of parsing.</summary>
    private sealed class Walk(ISchema schema, GraphQLDocument document)
    {
        private readonly HashSet<string> _fragments = new(StringComparer.Ordinal);

        public List<Step> Steps { get; } = [];

        public void Operation(GraphQLOperationDefinition operation)
        {
            Directives(operation);
            IComplexGraphType? root = operation.Operation switch
            {
                OperationType.Query => schema.Query,
                OperationType.Mutation => schema.Mutation,
                OperationType.Subscription => schema.Subscription,
                _ => null,
            };
            if (root is null)
            {
                return;
            }

            foreach (var variable in operation.Variables?.Items ?? [])
            {
                Directives(variable);
            }

            Selections(operation.SelectionSet, root);
        }

        private void Directives(IHasDirectivesNode node)
        {
            if (node.Directives?.Count > 0)
            {
                Steps.Add(new DirectiveStep(node));
            }
        }

        private void Selections(GraphQLSelectionSet? selections, IComplexGraphType? type)
        {
            foreach (var selection in selections?.Selections ?? [])
            {
                switch (selection)
                {
                    case GraphQLField field:
                        Field(field, type);
                        break;
                    case GraphQLInlineFragment inline:
                        Directives(inline);
                        if (inline.TypeCondition is null)
                        {
                            Selections(inline.SelectionSet, type);
                        }
                        else
                        {
                            Conditioned(inline.TypeCondition, inline.SelectionSet, type);
                        }

                        break;
                    case GraphQLFragmentSpread spread:
                        Directives(spread);
                        var name = spread.FragmentName.Name.StringValue;
                        if (_fragments.Add(name)
                            && document.Definitions.OfType<GraphQLFragmentDefinition>().FirstOrDefault(f => f.FragmentName.Name.StringValue == name) is { } definition)
                        {
                            Directives(definition);
                            Conditioned(definition.TypeCondition, definition.SelectionSet, type);
                        }

                        break;
                }
            }
        }

        // A concrete type condition is pushed; an abstract one (a union) keeps the enclosing type; an unknown one is skipped.
        private void Conditioned(GraphQLTypeCondition condition, GraphQLSelectionSet selections, IComplexGraphType? type)
        {
            switch (schema.AllTypes[condition.Type.Name.Value]?.GetNamedType())
            {
                case IComplexGraphType complex:
                    Selections(selections, complex);
                    break;
                case IAbstractGraphType:
                    Selections(selections, type);
                    break;
            }
        }

        private void Field(GraphQLField field, IComplexGraphType? type)
        {
            Directives(field);
            var name = field.Name.Value;
            var definition =
                name == schema.TypeMetaFieldType.Name ? schema.TypeMetaFieldType :
                name == schema.TypeNameMetaFieldType.Name ? schema.TypeNameMetaFieldType :
                name == schema.SchemaMetaFieldType.Name ? schema.SchemaMetaFieldType :
                type?.Fields.Find(name);
            if (definition is null)
            {
                return;
            }

            if (field.Arguments?.Count > 0 && definition.Arguments is { Count: > 0 } arguments)
            {
                Steps.Add(new FieldStep(field, arguments, document));
            }

            switch (definition.ResolvedType?.GetNamedType())
            {
                case IComplexGraphType complex:
                    Selections(field.SelectionSet, complex);
                    break;
                case UnionGraphType:
                    Selections(field.SelectionSet, type);
                    break;
            }
        }
    }
}
