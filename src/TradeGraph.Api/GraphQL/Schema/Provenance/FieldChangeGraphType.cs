using GraphQL.Types;
using TradeGraph.Core.Writing;

namespace TradeGraph.Api.GraphQL.Schema.Provenance;

/// <summary><c>FieldChange</c>: a field's value before and after a change, as JSON text.</summary>
internal sealed class FieldChangeGraphType : ObjectGraphType<FieldChange>
{
    public FieldChangeGraphType()
    {
        Name = "FieldChange";
        Description = "A field's value before and after, as JSON text (null: absent).";
        Field<NonNullGraphType<StringGraphType>>("field").Resolve(c => c.Source.Field);
        Field<StringGraphType>("previous").Resolve(c => c.Source.Previous);
        Field<StringGraphType>("current").Resolve(c => c.Source.Current);
    }
}
