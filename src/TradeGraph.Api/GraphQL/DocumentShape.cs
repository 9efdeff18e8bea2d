using GraphQLParser.AST;

namespace TradeGraph.Api.GraphQL;

/// <summary>
/// How big a document is and how it uses fragments, measured in plain passes over all its definitions (every operation
/// and fragment, used or not) before any validation rule follows a spread (<see cref="DocumentShapeLimits"/> checks
/// them against <see cref="CostOptions"/>).
/// </summary>
internal static class DocumentShape
{
    /// <summary>Every field selection and every fragment spread written in the document, counted in one pass.</summary>
    public static (int Fields, int Spreads) CountSelections(GraphQLDocument document)
    {
        var (fields, spreads) = (0, 0);
        foreach (var definition in document.Definitions)
        {
            Count((definition as IHasSelectionSetNode)?.SelectionSet);
        }

        return (fields, spreads);

        void Count(GraphQLSelectionSet? selections)
        {
            foreach (var selection in selections?.Selections ?? [])
            {
                switch (selection)
                {
                    case GraphQLFragmentSpread:
                        spreads++;
                        break;
                    case GraphQLField field:
                        fields++;
                        Count(field.SelectionSet);
                        break;
                    case IHasSelectionSetNode inner:
                        Count(inner.SelectionSet);
                        break;
                }
            }
        }
    }

    /// <summary>
    /// The longest chain of spreads in the document: 1 for a spread of a fragment that spreads none, 2 when that fragment
    /// spreads one, and so on. Each fragment is measured once; the recursion is as deep as the chain, so call this only
    /// once the spreads are counted and bounded.
    /// </summary>
    public static int ChainDepth(GraphQLDocument document)
    {
        var fragments = new Dictionary<string, GraphQLFragmentDefinition>();
        foreach (var fragment in document.Definitions.OfType<GraphQLFragmentDefinition>())
        {
            fragments.TryAdd(fragment.FragmentName.Name.StringValue, fragment);
        }

        var depths = new Dictionary<string, int>();
        return document.Definitions.Select(d => Depth((d as IHasSelectionSetNode)?.SelectionSet)).DefaultIfEmpty().Max();

        int Depth(GraphQLSelectionSet? selections)
        {
            var deepest = 0;
            foreach (var selection in selections?.Selections ?? [])
            {
                deepest = Math.Max(deepest, selection switch
                {
                    GraphQLFragmentSpread spread => 1 + FragmentDepth(spread.FragmentName.Name.StringValue),
                    IHasSelectionSetNode inner => Depth(inner.SelectionSet),
                    _ => 0,
                });
            }

            return deepest;
        }

        int FragmentDepth(string name)
        {
            if (depths.TryGetValue(name, out var known))
            {
                return known;
            }

            depths[name] = 0; // in progress: a cycle (refused by the core rules) is counted once
            return depths[name] = fragments.TryGetValue(name, out var fragment) ? Depth(fragment.SelectionSet) : 0;
        }
    }
}
