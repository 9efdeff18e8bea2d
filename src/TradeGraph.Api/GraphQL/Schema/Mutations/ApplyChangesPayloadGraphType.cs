using GraphQL.Types;
using TradeGraph.Api.GraphQL.Schema.MutationErrors;
using TradeGraph.Core.Writing;

namespace TradeGraph.Api.GraphQL.Schema.Mutations;

/// <summary>What <c>applyChanges</c> resolves to: the committed batch, or the refusals (nothing written then).</summary>
internal sealed record ApplyChangesPayload(WriteResult? Result, IReadOnlyList<MutationErrorResult>? Errors);

/// <summary><c>ApplyChangesPayload</c>: one result per change and the revision, or the errors union of <c>applyChanges</c>.</summary>
internal sealed class ApplyChangesPayloadGraphType : ObjectGraphType<ApplyChangesPayload>
{
    public ApplyChangesPayloadGraphType(ChangeResultGraphType result, FieldType errors)
    {
        Name = "ApplyChangesPayload";
        Description = "The result of applyChanges.";
        Field("results", new ListGraphType(new NonNullGraphType(result)))
            .Description("One result per change, in order; null when the batch was refused.")
            .Resolve(c => c.Source.Result?.Writes);
        Field<LongGraphType>("revision")
            .Description("The revision the batch committed; null when it changed nothing or was refused.")
            .Resolve(c => c.Source.Result is { Revision: > 0 } r ? r.Revision : null);
        AddField(errors);
    }
}
