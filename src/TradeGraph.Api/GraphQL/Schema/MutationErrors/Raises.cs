namespace TradeGraph.Api.GraphQL.Schema.MutationErrors;

/// <summary>
/// The errors a mutation can raise, declared next to the mutation, typed: <c>Raises.Nothing.And&lt;NotFoundError&gt;()</c>.
/// Its <c>errors</c> union is derived from this (<see cref="MutationErrorUnions"/>); a refusal of a code not declared here
/// is a bug, reported as such rather than returned as a member outside the union.
/// </summary>
internal sealed class Raises
{
    private readonly Type[] _types;

    private Raises(Type[] types) => _types = types;

    public static Raises Nothing { get; } = new([]);

    /// <summary>In declaration order, each once.</summary>
    public IReadOnlyList<Type> Types => _types;

    public Raises And<TError>() where TError : MutationErrorType, new() => And(typeof(TError));

    /// <summary>Both declarations (a batch or an ingestion raises what the writes it is made of raise).</summary>
    public Raises And(Raises other) => other._types.Aggregate(this, (raises, type) => raises.And(type));

    private Raises And(Type type) => _types.Contains(type) ? this : new([.. _types, type]);
}
