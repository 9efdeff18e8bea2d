namespace TradeGraph.Core.Writing;

/// <summary>
/// Why a write was refused. <see cref="Code"/> is stable (clients switch on it); <see cref="Path"/> names the input
/// field at fault, as in GraphQL (["input", "properties", "startsOn"]); <see cref="Index"/> is the write's position in its batch.
/// </summary>
public sealed record WriteError(string Code, string Message, IReadOnlyList<string> Path, int Index = 0, string? Key = null);

/// <summary>The stable codes of <see cref="WriteError"/>.</summary>
public static class WriteErrorCodes
{
    /// <summary>A value does not fit its field (bad date, unknown enum value, unknown property, empty key).</summary>
    public const string InvalidValue = "INVALID_VALUE";

    /// <summary>A required field is missing.</summary>
    public const string Required = "REQUIRED";

    /// <summary>No entity has the key (update, delete, connect to it).</summary>
    public const string NotFound = "NOT_FOUND";

    /// <summary>The key is taken (create of an existing key, or an entity of another kind).</summary>
    public const string KeyConflict = "KEY_CONFLICT";

    /// <summary>The relationship type does not join entities of those kinds.</summary>
    public const string RelationshipNotAllowed = "RELATIONSHIP_NOT_ALLOWED";

    /// <summary>An end the model declares single would hold two relationships.</summary>
    public const string CardinalityExceeded = "CARDINALITY_EXCEEDED";

    /// <summary>A delete would leave relationships or citations pointing at nothing; delete them first or detach.</summary>
    public const string WouldOrphan = "WOULD_ORPHAN";

    /// <summary>A fact was written without a source and without being marked editorial.</summary>
    public const string SourceRequired = "SOURCE_REQUIRED";

    /// <summary>The write touches a kind the key may not write (see <see cref="KindScope"/>).</summary>
    public const string Forbidden = "FORBIDDEN";
}

/// <summary>A refused batch: nothing of it was applied.</summary>
public sealed class GraphWriteException(IReadOnlyList<WriteError> errors)
    : Exception(string.Join(" ", errors.Select(e => e.Message)))
{
    public IReadOnlyList<WriteError> Errors { get; } = errors;
}
