using GraphQL.Types;
using TradeGraph.Core.Writing;

namespace TradeGraph.Api.GraphQL.Schema.Mutations;

/// <summary><c>WriteOutcome</c>: what a write did.</summary>
internal sealed class WriteOutcomeGraphType : EnumerationGraphType
{
    public WriteOutcomeGraphType()
    {
        Name = "WriteOutcome";
        Description = "What a write did.";
        Add("CREATED", WriteOutcome.Created, "The fact is new.");
        Add("UPDATED", WriteOutcome.Updated, "The fact changed, or gained a citation.");
        Add("UNCHANGED", WriteOutcome.Unchanged, "The graph already held exactly this.");
        Add("DELETED", WriteOutcome.Deleted, "The fact is gone.");
    }
}
