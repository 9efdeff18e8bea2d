using GraphQL.Types;

namespace TradeGraph.Api.GraphQL.Schema.Mutations;

/// <summary><c>SourceReferenceInput</c>: a citation given with a write (read by the mutation resolvers as a dictionary).</summary>
internal sealed class SourceReferenceInputGraphType : InputObjectGraphType
{
    public SourceReferenceInputGraphType()
    {
        Name = "SourceReferenceInput";
        Description = "A citation: the key of a Source and where in it.";
        Field<NonNullGraphType<StringGraphType>>("source").Description("Key of the Source.");
        Field<StringGraphType>("locator").Description("Where in the source, such as ¶3.");
        Field<BooleanGraphType>("inferred")
            .Description("True when the fact is inferred from the cited place rather than stated there; a note then says how.");
        Field<StringGraphType>("note").Description("How an inferred fact follows from the cited place (inferred citations only).");
    }
}
