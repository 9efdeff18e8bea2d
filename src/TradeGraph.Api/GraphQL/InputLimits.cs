using System.Collections;
using GraphQL.Execution;
using GraphQL.Types;
using GraphQL.Validation;
using GraphQLParser.AST;
using Microsoft.Extensions.Options;
using TradeGraph.Api.GraphQL.Errors;
using TradeGraph.Core.Graph;

namespace TradeGraph.Api.GraphQL;

/// <summary>
/// Bounds every field's filter, order and search arguments before anything runs, whether they came as literals or as
/// variables (it reads the coerced argument values, so it also runs for cached documents): a <c>where</c> over its
/// input-field budget, relationship depth, list lengths or string lengths, an <c>order</c> with too many or repeated
/// keys, a search text with too many or too long words. Arguments are found by the metadata the schema puts on their
/// types (<see cref="RoleKey"/>), so every connection generated from the model is covered without naming fields here.
/// </summary>
public sealed class InputLimits(IOptions<InputLimitOptions> options) : ValidationRuleBase, ICachedDocumentRule
{
    /// <summary>Metadata on an input type or argument: what <see cref="InputRole"/> it plays.</summary>
    public const string RoleKey = "tradegraph.inputRole";

    /// <summary>Metadata on an input field: setting it follows a relationship (one hop deeper into the graph).</summary>
    public const string RelationshipHopKey = "tradegraph.relationshipHop";

    /// <summary>
    /// Metadata on an input field: each value of an <c>in</c> / <c>nin</c> list under it becomes a condition of its own
    /// (a relationship count equals each value), so such a list counts like an <c>or</c> list, and each value as an input field.
    /// </summary>
    public const string ValuesAreConditionsKey = "tradegraph.valuesAreConditions";

    public override ValueTask<INodeVisitor?> GetPostNodeVisitorAsync(ValidationContext context) =>
        context.ArgumentValues is null ? default : new(new MatchingNodeVisitor<GraphQLField>((field, c) => Check(field, c.TypeInfo.GetFieldDef(), c, options.Value)));

    /// <summary>Without the walk: the fields with parsed arguments are the operation's; each one's definition is looked up.</summary>
    void ICachedDocumentRule.CheckArguments(ValidationContext context)
    {
        if (context.ArgumentValues is { Count: > 0 } parsed)
        {
            var definitions = FieldDefinitions.Of(context.Document, context.Schema);
            foreach (var field in parsed.Keys)
            {
                Check(field, definitions.GetValueOrDefault(field), context, options.Value);
            }
        }
    }

    private static void Check(GraphQLField field, FieldType? definition, ValidationContext context, InputLimitOptions limits)
    {
        // Fields of other operations, or of fragments the operation does not use, have no values: nothing to check.
        if (context.ArgumentValues?.TryGetValue(field, out var values) != true || definition is not { Arguments: { } arguments })
        {
            return;
        }

        foreach (var argument in arguments)
        {
            if (!values!.TryGetValue(argument.Name, out var value) || value.Value is null)
            {
                continue;
            }

            var role = argument.GetMetadata(RoleKey, Unwrap(argument.ResolvedType)?.GetMetadata(RoleKey, InputRole.None) ?? InputRole.None);
            if (role == InputRole.None)
            {
                // Paging arguments and the like have no limits here: no node or path is looked up for them.
                continue;
            }

            var node = (ASTNode?)ArgumentNode(field, argument.Name) ?? field;
            var path = $"{field.Name.StringValue}.{argument.Name}";
            var error = role switch
            {
                InputRole.Filter => new FilterWalk(context, node, limits).Check(value.Value, argument.ResolvedType, path),
                InputRole.Order => Order(context, node, limits, value.Value, path),
                InputRole.SearchText => Search(context, node, limits, (string)value.Value, path, Fuzzy(arguments, values!)),
                _ => null,
            };
            if (error is not null)
            {
                context.ReportError(error);
            }
        }
    }

    /// <summary>The argument's node in the document. A loop, not List.Find with a lambda: the lambda captured the loop's
    /// argument, so a closure was made for every argument of every field checked, limited or not.</summary>
    private static GraphQLArgument? ArgumentNode(GraphQLField field, string name)
    {
        if (field.Arguments is { } arguments)
        {
            foreach (var argument in arguments.Items)
            {
                if (argument.Name.StringValue == name)
                {
                    return argument;
                }
            }
        }

        return null;
    }

    private static InputLimitError? Order(ValidationContext context, ASTNode node, InputLimitOptions limits, object value, string path)
    {
        // A key is the field path it sorts by: `name`, or `country.name` for a to-one relationship's field.
        var keys = new List<string>();
        foreach (var item in value as IEnumerable ?? Array.Empty<object>())
        {
            foreach (var (name, direction) in item as IDictionary<string, object?> ?? new Dictionary<string, object?>())
            {
                if (direction is IDictionary<string, object?> related)
                {
                    keys.AddRange(related.Keys.Select(inner => $"{name}.{inner}"));
                }
                else
                {
                    keys.Add(name);
                }
            }
        }

        if (keys.Count > limits.MaxSortKeys)
        {
            return new TooManySortKeysError(context, node, $"`{path}` has {keys.Count} sort keys, over the limit of {limits.MaxSortKeys}.");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        return keys.FirstOrDefault(key => !seen.Add(key)) is { } repeated
            ? new DuplicateSortKeyError(context, node, $"`{path}` sorts by `{repeated}` more than once; give each key once.")
            : null;
    }

    private static InputLimitError? Search(ValidationContext context, ASTNode node, InputLimitOptions limits, string text, string path, bool fuzzy)
    {
        if (text.Length > limits.MaxStringLength)
        {
            return new ArgumentTooLongError(context, node, $"`{path}` is {text.Length:N0} characters long, over the limit of {limits.MaxStringLength:N0}.");
        }

        // The same words the stores search for: folded, split as TextFolding splits, repeats dropped.
        var words = TextFolding.DistinctWords(text);
        if (words.Count > limits.MaxSearchWords)
        {
            return new SearchTextTooLongError(context, node, $"`{path}` has {words.Count} distinct words, over the limit of {limits.MaxSearchWords}.");
        }

        if (words.FirstOrDefault(w => w.Length > limits.MaxSearchWordLength) is { } longWord)
        {
            return new SearchTextTooLongError(context, node,
                $"`{path}` has a word of {longWord.Length} characters, over the limit of {limits.MaxSearchWordLength}.");
        }

        return fuzzy && words.Count > limits.MaxFuzzySearchWords
            ? new SearchTextTooLongError(context, node,
                $"`{path}` has {words.Count} distinct words, over the limit of {limits.MaxFuzzySearchWords} for a fuzzy search.")
            : null;
    }

    /// <summary>Whether the field's fuzzy switch (the argument marked <see cref="InputRole.FuzzySwitch"/>) is on, given or by default.</summary>
    private static bool Fuzzy(QueryArguments arguments, IDictionary<string, ArgumentValue> values) =>
        arguments.FirstOrDefault(a => a.GetMetadata(RoleKey, InputRole.None) == InputRole.FuzzySwitch) is { } fuzzy
        && (values.TryGetValue(fuzzy.Name, out var given) ? given.Value : fuzzy.DefaultValue) is true;

    private static IGraphType? Unwrap(IGraphType? type) => type switch
    {
        NonNullGraphType nonNull => Unwrap(nonNull.ResolvedType),
        ListGraphType list => Unwrap(list.ResolvedType),
        _ => type,
    };

    /// <summary>
    /// One walk over a <c>where</c> value with its input types: counts every input field set, the relationship hops
    /// nested, list lengths (conditions for lists of input objects, values for lists of scalars) and string lengths.
    /// Stops at the first limit crossed.
    /// </summary>
    private sealed class FilterWalk(ValidationContext context, ASTNode node, InputLimitOptions limits)
    {
        private int _nodes;
        private int _textLength;
        private InputLimitError? _error;

        public InputLimitError? Check(object value, IGraphType? type, string path)
        {
            Visit(value, type, path, hops: 0, valuesAreConditions: false);
            return _error;
        }

        private void Visit(object? value, IGraphType? type, string path, int hops, bool valuesAreConditions)
        {
            if (_error is not null || value is null)
            {
                return;
            }

            switch (type is NonNullGraphType nonNull ? nonNull.ResolvedType : type)
            {
                case ListGraphType list when value is IEnumerable items and not string:
                    VisitList([.. items.Cast<object?>()], list.ResolvedType is NonNullGraphType n ? n.ResolvedType : list.ResolvedType, path, hops, valuesAreConditions);
                    break;
                case IInputObjectGraphType input when value is IDictionary<string, object?> fields:
                    VisitFields(fields, input, path, hops, valuesAreConditions);
                    break;
                case var _ when value is string text:
                    _textLength += text.Length;
                    if (text.Length > limits.MaxStringLength)
                    {
                        _error = new ArgumentTooLongError(context, node,
                            $"`{path}` is {text.Length:N0} characters long, over the limit of {limits.MaxStringLength:N0}.");
                    }
                    else if (_textLength > limits.MaxFilterTextLength)
                    {
                        _error = new ArgumentTooLongError(context, node,
                            $"`{Root(path)}` has over {limits.MaxFilterTextLength:N0} characters of string operands in all; the limit is {limits.MaxFilterTextLength:N0}.");
                    }

                    break;
            }
        }

        private void VisitList(List<object?> items, IGraphType? itemType, string path, int hops, bool valuesAreConditions)
        {
            var (limit, what) = itemType is IInputObjectGraphType ? (limits.MaxConditionListLength, "conditions")
                : valuesAreConditions ? (limits.MaxConditionListLength, "values (each one a condition)")
                : (limits.MaxValueListLength, "values");
            if (items.Count > limit)
            {
                _error = new FilterListTooLongError(context, node, $"`{path}` has {items.Count:N0} {what}, over the limit of {limit:N0}.");
                return;
            }

            if (valuesAreConditions && itemType is not IInputObjectGraphType && !Count(items.Count, path))
            {
                return;
            }

            for (var i = 0; i < items.Count && _error is null; i++)
            {
                Visit(items[i], itemType, $"{path}[{i}]", hops, valuesAreConditions);
            }
        }

        /// <summary>Adds input fields to the budget; false (and the error set) when it is spent.</summary>
        private bool Count(int fields, string path)
        {
            _nodes += fields;
            if (_nodes <= limits.MaxFilterNodes)
            {
                return true;
            }

            _error = new FilterTooComplexError(context, node,
                $"`{Root(path)}` sets more than {limits.MaxFilterNodes} input fields (counting every level); split the request or simplify the filter.");
            return false;
        }

        private void VisitFields(IDictionary<string, object?> fields, IInputObjectGraphType input, string path, int hops, bool valuesAreConditions)
        {
            foreach (var (name, value) in fields)
            {
                if (_error is not null)
                {
                    return;
                }

                if (value is null)
                {
                    continue;
                }

                var fieldPath = $"{path}.{name}";
                if (!Count(1, fieldPath))
                {
                    return;
                }

                var field = input.GetField(name);
                var depth = hops + (field?.GetMetadata(RelationshipHopKey, false) == true ? 1 : 0);
                if (depth > limits.MaxFilterDepth)
                {
                    _error = new FilterTooDeepError(context, node,
                        $"`{fieldPath}` follows {depth} relationships deep, over the limit of {limits.MaxFilterDepth}.");
                    return;
                }

                Visit(value, field?.ResolvedType, fieldPath, depth, valuesAreConditions || field?.GetMetadata(ValuesAreConditionsKey, false) == true);
            }
        }

        /// <summary>`officials.where` out of `officials.where.or[3].name`.</summary>
        private static string Root(string path) => string.Join('.', path.Split('.').Take(2));
    }
}

/// <summary>What an argument or input type is to <see cref="InputLimits"/>; set as <see cref="InputLimits.RoleKey"/> metadata.</summary>
public enum InputRole
{
    None,

    /// <summary>A <c>where</c> input type: walked with the filter limits.</summary>
    Filter,

    /// <summary>An <c>order</c> item type: its keys are counted and must differ.</summary>
    Order,

    /// <summary>A search text argument: its distinct words are counted and measured.</summary>
    SearchText,

    /// <summary>The argument that turns fuzzy matching on for the field's search text.</summary>
    FuzzySwitch,
}
