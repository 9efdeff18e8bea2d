using GraphQL.Types;
using TradeGraph.Core.Writing;

namespace TradeGraph.Api.GraphQL.Schema.Provenance;

/// <summary><c>Revision</c>: one change to a fact — when, by whom, what changed and what it cited.</summary>
internal sealed class RevisionGraphType : ObjectGraphType<Revision>
{
    public RevisionGraphType(ModelGraphTypes types, FieldChangeGraphType fieldChange)
    {
        Name = "Revision";
        Description = "One change to a fact.";
        Field<NonNullGraphType<LongGraphType>>("revision")
            .Description("The number of the committed batch; later batches have higher numbers.")
            .Resolve(c => c.Source.Number);
        Field("at", new NonNullGraphType(types.DateTime)).Resolve(c => c.Source.At);
        Field<NonNullGraphType<StringGraphType>>("actor").Description("The name of the API key that wrote it.").Resolve(c => c.Source.Actor);
        Field("change", new NonNullGraphType(types.ChangeKind)).Resolve(c => c.Source.Change);
        Field("changes", TypeShapes.NonNullList(fieldChange)).Resolve(c => c.Source.Changes);
        Field("sources", TypeShapes.NonNullList(types.SourceReference)).Description("The citations the change gave.").Resolve(c => c.Source.Sources);
        Field<NonNullGraphType<BooleanGraphType>>("editorial")
            .Description("The change was the editors' own, stated by no source.")
            .Resolve(c => c.Source.Editorial);
    }
}
