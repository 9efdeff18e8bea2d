using GraphQL;
using GraphQL.Types;

namespace TradeGraph.Api.GraphQL.Schema.MutationErrors;

/// <summary>
/// The <c>Error</c> interface, one object type per refusal, and per mutation the union of the errors it declares, named as
/// Hot Chocolate's mutation conventions name it: <c>createOfficial</c> → <c>CreateOfficialError</c>.
/// </summary>
internal sealed class MutationErrorUnions
{
    private readonly Dictionary<Type, MutationErrorType> _errors = [];
    private readonly List<UnionGraphType> _unions = [];

    public MutationErrorUnions()
    {
        Error.ResolveType = value => value is MutationErrorResult e ? _errors.Values.FirstOrDefault(t => t.Code == e.Code) : null;
    }

    public ErrorInterfaceGraphType Error { get; } = new();

    public IEnumerable<IGraphType> AllTypes => new IGraphType[] { Error }.Concat(_errors.Values).Concat(_unions);

    /// <summary>The union <c>&lt;Mutation&gt;Error</c> of the errors <paramref name="raises"/> declares.</summary>
    public UnionGraphType Union(string mutation, Raises raises)
    {
        var union = new UnionGraphType
        {
            Name = char.ToUpperInvariant(mutation[0]) + mutation[1..] + "Error",
            Description = $"The errors `{mutation}` can be refused with.",
        };
        var members = raises.Types.Select(Instance).ToList();
        foreach (var member in members)
        {
            union.AddPossibleType(member);
        }

        union.ResolveType = value => value is MutationErrorResult e ? members.FirstOrDefault(t => t.Code == e.Code) : null;
        _unions.Add(union);
        return union;
    }

    /// <summary>
    /// The payload's <c>errors</c> field typed by the mutation's union. A refusal whose code the union does not list is a
    /// bug in the declaration: it fails loudly (tests run every refusal path) instead of printing a member outside the union.
    /// </summary>
    public FieldType ErrorsField<TPayload>(string mutation, Raises raises, Func<TPayload, IReadOnlyList<MutationErrorResult>?> errors) =>
        ErrorsField(mutation, raises, context => errors((TPayload)context.Source!));

    /// <summary>The same, the refusals read from the field's context.</summary>
    public FieldType ErrorsField(string mutation, Raises raises, Func<IResolveFieldContext, IReadOnlyList<MutationErrorResult>?> errors)
    {
        var union = Union(mutation, raises);
        var declared = union.PossibleTypes.OfType<MutationErrorType>().Select(t => t.Code).ToHashSet(StringComparer.Ordinal);
        return new FieldType
        {
            Name = "errors",
            Description = "Why the write was refused (nothing was changed); null on success.",
            ResolvedType = new ListGraphType(new NonNullGraphType(union)),
            Resolver = new FieldResolver(c =>
            {
                var refusals = errors(c);
                if (refusals?.FirstOrDefault(e => !declared.Contains(e.Code)) is { } undeclared)
                {
                    throw new UndeclaredMutationErrorException(mutation, undeclared.Code, union.Name);
                }

                return refusals;
            }),
        };
    }

    private MutationErrorType Instance(Type type)
    {
        if (!_errors.TryGetValue(type, out var instance))
        {
            instance = (MutationErrorType)Activator.CreateInstance(type)!;
            instance.AddResolvedInterface(Error);
            _errors[type] = instance;
        }

        return instance;
    }
}

/// <summary>A mutation refused a write with a code its errors union does not declare: the declaration next to the mutation is wrong.</summary>
internal sealed class UndeclaredMutationErrorException(string mutation, string code, string union)
    : InvalidOperationException($"{mutation} was refused with {code}, which its errors union {union} does not declare; add it to the mutation's Raises.")
{
    public string Mutation { get; } = mutation;

    public string Code { get; } = code;
}
