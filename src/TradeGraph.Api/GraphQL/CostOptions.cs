using System.ComponentModel.DataAnnotations;

namespace TradeGraph.Api.GraphQL;

/// <summary>Limits every operation must stay within before anything runs. On by default.</summary>
public sealed class CostOptions
{
    public const string SectionName = "GraphQL:Cost";

    /// <summary>Deepest field nesting (introspection fields do not count).</summary>
    [Range(1, 1_000)]
    public int MaxDepth { get; set; } = 16;

    /// <summary>Largest estimated number of resolved fields: each field counts once per parent, list sizes from first/last.</summary>
    [Range(1, 100_000_000)]
    public int MaxFieldCost { get; set; } = 20_000;

    /// <summary>Most aliased fields in one document (aliases multiply work without multiplying the document).</summary>
    [Range(0, 10_000)]
    public int MaxAliases { get; set; } = 32;
}
