using System.ComponentModel.DataAnnotations;

namespace TradeGraph.Api.GraphQL;

/// <summary>Page sizes for every connection. Asking for more than <see cref="MaxPageSize"/> is an error, never a silent cut.</summary>
public sealed class PagingOptions
{
    public const string SectionName = "GraphQL:Paging";

    [Range(1, 10_000)]
    public int DefaultPageSize { get; set; } = 10;

    [Range(1, 10_000)]
    public int MaxPageSize { get; set; } = 50;
}
