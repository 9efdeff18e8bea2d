using GraphQL.Types;
using TradeGraph.Core.Writing;

namespace TradeGraph.Api.GraphQL.Schema.Mutations;

/// <summary><c>ChangeResult</c>: what one change of an <c>applyChanges</c> batch did.</summary>
internal sealed class ChangeResultGraphType : ObjectGraphType<AppliedWrite>
{
    public ChangeResultGraphType(ModelGraphTypes types, IGraphType outcome)
    {
        Name = "ChangeResult";
        Description = "What one change of a batch did.";
        Field("outcome", new NonNullGraphType(outcome)).Resolve(c => c.Source.Outcome);
        Field("node", types.Node)
            .Description("The entity written (as it was before, for a delete); null for a relationship change.")
            .Resolve(c => c.Source.Entity);
        Field("relationship", types.RelationshipInterface).Description("The relationship written; null for an entity change.").Resolve(c => c.Source.Relationship);
    }
}
