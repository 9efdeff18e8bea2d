using TradeGraph.Core.Model;

namespace TradeGraph.Core.Writing.Rules;

/// <summary>
/// Thrown inside one write to stop it (the batch goes on, so every refusal is reported), and the one place each refusal
/// the stored graph causes is worded: its code, message and the input field at fault.
/// </summary>
internal sealed class WriteRefusal(WriteError error) : Exception(error.Message)
{
    public WriteError Error { get; } = error;

    private static WriteRefusal Of(string code, string message, string field) => new(new WriteError(code, message, [field]));

    /// <summary>Stops the write when the key's scope refuses it.</summary>
    public static void ThrowIf(WriteError? refusal)
    {
        if (refusal is not null)
        {
            throw new WriteRefusal(refusal);
        }
    }

    public static WriteRefusal KeyTaken(string key, EntityKind stored, string field) =>
        Of(WriteErrorCodes.KeyConflict, $"The key '{key}' is taken by a {stored.Name}; update it, upsert it, or choose another key.", field);

    public static WriteRefusal KindTaken(string key, EntityKind stored, string kind, string field) =>
        Of(WriteErrorCodes.KeyConflict, $"The key '{key}' is taken by a {stored.Name}; it cannot become a {kind}.", field);

    public static WriteRefusal NoEntity(string kind, string key, string field) =>
        Of(WriteErrorCodes.NotFound, $"No {kind} has the key '{key}'.", field);

    public static WriteRefusal NoEnd(string key, string field) => Of(WriteErrorCodes.NotFound, $"No entity has the key '{key}'.", field);

    public static WriteRefusal EndNotAllowed(RelationshipType type, string key, EntityKind stored, string field) =>
        Of(WriteErrorCodes.RelationshipNotAllowed, $"{type.Name} goes from a {type.From} to a {type.To}; '{key}' is a {stored.Name}.", field);

    public static WriteRefusal SingleEndTaken(RelationshipType type, RelationshipEnd end, string anchor, string taken, string field) =>
        Of(WriteErrorCodes.CardinalityExceeded,
            $"'{anchor}' already has a {type.Name} relationship (with '{taken}') and {end.Field} is a single value; disconnect that one first.", field);

    public static WriteRefusal WouldOrphan(string key, IEnumerable<string> attached, string field) =>
        Of(WriteErrorCodes.WouldOrphan, $"'{key}' still has {string.Join(", ", attached)}; disconnect them first, or delete with detach: true.", field);

    public static WriteRefusal NoSource(string key, string field) =>
        Of(WriteErrorCodes.NotFound, $"No Source has the key '{key}'; create the Source first.", field);

    public static WriteRefusal NoRelationship(RelationshipType type, string from, string to, string field) =>
        Of(WriteErrorCodes.NotFound, $"There is no {type.Name} relationship from '{from}' to '{to}'.", field);
}
