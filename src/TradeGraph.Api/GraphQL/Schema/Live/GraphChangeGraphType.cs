using GraphQL.Types;
using TradeGraph.Core.Writing;

namespace TradeGraph.Api.GraphQL.Schema.Live;

/// <summary><c>GraphChange</c>: one committed change, as <c>graphChanged</c> streams it.</summary>
internal sealed class GraphChangeGraphType : ObjectGraphType<GraphChange>
{
    public GraphChangeGraphType(ModelGraphTypes types)
    {
        Name = "GraphChange";
        Description = "One committed change to an entity or a relationship. Changes committed together share a revision.";
        Field<NonNullGraphType<LongGraphType>>("revision")
            .Description("The revision the commit made; later commits have higher revisions.")
            .Resolve(c => c.Source.Revision);
        Field("change", new NonNullGraphType(types.ChangeKind)).Description("Whether the fact was created, updated or deleted.").Resolve(c => c.Source.Change);
        Field<NonNullGraphType<StringGraphType>>("kind")
            .Description("The entity's kind (Official), or the relationship's type (PARTICIPATES_IN).")
            .Resolve(c => c.Source.Kind);
        Field<NonNullGraphType<StringGraphType>>("key").Description("The entity's key, or the key of the relationship's from end.").Resolve(c => c.Source.Key);
        Field("entity", types.Node)
            .Description("The entity as committed (as it was, for a delete); null for a relationship change.")
            .Resolve(c => c.Source.Entity);
        Field("relationship", types.RelationshipInterface)
            .Description("The relationship as committed (as it was, for a delete); null for an entity change.")
            .Resolve(c => c.Source.Relationship);
        Field<NonNullGraphType<StringGraphType>>("actor").Description("Who made the change.").Resolve(c => c.Source.Actor);
        Field("at", new NonNullGraphType(types.DateTime)).Description("When it was committed (UTC).").Resolve(c => c.Source.At.ToUniversalTime());
    }
}
