using GraphQL.Validation;
using GraphQLParser.AST;
using Microsoft.Extensions.Options;

namespace TradeGraph.Api.GraphQL;

/// <summary>
/// Bounds introspection as Hot Chocolate's introspection depth rule does. Below <c>__schema</c> or <c>__type</c>, on any
/// one path, each of <c>__Type</c>'s list fields (<c>fields</c>, <c>inputFields</c>, <c>interfaces</c>, <c>possibleTypes</c>)
/// may appear at most <see cref="CostOptions.MaxIntrospectionListDepth"/> times and <c>ofType</c> at most
/// <see cref="CostOptions.MaxIntrospectionOfTypeDepth"/> times. Every IDE's introspection query passes; nesting
/// <c>possibleTypes { interfaces { possibleTypes … } }</c>, whose answer grows by the schema's size per level, is refused
/// with MAX_INTROSPECTION_DEPTH_EXCEEDED. A fragment is walked once per path state, so the walk stays linear.
/// Introspection does not count in <see cref="CostAnalysis"/>: this rule is its bound.
/// </summary>
public sealed class IntrospectionDepthRule(IOptions<CostOptions> limits) : DirectValidationRule
{
    /// <summary>
    /// After the core rules: the document is valid (fragments exist, no cycles) when this walks it; a document already
    /// refused is not walked. It walks only the chosen operation, so it runs for cached documents too: a document cached
    /// for another of its operations has not passed it for this one.
    /// </summary>
    public override void CheckArguments(ValidationContext context)
    {
        if (!context.HasErrors)
        {
            new Walker(context, limits.Value).Walk(context.Operation.SelectionSet, PathDepths.Outside);
        }
    }

    private sealed class Walker(ValidationContext context, CostOptions limits)
    {
        private readonly HashSet<(string Fragment, PathDepths Depths)> _walked = [];

        /// <returns>False once a field over a limit was reported (the walk stops there).</returns>
        public bool Walk(GraphQLSelectionSet? selections, PathDepths depths)
        {
            foreach (var selection in selections?.Selections ?? [])
            {
                var ok = selection switch
                {
                    GraphQLField field => Field(field, depths),
                    GraphQLInlineFragment inline => Walk(inline.SelectionSet, depths),
                    GraphQLFragmentSpread spread => Spread(spread, depths),
                    _ => true,
                };
                if (!ok)
                {
                    return false;
                }
            }

            return true;
        }

        private bool Field(GraphQLField field, PathDepths depths)
        {
            var name = field.Name.StringValue;
            if (!depths.Inside)
            {
                // Only the query root has __schema and __type; other fields' selections hold no introspection.
                return name is not ("__schema" or "__type") || Walk(field.SelectionSet, depths with { Inside = true });
            }

            var next = depths.Enter(name);
            var (count, limit, setting) = name == "ofType"
                ? (next.OfType, limits.MaxIntrospectionOfTypeDepth, nameof(CostOptions.MaxIntrospectionOfTypeDepth))
                : (next.CountOf(name), limits.MaxIntrospectionListDepth, nameof(CostOptions.MaxIntrospectionListDepth));
            if (count > limit)
            {
                context.ReportError(new MaxIntrospectionDepthExceededError(context, field,
                    $"`{name}` is nested {count} times on one introspection path, over the limit of {limit} (GraphQL:Cost:{setting})."));
                return false;
            }

            return Walk(field.SelectionSet, next);
        }

        private bool Spread(GraphQLFragmentSpread spread, PathDepths depths)
        {
            var name = spread.FragmentName.Name.StringValue;
            if (!_walked.Add((name, depths)))
            {
                return true;
            }

            context.CancellationToken.ThrowIfCancellationRequested();
            var fragment = context.Document.Definitions.OfType<GraphQLFragmentDefinition>().FirstOrDefault(f => f.FragmentName.Name.StringValue == name);
            return Walk(fragment?.SelectionSet, depths);
        }
    }

    /// <summary>How often each bounded introspection field appears on the path so far.</summary>
    private readonly record struct PathDepths(bool Inside, int Fields, int InputFields, int Interfaces, int PossibleTypes, int OfType)
    {
        public static PathDepths Outside => default;

        public PathDepths Enter(string field) => field switch
        {
            "fields" => this with { Fields = Fields + 1 },
            "inputFields" => this with { InputFields = InputFields + 1 },
            "interfaces" => this with { Interfaces = Interfaces + 1 },
            "possibleTypes" => this with { PossibleTypes = PossibleTypes + 1 },
            "ofType" => this with { OfType = OfType + 1 },
            _ => this,
        };

        public int CountOf(string field) => field switch
        {
            "fields" => Fields,
            "inputFields" => InputFields,
            "interfaces" => Interfaces,
            "possibleTypes" => PossibleTypes,
            _ => 0,
        };
    }
}
