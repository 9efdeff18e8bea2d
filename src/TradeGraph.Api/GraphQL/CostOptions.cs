using System.ComponentModel.DataAnnotations;

namespace TradeGraph.Api.GraphQL;

/// <summary>Limits every operation must stay within before anything runs. On by default.</summary>
public sealed class CostOptions
{
    public const string SectionName = "GraphQL:Cost";

    /// <summary>Deepest field nesting (introspection fields do not count).</summary>
    [Range(1, 1_000)]
    public int MaxDepth { get; set; } = 16;

    /// <summary>
    /// Largest field cost on the IBM cost spec's scale, as Hot Chocolate computes it (its MaxFieldCost): a store-reaching
    /// field weighs 10, an object or list 1, a scalar 0; lists multiply by their size (first/last, or @listSize).
    /// </summary>
    [Range(1, 100_000_000)]
    public int MaxFieldCost { get; set; } = 20_000;

    /// <summary>
    /// Largest estimated number of resolved fields: each field counts once per parent (a scalar too, which the spec's scale
    /// weighs 0), list sizes as for the field cost. The bound on work that does not depend on weights.
    /// </summary>
    [Range(1, 100_000_000)]
    public int MaxResolvedFields { get; set; } = 20_000;

    /// <summary>Most aliased fields in one document (aliases multiply work without multiplying the document).</summary>
    [Range(0, 10_000)]
    public int MaxAliases { get; set; } = 32;

    /// <summary>
    /// Most fragment spreads written in the document. Large Relay and Apollo pages spread a few dozen to a couple of hundred
    /// fragments. GraphQL.NET's overlapping-fields rule compares every pair of distinct fragments spread in one selection
    /// set: 500 spreads of one-field fragments measured 0.45 s, 250 about 0.15 s.
    /// </summary>
    [Range(1, 100_000)]
    public int MaxFragmentSpreads { get; set; } = 250;

    /// <summary>
    /// Most field selections written in the document, every operation and fragment counted (a fragment once, however often
    /// it is spread). GraphQL.NET's overlapping-fields rule compares the fields one selection set gathers pairwise: this
    /// bounds that work: at this default, 2,000 repeated fields, or 142 fragments of 14, cost 0.1 to 0.3 s to validate
    /// (7,000 cost 1.3 to 3.8 s). GraphiQL's and Banana Cake Pop's introspection queries select about 60 fields; large
    /// Relay and Apollo pages a few hundred to a thousand or so.
    /// </summary>
    [Range(1, 1_000_000)]
    public int MaxFieldSelections { get; set; } = 2_000;

    /// <summary>
    /// Longest chain of fragments spreading fragments (a spread inside a fragment inside a fragment …). Relay and Apollo
    /// nest fragments as deep as their component trees, rarely past 20. GraphQL.NET's overlapping-fields rule is quadratic
    /// in this chain (500 links: about 5 s of CPU), and its argument parser recurses once per link (2,500: stack overflow).
    /// </summary>
    [Range(1, 1_000)]
    public int MaxFragmentDepth { get; set; } = 32;

    /// <summary>
    /// Items assumed for a list field the client cannot size (an entity's sources, history, a path's nodes), for the estimate.
    /// Lists with a size argument declare their own size (<see cref="ListSize"/>); connections use their page size.
    /// </summary>
    [Range(1, 10_000)]
    public int AssumedListSize { get; set; } = 10;

    /// <summary>
    /// Citations assumed in a fact's <c>sources</c> (an entity's, a relationship's, a revision's): in the seed 95% of facts
    /// cite one or two, and only writers with a key add citations. Kept small so reading provenance across pages stays possible.
    /// </summary>
    [Range(1, 10_000)]
    public int AssumedSourcesPerFact { get; set; } = 2;

    /// <summary>
    /// How often each of the introspection list fields <c>fields</c>, <c>inputFields</c>, <c>interfaces</c> and
    /// <c>possibleTypes</c> may appear on one path of an introspection query (Hot Chocolate's MaxAllowedListRecursiveDepth, 1):
    /// every IDE's introspection query uses each once; each nesting multiplies the answer by the schema's size.
    /// </summary>
    [Range(1, 16)]
    public int MaxIntrospectionListDepth { get; set; } = 1;

    /// <summary>
    /// Deepest chain of <c>ofType</c> in an introspection query (Hot Chocolate's MaxAllowedOfTypeDepth, 16): GraphiQL's and
    /// Banana Cake Pop's TypeRef fragments nest it 7 to 9 times.
    /// </summary>
    [Range(1, 100)]
    public int MaxIntrospectionOfTypeDepth { get; set; } = 16;
}
