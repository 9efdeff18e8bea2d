using GraphQL;
using GraphQL.Types;
using TradeGraph.Api.GraphQL.Errors;
using TradeGraph.Api.GraphQL.Schema.MutationErrors;
using TradeGraph.Api.GraphQL.Schema.Mutations;
using TradeGraph.Api.Security;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;
using TradeGraph.Core.Writing;

namespace TradeGraph.Api.GraphQL.Schema;

/// <summary>
/// Generates the Mutation type from the model, in Hot Chocolate's mutation conventions: one <c>input</c> argument, a
/// <c>…Payload</c> with the result and typed <c>errors</c> (null on success). Per kind: create, upsert (by key,
/// idempotent), update, delete; per relationship type: connect, disconnect; and <c>applyChanges</c>, which takes any of
/// them in one transaction. Every write goes through <see cref="GraphWriter"/>.
/// </summary>
internal sealed partial class MutationTypes
{
    /// <summary>At most this many changes in one applyChanges.</summary>
    public const int MaxBatchSize = 1000;

    // What each write can be refused with — by the validator (values, required fields, sources) or by the store (keys,
    // ends, cardinality, orphans, a key's kinds). Each mutation's errors union is derived from these.
    private static readonly Raises Validated = Raises.Nothing.And<InvalidValueError>().And<SourceRequiredError>();
    private static readonly Raises CreateRaises = Validated.And<RequiredFieldError>().And<NotFoundError>().And<KeyConflictError>().And<ForbiddenError>();
    private static readonly Raises UpdateRaises = Validated.And<RequiredFieldError>().And<NotFoundError>().And<ForbiddenError>();
    private static readonly Raises DeleteRaises = Raises.Nothing.And<InvalidValueError>().And<NotFoundError>().And<WouldOrphanError>().And<ForbiddenError>();
    private static readonly Raises ConnectRaises = Validated.And<NotFoundError>().And<RelationshipNotAllowedError>().And<CardinalityExceededError>()
        .And<ForbiddenError>();
    private static readonly Raises DisconnectRaises = Raises.Nothing.And<InvalidValueError>().And<NotFoundError>().And<RelationshipNotAllowedError>()
        .And<ForbiddenError>();
    private static readonly Raises ApplyChangesRaises = CreateRaises.And(UpdateRaises).And(DeleteRaises).And(ConnectRaises).And(DisconnectRaises);

    private readonly GraphModel _model;
    private readonly ModelGraphTypes _types;
    private readonly List<IGraphType> _all = [];
    // Per mutation name: how its input becomes a write, and the entity kinds that write touches (for keys limited to kinds).
    private readonly Dictionary<string, (Func<IDictionary<string, object?>, GraphWrite> Read, string[] Kinds)> _writes = new(StringComparer.Ordinal);
    private readonly InputObjectGraphType _sourceReference;
    private readonly EnumerationGraphType _outcome;
    private readonly MutationErrorUnions _errors = new();

    public MutationTypes(GraphModel model, ModelGraphTypes types)
    {
        _model = model;
        _types = types;
        _sourceReference = Add(new SourceReferenceInputGraphType());
        _outcome = Add(new WriteOutcomeGraphType());

        Mutation = new ObjectGraphType { Name = "Mutation" };
        var changeInput = Add(new InputObjectGraphType
        {
            Name = "ChangeInput",
            Description = "One change of a batch: set exactly one field, named like the mutation it stands for.",
            IsOneOf = true,
        });
        foreach (var kind in model.Kinds)
        {
            AddEntityMutations(kind, changeInput);
        }

        foreach (var relationship in model.RelationshipTypes)
        {
            AddRelationshipMutations(relationship, changeInput);
        }

        Mutation.AddField(ApplyChangesField(changeInput));
        Mutation.AddField(IngestArticleField());
    }

    public ObjectGraphType Mutation { get; }

    public IEnumerable<IGraphType> AllTypes => _all.Concat(_errors.AllTypes);

    private T Add<T>(T type) where T : IGraphType
    {
        _all.Add(type);
        return type;
    }

    private void AddEntityMutations(EntityKind kind, InputObjectGraphType changeInput)
    {
        var resultField = char.ToLowerInvariant(kind.Name[0]) + kind.Name[1..];
        var create = EntityInput(kind, "Create", required: true);
        var upsert = EntityInput(kind, "Upsert", required: true);
        var update = EntityInput(kind, "Update", required: false);
        var delete = Add(new InputObjectGraphType { Name = $"Delete{kind.Name}Input", Description = $"Which {kind.Name} to delete." });
        delete.AddField(new FieldType { Name = "key", Type = typeof(NonNullGraphType<StringGraphType>) });
        delete.AddField(new FieldType
        {
            Name = "detach",
            Description = "Also remove its relationships (and, for a source, its citations). Without it, such a delete is refused.",
            Type = typeof(BooleanGraphType),
        });

        var writes = new (string Verb, InputObjectGraphType Input, Func<IDictionary<string, object?>, GraphWrite> Read, Raises Raises, string Description)[]
        {
            ("create", create, input => ReadEntity(kind, input, upsert: false), CreateRaises, $"Creates a {kind.Name}; refused when the key is taken."),
            ("upsert", upsert, input => ReadEntity(kind, input, upsert: true), CreateRaises,
                $"Creates the {kind.Name} with this key, or sets the given fields of the existing one. The same input twice changes nothing the second time."),
            ("update", update, input => ReadUpdate(kind, input), UpdateRaises, $"Sets the given fields of an existing {kind.Name}; a field given as null is cleared."),
            ("delete", delete, input => new DeleteEntity(kind.Name, (string)input["key"]!, input.TryGetValue("detach", out var detach) && detach is true),
                DeleteRaises, $"Deletes a {kind.Name}."),
        };
        foreach (var (verb, input, read, raises, description) in writes)
        {
            var name = verb + kind.Name;
            _writes[name] = (read, [kind.Name]);
            changeInput.AddField(new FieldType { Name = name, ResolvedType = input });
            Mutation.AddField(WriteField(name, description, input, Payload(name, resultField, _types.KindType(kind.Name), entity: true, raises),
                [kind.Name], read));
        }
    }

    private void AddRelationshipMutations(RelationshipType relationship, InputObjectGraphType changeInput)
    {
        var connect = Add(new InputObjectGraphType { Name = $"Connect{relationship.TypeName}Input", Description = relationship.Description });
        var disconnect = Add(new InputObjectGraphType { Name = $"Disconnect{relationship.TypeName}Input", Description = $"Which {relationship.Name} to remove." });
        foreach (var input in new[] { connect, disconnect })
        {
            input.AddField(new FieldType { Name = "from", Description = $"Key of the {relationship.From}.", Type = typeof(NonNullGraphType<StringGraphType>) });
            input.AddField(new FieldType { Name = "to", Description = $"Key of the {relationship.To}.", Type = typeof(NonNullGraphType<StringGraphType>) });
        }

        foreach (var property in relationship.Properties)
        {
            connect.AddField(PropertyInput(property, required: false));
        }

        AddProvenance(connect);
        var kinds = new[] { relationship.From, relationship.To }.Where(k => k != GraphModel.AnyEntity).Distinct().ToArray();
        var payloadType = _types.RelationshipObjectType(relationship.Name);
        var writes = new (string Verb, InputObjectGraphType Input, Func<IDictionary<string, object?>, GraphWrite> Read, Raises Raises, string Description)[]
        {
            ("connect", connect, input => ReadConnect(relationship, input), ConnectRaises,
                $"Creates the {relationship.Name} relationship, or sets the given properties of the existing one; citations are added."),
            ("disconnect", disconnect, input => new Disconnect(relationship.Name, (string)input["from"]!, (string)input["to"]!), DisconnectRaises,
                $"Removes the {relationship.Name} relationship."),
        };
        foreach (var (verb, input, read, raises, description) in writes)
        {
            var name = verb + relationship.TypeName;
            _writes[name] = (read, kinds);
            changeInput.AddField(new FieldType { Name = name, ResolvedType = input });
            Mutation.AddField(WriteField(name, description, input, Payload(name, "relationship", payloadType, entity: false, raises), kinds, read));
        }
    }

    private FieldType WriteField(string name, string description, InputObjectGraphType input, IObjectGraphType payload, string[] kinds,
        Func<IDictionary<string, object?>, GraphWrite> read)
    {
        var field = new FieldType
        {
            Name = name,
            Description = description,
            Arguments = new QueryArguments(new QueryArgument(new NonNullGraphType(input)) { Name = "input" }),
            ResolvedType = new NonNullGraphType(payload),
            Resolver = new AsyncFieldResolver(async c =>
            {
                // The access rule refused the document already if a kind named here is not the key's; this is a second line.
                var caller = Access.RequireKinds(c, kinds);
                var write = read(c.GetArgument<Dictionary<string, object?>>("input"));
                var (result, errors) = await WriteAsync(c, new WriteBatch([write], caller.Name, caller.Scope), index => ["input"]);
                return new MutationPayload(result?.Writes[0], errors);
            }),
        };
        field.Metadata[AccessRule.WritesKindsMetadata] = kinds;
        return field;
    }

    private FieldType ApplyChangesField(InputObjectGraphType changeInput)
    {
        var input = Add(new ApplyChangesInputGraphType(changeInput));
        var result = Add(new ChangeResultGraphType(_types, _outcome));
        var payload = Add(new ApplyChangesPayloadGraphType(result, _errors.ErrorsField<ApplyChangesPayload>("applyChanges", ApplyChangesRaises, p => p.Errors)));

        var field = new FieldType
        {
            Name = "applyChanges",
            Description = $"Applies up to {MaxBatchSize} changes in one transaction: all of them, or none (then `errors` says why, each with its path).",
            Arguments = new QueryArguments(new QueryArgument(new NonNullGraphType(input)) { Name = "input" }),
            ResolvedType = new NonNullGraphType(payload),
            Resolver = new AsyncFieldResolver(async c =>
            {
                var changes = c.GetArgument<Dictionary<string, object?>>("input")["changes"] as IEnumerable<object?> ?? [];
                var items = changes.Cast<IDictionary<string, object?>>().Select(change => change.Single(f => f.Value is not null)).ToList();
                if (items.Count > MaxBatchSize)
                {
                    throw new TradeGraphError(ErrorCodes.InvalidArgument, $"`changes` holds {items.Count} changes, over the maximum of {MaxBatchSize}.");
                }

                var caller = Access.RequireKinds(c, [.. items.SelectMany(i => _writes[i.Key].Kinds)]);
                var writes = items.Select(i => _writes[i.Key].Read((IDictionary<string, object?>)i.Value!)).ToList();
                var (written, errors) = await WriteAsync(c, new WriteBatch(writes, caller.Name, caller.Scope),
                    index => ["input", "changes", index.ToString(System.Globalization.CultureInfo.InvariantCulture), items[index].Key]);
                return new ApplyChangesPayload(written, errors);
            }),
        };
        field.Metadata[AccessRule.WritesChangesMetadata] = true;
        return field;
    }

    private static async Task<(WriteResult? Result, IReadOnlyList<MutationErrorResult>? Errors)> WriteAsync(IResolveFieldContext context, WriteBatch batch,
        Func<int, IReadOnlyList<string>> inputPath)
    {
        try
        {
            var writer = context.RequestServices!.GetRequiredService<GraphWriter>();
            return (await writer.WriteAsync(batch, context.CancellationToken), null);
        }
        catch (GraphWriteException refused)
        {
            return (null, [.. refused.Errors.Select(e => new MutationErrorResult(e.Code, e.Message, [.. inputPath(e.Index), .. e.Path]))]);
        }
    }

    private InputObjectGraphType EntityInput(EntityKind kind, string verb, bool required)
    {
        var input = Add(new InputObjectGraphType
        {
            Name = $"{verb}{kind.Name}Input",
            Description = required ? $"A {kind.Name}, with its sources." : $"The fields of a {kind.Name} to change; fields left out keep their value.",
        });
        input.AddField(new FieldType { Name = "key", Description = "Readable key, a lowercase slug such as `xi-jinping`.", Type = typeof(NonNullGraphType<StringGraphType>) });
        input.AddField(new FieldType { Name = kind.NameField, Type = required ? typeof(NonNullGraphType<StringGraphType>) : typeof(StringGraphType) });
        input.AddField(new FieldType { Name = "aliases", Type = typeof(ListGraphType<NonNullGraphType<StringGraphType>>) });
        input.AddField(new FieldType { Name = "description", Type = typeof(StringGraphType) });
        foreach (var property in kind.Properties)
        {
            input.AddField(PropertyInput(property, required && property.Required));
        }

        AddProvenance(input);
        return input;
    }

    private void AddProvenance(InputObjectGraphType input)
    {
        input.AddField(new FieldType
        {
            Name = "sources",
            Description = "Where the fact is stated. Required unless `editorial` is true.",
            ResolvedType = new ListGraphType(new NonNullGraphType(_sourceReference)),
        });
        input.AddField(new FieldType
        {
            Name = "editorial",
            Description = "The change is the editors' own (a correction no source states), so it needs no source.",
            Type = typeof(BooleanGraphType),
        });
    }

    private FieldType PropertyInput(PropertyDefinition property, bool required)
    {
        IGraphType type = property.Type switch
        {
            PropertyType.String => new StringGraphType(),
            PropertyType.Int => new IntGraphType(),
            PropertyType.Float => new FloatGraphType(),
            PropertyType.Boolean => new BooleanGraphType(),
            PropertyType.Date => _types.Date,
            _ => _types.EnumType(property.EnumName!),
        };
        return new FieldType { Name = property.Name, Description = property.Description, ResolvedType = required ? new NonNullGraphType(type) : type };
    }

    private CreateEntity ReadEntity(EntityKind kind, IDictionary<string, object?> input, bool upsert)
    {
        var given = new HashSet<string>(StringComparer.Ordinal);
        var properties = ReadProperties(kind.Properties, input, given);
        if (input.ContainsKey(kind.NameField))
        {
            given.Add("name");
        }

        foreach (var field in new[] { "aliases", "description" }.Where(input.ContainsKey))
        {
            given.Add(field);
        }

        var entity = new Entity(kind.Name, (string)input["key"]!, input.TryGetValue(kind.NameField, out var name) ? name as string ?? "" : "",
            Strings(input, "aliases") ?? [], input.TryGetValue("description", out var description) ? description as string : null, properties, Sources(input));
        return new CreateEntity(entity, upsert, given, Editorial(input));
    }

    private static UpdateEntity ReadUpdate(EntityKind kind, IDictionary<string, object?> input) => new(
        kind.Name,
        (string)input["key"]!,
        input.TryGetValue(kind.NameField, out var name) ? name as string : null,
        Strings(input, "aliases"),
        input.ContainsKey("description"),
        input.TryGetValue("description", out var description) ? description as string : null,
        ReadProperties(kind.Properties, input, null),
        Sources(input),
        Editorial(input));

    private static Connect ReadConnect(RelationshipType relationship, IDictionary<string, object?> input)
    {
        var given = new HashSet<string>(StringComparer.Ordinal);
        var properties = ReadProperties(relationship.Properties, input, given);
        return new Connect(new Relationship(relationship.Name, (string)input["from"]!, (string)input["to"]!, properties, Sources(input)), given,
            Editorial(input));
    }

    /// <summary>The declared properties the input sets (explicit nulls included, to clear), as stored CLR values.</summary>
    private static Dictionary<string, object?> ReadProperties(IReadOnlyList<PropertyDefinition> declared, IDictionary<string, object?> input, HashSet<string>? given)
    {
        var properties = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in declared.Where(p => input.ContainsKey(p.Name)))
        {
            // GraphQL's Int is 32-bit; the graph keeps integers as 64-bit.
            properties[property.Name] = input[property.Name] is int integer ? (long)integer : input[property.Name];
            given?.Add(property.Name);
        }

        return properties;
    }

    private static List<string>? Strings(IDictionary<string, object?> input, string field) =>
        input.TryGetValue(field, out var value) && value is IEnumerable<object?> items ? [.. items.Cast<string>()] : null;

    private static List<SourceReference> Sources(IDictionary<string, object?> input) =>
        input.TryGetValue("sources", out var value) && value is IEnumerable<object?> items
            ? [.. items.Cast<IDictionary<string, object?>>().Select(s => new SourceReference((string)s["source"]!, Field(s, "locator") as string,
                Field(s, "inferred") is true, Field(s, "note") as string))]
            : [];

    private static object? Field(IDictionary<string, object?> input, string name) => input.TryGetValue(name, out var value) ? value : null;

    private static bool Editorial(IDictionary<string, object?> input) => input.TryGetValue("editorial", out var value) && value is true;

    private ObjectGraphType<MutationPayload> Payload(string mutation, string resultField, IGraphType resultType, bool entity, Raises raises)
    {
        var payload = Add(new ObjectGraphType<MutationPayload> { Name = char.ToUpperInvariant(mutation[0]) + mutation[1..] + "Payload" });
        payload.AddField(new FieldType
        {
            Name = resultField,
            Description = "What was written (as it was before, for a delete); null when the write was refused.",
            ResolvedType = resultType,
            Resolver = new FieldResolver(c => ((MutationPayload)c.Source!).Applied is { } applied ? (entity ? applied.Entity : applied.Relationship) : null),
        });
        payload.AddField(new FieldType
        {
            Name = "outcome",
            Description = "What the write did; null when it was refused.",
            ResolvedType = _outcome,
            Resolver = new FieldResolver(c => ((MutationPayload)c.Source!).Applied?.Outcome),
        });
        payload.AddField(_errors.ErrorsField<MutationPayload>(mutation, raises, p => p.Errors));
        return payload;
    }

    private sealed record MutationPayload(AppliedWrite? Applied, IReadOnlyList<MutationErrorResult>? Errors);
}
