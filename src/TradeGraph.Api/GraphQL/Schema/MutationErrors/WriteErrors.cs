using TradeGraph.Core.Writing;

namespace TradeGraph.Api.GraphQL.Schema.MutationErrors;

internal sealed class InvalidValueError() : MutationErrorType(WriteErrorCodes.InvalidValue, "A value does not fit its field.");

internal sealed class RequiredFieldError() : MutationErrorType(WriteErrorCodes.Required, "A required field is missing or empty.");

internal sealed class NotFoundError() : MutationErrorType(WriteErrorCodes.NotFound, "No entity or relationship has that key.");

internal sealed class KeyConflictError() : MutationErrorType(WriteErrorCodes.KeyConflict, "The key is taken.");

internal sealed class RelationshipNotAllowedError()
    : MutationErrorType(WriteErrorCodes.RelationshipNotAllowed, "The relationship type does not join entities of those kinds.");

internal sealed class CardinalityExceededError()
    : MutationErrorType(WriteErrorCodes.CardinalityExceeded, "A single-valued end already holds a relationship.");

internal sealed class WouldOrphanError()
    : MutationErrorType(WriteErrorCodes.WouldOrphan, "A delete would leave relationships or citations pointing at nothing.");

internal sealed class SourceRequiredError() : MutationErrorType(WriteErrorCodes.SourceRequired, "A fact needs a source unless the write is editorial.");

internal sealed class ForbiddenError() : MutationErrorType(WriteErrorCodes.Forbidden,
    "The write touches an entity kind the API key may not write (a relationship's stored end, or a fact a detaching delete would change).");
