using GraphQL.Validation;
using Microsoft.Extensions.Options;

namespace TradeGraph.Api.GraphQL;

/// <summary>
/// Refuses a document over the shape limits (MAX_FRAGMENT_SPREADS_EXCEEDED, MAX_FIELD_SELECTIONS_EXCEEDED,
/// MAX_FRAGMENT_DEPTH_EXCEEDED) in plain linear passes, before any rule follows a spread or compares fields: the core
/// rules that come after skip a refused document (<see cref="SkippedOnceRefused"/>), and validation ends before the
/// arguments are parsed. Unchecked, GraphQL.NET's overlapping-fields rule is quadratic both in a chain of fragments
/// (500 links: about 5 s) and in the fields one selection set gathers (7,000 repeated fields, or 500 fragments of 14:
/// 1.3 to 3.8 s), and its argument parser recursed once per link (2,500: a stack overflow that ended the process).
/// The limits count the whole document, so a document served from the cache, which passed them, skips this rule.
/// </summary>
public sealed class DocumentShapeLimits(IOptions<CostOptions> limits) : ValidationRuleBase
{
    public override ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context)
    {
        if (context.HasErrors)
        {
            return default;
        }

        var max = limits.Value;
        var (fields, spreads) = DocumentShape.CountSelections(context.Document);
        if (spreads > max.MaxFragmentSpreads)
        {
            context.ReportError(new MaxFragmentSpreadsExceededError(context,
                $"The document spreads fragments {spreads:N0} times, over the limit of {max.MaxFragmentSpreads:N0} (GraphQL:Cost:MaxFragmentSpreads)."));
            return default;
        }

        if (fields > max.MaxFieldSelections)
        {
            context.ReportError(new MaxFieldSelectionsExceededError(context,
                $"The document selects fields {fields:N0} times (every operation and fragment counted), over the limit of {max.MaxFieldSelections:N0} "
                + "(GraphQL:Cost:MaxFieldSelections)."));
            return default;
        }

        var depth = DocumentShape.ChainDepth(context.Document);
        if (depth > max.MaxFragmentDepth)
        {
            context.ReportError(new MaxFragmentDepthExceededError(context,
                $"The document nests fragment spreads {depth} deep (a fragment spreading a fragment …), over the limit of {max.MaxFragmentDepth} (GraphQL:Cost:MaxFragmentDepth)."));
        }

        return default;
    }
}
