using GraphQL.Types;
using TradeGraph.Core.Writing;

namespace TradeGraph.Api.GraphQL.Schema.Provenance;

/// <summary><c>CitedFact</c>: an entity or a relationship a source states, and where in it.</summary>
internal sealed class CitedFactGraphType : ObjectGraphType<CitedFact>
{
    public CitedFactGraphType(ModelGraphTypes types)
    {
        Name = "CitedFact";
        Description = "A fact a source states, and where in it.";
        Field<StringGraphType>("locator").Resolve(c => c.Source.Locator);
        Field("node", types.Node).Description("The entity stated; null when the fact is a relationship.").Resolve(c => c.Source.Entity);
        Field("relationship", types.RelationshipInterface)
            .Description("The relationship stated; null when the fact is an entity.")
            .Resolve(c => c.Source.Relationship);
    }
}
