using TradeGraph.Core.Graph;

namespace TradeGraph.Core.Writing;

/// <summary>
/// One step in the history of a fact: who changed it, when, what each field was before and after (as JSON text),
/// and the sources the change cited. Facts are named by <see cref="FactKey"/>.
/// </summary>
public sealed record Revision(
    long Number,
    DateTimeOffset At,
    string Actor,
    ChangeKind Change,
    IReadOnlyList<FieldChange> Changes,
    IReadOnlyList<SourceReference> Sources,
    bool Editorial);

/// <summary>A field's value before and after a change, as JSON text (null when absent).</summary>
public sealed record FieldChange(string Field, string? Previous, string? Current);

/// <summary>A fact one source supports, with where in the source: exactly one of <see cref="Entity"/> and <see cref="Relationship"/> is set.</summary>
public sealed record CitedFact(string? Locator, Entity? Entity, Relationship? Relationship);

/// <summary>How history names facts: an entity by its key, a relationship by type and both ends.</summary>
public static class FactKey
{
    public static string Of(Entity entity) => entity.Key;

    public static string Of(Relationship relationship) => Of(relationship.Type, relationship.From, relationship.To);

    public static string Of(string type, string from, string to) => $"{type}({from},{to})";

    /// <summary>Reads a relationship's fact key back into its type and ends; false for an entity's key (keys hold no parentheses).</summary>
    public static bool TryParseRelationship(string fact, out string type, out string from, out string to)
    {
        ArgumentNullException.ThrowIfNull(fact);
        type = from = to = "";
        var open = fact.IndexOf('(', StringComparison.Ordinal);
        var comma = fact.IndexOf(',', StringComparison.Ordinal);
        if (open <= 0 || comma < open || !fact.EndsWith(')'))
        {
            return false;
        }

        type = fact[..open];
        from = fact[(open + 1)..comma];
        to = fact[(comma + 1)..^1];
        return true;
    }
}
