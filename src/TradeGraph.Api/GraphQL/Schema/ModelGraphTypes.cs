using GraphQL;
using GraphQL.Types;
using TradeGraph.Api.GraphQL.Loading;
using TradeGraph.Api.GraphQL.Schema.Connections;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;
using TradeGraph.Core.Querying;

namespace TradeGraph.Api.GraphQL.Schema;

/// <summary>
/// Generates every GraphQL type from the <see cref="GraphModel"/>: one object type per entity kind, its connection and edge
/// types, one enum per declared enum, one type per relationship type, and the Node, Entity and Relationship interfaces.
/// Nothing here names a kind: a new kind in the model appears in the schema without a change to this file.
/// </summary>
internal sealed class ModelGraphTypes
{
    private readonly GraphModel _model;
    private readonly PagingOptions _paging;
    private readonly Dictionary<string, ObjectGraphType<Entity>> _kindTypes = [];
    // By connection name (ConnectionNames): fields over the same node with the same name share one type.
    private readonly Dictionary<string, ConnectionGraphType<EntityEdge>> _connectionTypes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ObjectGraphType<Aggregate>> _aggregateTypes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ObjectGraphType<Relationship>> _relationshipTypes = [];
    private readonly Dictionary<string, EnumerationGraphType> _enumTypes = [];
    private readonly DateGraphType _date = new();
    private readonly Dictionary<PropertyType, ObjectGraphType> _ranges = [];

    public ModelGraphTypes(GraphModel model, PagingOptions paging)
    {
        _model = model;
        _paging = paging;

        Node = new InterfaceGraphType { Name = "Node", Description = "An object with a global id that `node(id:)` resolves." };
        Node.AddField(new FieldType { Name = "id", Type = typeof(NonNullGraphType<IdGraphType>) });

        Entity = new InterfaceGraphType { Name = "Entity", Description = "Anything in the graph with a key, a name and sources." };

        RelationshipInterface = new InterfaceGraphType
        {
            Name = "Relationship",
            Description = "The relationship an edge of a nested connection walked, with its properties and provenance.",
        };

        SourceReference = new ObjectGraphType<SourceReference> { Name = "SourceReference", Description = "Where a fact comes from." };

        foreach (var definition in model.Enums)
        {
            var type = new EnumerationGraphType { Name = definition.Name, Description = definition.Description };
            foreach (var value in definition.Values)
            {
                type.Add(value, value);
            }

            _enumTypes[definition.Name] = type;
        }

        ChangeKind = new EnumerationGraphType { Name = "ChangeKind", Description = "What happened to a fact." };
        ChangeKind.Add("CREATED", Core.Writing.ChangeKind.Created, "It was created.");
        ChangeKind.Add("UPDATED", Core.Writing.ChangeKind.Updated, "Some of its fields changed, or it gained a citation.");
        ChangeKind.Add("DELETED", Core.Writing.ChangeKind.Deleted, "It was deleted.");

        Inputs = new QueryInputTypes(model, _date, _enumTypes);
        Parts = new SelectedParts(model);
        Arguments = new QueryArgumentParser(model);

        // Declare every type first, then fill fields: kinds refer to one another in cycles.
        foreach (var kind in model.Kinds)
        {
            _kindTypes[kind.Name] = new ObjectGraphType<Entity> { Name = kind.Name, Description = kind.Description, IsTypeOf = IsKind(kind.Name) };
        }

        foreach (var type in model.RelationshipTypes)
        {
            _relationshipTypes[type.Name] = CreateRelationshipType(type);
        }

        foreach (var field in EntityInterfaceFields(nameField: "name"))
        {
            Entity.AddField(InterfaceField(field));
        }

        Entity.AddResolvedInterface(Node);

        foreach (var field in RelationshipInterfaceFields())
        {
            RelationshipInterface.AddField(InterfaceField(field));
        }

        // Root fields claim their connection names first, as Hot Chocolate discovers Query first.
        foreach (var kind in model.Kinds)
        {
            ConnectionType("Query", kind.PluralField, kind.Name);
        }

        foreach (var kind in model.Kinds)
        {
            FillKindType(kind);
        }

        foreach (var type in model.RelationshipTypes)
        {
            AddEnds(type);
        }

        FillSourceReference();
        Node.ResolveType = ResolveKindType;
        Entity.ResolveType = ResolveKindType;
        RelationshipInterface.ResolveType = value => value is Relationship r ? _relationshipTypes[r.Type] : null;
    }

    public InterfaceGraphType Node { get; }

    /// <summary>Every connection's type name comes from here (Hot Chocolate's inference from the field name).</summary>
    public ConnectionNames ConnectionNames { get; } = new();

    /// <summary>What happened to a fact: in history (Revision.change) and in live updates (GraphChange.change).</summary>
    public EnumerationGraphType ChangeKind { get; }

    public QueryInputTypes Inputs { get; }

    public QueryArgumentParser Arguments { get; }

    /// <summary>What of an entity a field's selection needs: every entity read for GraphQL asks the store for these parts only.</summary>
    public SelectedParts Parts { get; }

    public InterfaceGraphType Entity { get; }

    public InterfaceGraphType RelationshipInterface { get; }

    public ObjectGraphType<SourceReference> SourceReference { get; }

    public PageInfoGraphType PageInfo { get; } = new();

    public IEnumerable<IGraphType> AllTypes =>
        new IGraphType[] { Node, Entity, RelationshipInterface, SourceReference, PageInfo, _date, DateTime, ChangeKind }
            .Concat(_enumTypes.Values).Concat(_kindTypes.Values).Concat(_connectionTypes.Values).Concat(_relationshipTypes.Values)
            .Concat(Inputs.AllTypes).Concat(_ranges.Values).Concat(_aggregateTypes.Values);

    /// <summary>The connection type of <paramref name="declaringType"/>.<paramref name="field"/> over entities of <paramref name="kind"/>.</summary>
    public ConnectionGraphType<EntityEdge> ConnectionType(string declaringType, string field, string kind)
    {
        var name = ConnectionNames.Claim(declaringType, field, kind);
        if (!_connectionTypes.TryGetValue(name, out var connection))
        {
            connection = CreateConnectionType(_model.Kind(kind), name);
            _connectionTypes[name] = connection;
        }

        return connection;
    }

    /// <summary>
    /// The one way another part of the schema adds fields to kinds' types (analytics: community and scores; provenance:
    /// history, and supports on Source; passages on Source): each
    /// kind's fields, in the model's order of kinds, appended after the model's own.
    /// </summary>
    public void ExtendKindTypes(Func<EntityKind, IEnumerable<FieldType>> fieldsOf)
    {
        foreach (var kind in _model.Kinds)
        {
            var type = _kindTypes[kind.Name];
            foreach (var field in fieldsOf(kind))
            {
                type.AddField(field);
            }
        }
    }

    /// <summary>The object type of a kind; for an end that takes any entity, the Entity interface.</summary>
    public IComplexGraphType KindType(string kind) => kind == GraphModel.AnyEntity ? Entity : _kindTypes[kind];

    public ObjectGraphType<Relationship> RelationshipObjectType(string type) => _relationshipTypes[type];

    public EnumerationGraphType EnumType(string name) => _enumTypes[name];

    public DateGraphType Date => _date;

    /// <summary>The one DateTime scalar (revision and change times), Hot Chocolate's, with @specifiedBy.</summary>
    public DateTimeGraphType DateTime { get; } = new();

    private IObjectGraphType? ResolveKindType(object value) => value is Entity entity ? _kindTypes[entity.Kind] : null;

    private static Func<object, bool> IsKind(string kind) => value => value is Entity entity && entity.Kind == kind;

    private IEnumerable<FieldType> EntityInterfaceFields(string nameField)
    {
        yield return new FieldType
        {
            Name = "id",
            Description = "Opaque global id.",
            Type = typeof(NonNullGraphType<IdGraphType>),
            Resolver = new FieldResolver(c => GlobalId.Encode(Source(c).Kind, Source(c).Key)),
        };
        yield return new FieldType
        {
            Name = "key",
            Description = "Stable readable key, unique in the graph (such as `xi-jinping`).",
            Type = typeof(NonNullGraphType<StringGraphType>),
            Resolver = new FieldResolver(c => Source(c).Key),
        };
        yield return new FieldType
        {
            Name = nameField,
            Description = "Display name.",
            Type = typeof(NonNullGraphType<StringGraphType>),
            Resolver = new FieldResolver(c => Source(c).Name),
        };
        yield return new FieldType
        {
            Name = "aliases",
            Description = "Other names the sources use.",
            Type = typeof(NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>),
            Resolver = new FieldResolver(c => Source(c).Aliases),
        };
        yield return new FieldType
        {
            Name = "description",
            Description = "A short description in the project's words.",
            Type = typeof(StringGraphType),
            Resolver = new FieldResolver(c => Source(c).Description),
        };
        yield return new FieldType
        {
            Name = "sources",
            Description = "The sources that state this entity, with locators.",
            ResolvedType = TypeShapes.NonNullList(SourceReference),
            Resolver = new FieldResolver(c => Source(c).Sources),
        };
    }

    private void FillKindType(EntityKind kind)
    {
        var type = _kindTypes[kind.Name];
        foreach (var field in EntityInterfaceFields(kind.NameField))
        {
            type.AddField(field);
        }

        foreach (var property in kind.Properties)
        {
            type.AddField(PropertyField(property, c => Source(c).Property(property.Name)));
        }

        foreach (var (relationship, direction, end) in _model.RelationshipFieldsOf(kind.Name))
        {
            var target = relationship.TargetKind(direction);
            type.AddField(end.Cardinality == Cardinality.One
                ? SingleRelatedField(relationship, direction, end, target)
                : ConnectionRelatedField(relationship, direction, end, target, ConnectionType(kind.Name, end.Field, target)));
        }

        // Interfaces are checked against the fields when added, so they come last.
        type.AddResolvedInterface(Node);
        if (kind.IsEntity)
        {
            type.AddResolvedInterface(Entity);
        }
    }

    private FieldType SingleRelatedField(RelationshipType relationship, Direction direction, RelationshipEnd end, string target) => new()
    {
        Name = end.Field,
        Description = end.Description,
        ResolvedType = KindType(target),
        // Keyed by the relationship, not the field occurrence: takes no arguments, so every occurrence shares one batch.
        Resolver = new FieldResolver(c => new MappedResult<Page<RelatedEntity>?, Entity?>(
            Loaders(c).Related((relationship.Name, direction), (anchors, parts) => new RelatedQuery(relationship, direction, anchors, new PageRequest(First: 1), Parts: parts))
                .Load(Source(c).Key, Parts.InDocument(c)),
            page => page?.Items.FirstOrDefault()?.Value.Entity)),
    };

    private FieldType ConnectionRelatedField(RelationshipType relationship, Direction direction, RelationshipEnd end, string target,
        ConnectionGraphType<EntityEdge> connection) => new()
    {
        Name = end.Field,
        Description = end.Description,
        Arguments = ConnectionArguments(target),
        ResolvedType = new NonNullGraphType(connection),
        Resolver = new FieldResolver(c =>
        {
            var anchor = Source(c).Key;
            var loaders = Loaders(c);
            var field = c.FieldAst;
            // Every parent of this field occurrence has the same arguments: read them once, not once per row.
            var (page, filter, order) = loaders.Arguments(field, () =>
            {
                var kind = _model.Kind(target);
                return (PageArguments.Read(c, _paging), Arguments.ParseFilter(kind, c.Argument<object?>("where")),
                    Arguments.ParseOrder(kind, c.Argument<object?>("order")));
            });
            RelatedQuery Query(IReadOnlyCollection<string> anchors, EntityParts parts) => new(relationship, direction, anchors, page, filter, order, parts);
            RelatedQuery Counted(IReadOnlyCollection<string> anchors) => Query(anchors, EntityParts.None);
            return new MappedResult<Page<RelatedEntity>?, Connection<EntityEdge>>(
                loaders.Related(field, Query).Load(anchor, Parts.Of(c, SelectionShape.Connection)),
                result => ConnectionResult.OfEntities(result, item => new EntityEdge(item),
                    _ => Task.FromResult<object?>(new MappedResult<long, int>(loaders.RelatedCounts(field, Counted).Load(anchor), count => checked((int)count))),
                    (_, properties) => Task.FromResult<object?>(loaders.RelatedAggregates(field, properties, Counted).Load(anchor))));
        }),
    };

    /// <summary>first / after / last / before, plus where and order on the connection's kind.</summary>
    public QueryArguments ConnectionArguments(string kind)
    {
        var arguments = PageArguments.Create();
        arguments.Add(new QueryArgument(Inputs.Filter(kind)) { Name = "where", Description = "Only the items that match." });
        arguments.Add(new QueryArgument(new ListGraphType(new NonNullGraphType(Inputs.Sort(kind))))
        {
            Name = "order",
            Description = "Sort keys, first one first; ties are broken by key, so the order is total.",
        });
        return arguments;
    }

    private ConnectionGraphType<EntityEdge> CreateConnectionType(EntityKind kind, string name)
    {
        var node = KindType(kind.Name);
        var edge = new EdgeGraphType<EntityEdge>(name, $"An edge to one of the {kind.PluralField}.", node, e => e.Cursor, e => e.Node);
        edge.Field("relationship", RelationshipInterface)
            .Description("In a nested connection, the relationship walked to reach the node (its properties and sources); null at the root.")
            .Resolve(c => c.Source.Relationship);

        var connection = new ConnectionGraphType<EntityEdge>(name, $"A page of {kind.PluralField}.", edge, node, PageInfo,
            nodesDescription: "The nodes of the page, in order.", edgesDescription: "The edges of the page, with cursors.");
        connection.Field("aggregate", new NonNullGraphType(AggregateType(kind)))
            .Description("Count and ranges over every item the connection's filter matches (not only this page).")
            .ResolveAwaiting((source, c) =>
            {
                var properties = (c.SubFields ?? []).Values.Select(f => f.Field.Name.StringValue)
                    .Where(name => kind.FindProperty(name) is { HasRange: true }).Distinct().Order(StringComparer.Ordinal).ToList();
                return source.Aggregate!(c, properties);
            });
        connection.AddTotalCount("How many items the whole connection holds (counted only when asked).", nonNull: true);
        return connection;
    }

    private ObjectGraphType<Aggregate> AggregateType(EntityKind kind)
    {
        if (_aggregateTypes.TryGetValue(kind.Name, out var existing))
        {
            return existing;
        }

        var type = new ObjectGraphType<Aggregate> { Name = kind.Name + "Aggregate", Description = $"Aggregates over {kind.PluralField}." };
        type.AddField(new FieldType
        {
            Name = "count",
            Description = "How many items match.",
            Type = typeof(NonNullGraphType<IntGraphType>),
            Resolver = new FieldResolver(c => checked((int)((Aggregate)c.Source!).Count)),
        });
        foreach (var property in kind.Properties.Where(p => p.HasRange))
        {
            type.AddField(new FieldType
            {
                Name = property.Name,
                Description = $"Smallest and largest {property.Name}.",
                ResolvedType = new NonNullGraphType(RangeType(property.Type)),
                Resolver = new FieldResolver(c => ((Aggregate)c.Source!).Ranges[property.Name]),
            });
        }

        _aggregateTypes[kind.Name] = type;
        return type;
    }

    private ObjectGraphType RangeType(PropertyType propertyType)
    {
        if (_ranges.TryGetValue(propertyType, out var existing))
        {
            return existing;
        }

        var (name, scalar) = propertyType switch
        {
            PropertyType.Int => ("IntRange", (IGraphType)new IntGraphType()),
            PropertyType.Float => ("FloatRange", new FloatGraphType()),
            _ => ("DateRange", _date),
        };
        var range = new ObjectGraphType { Name = name, Description = "The smallest and largest value; null when nothing matches." };
        object? Convert(object? value) => value is long l ? checked((int)l) : value;
        range.AddField(new FieldType { Name = "min", ResolvedType = scalar, Resolver = new FieldResolver(c => Convert((((object?, object?))c.Source!).Item1)) });
        range.AddField(new FieldType { Name = "max", ResolvedType = scalar, Resolver = new FieldResolver(c => Convert((((object?, object?))c.Source!).Item2)) });
        _ranges[propertyType] = range;
        return range;
    }

    private ObjectGraphType<Relationship> CreateRelationshipType(RelationshipType relationship)
    {
        var type = new ObjectGraphType<Relationship>
        {
            Name = relationship.TypeName,
            Description = relationship.Description,
            IsTypeOf = value => value is Relationship r && r.Type == relationship.Name,
        };
        foreach (var field in RelationshipInterfaceFields())
        {
            type.AddField(field);
        }

        foreach (var property in relationship.Properties)
        {
            type.AddField(PropertyField(property, c => ((Relationship)c.Source!).Property(property.Name)));
        }

        type.AddResolvedInterface(RelationshipInterface);

        return type;
    }

    /// <summary>A relationship's two ends, so a relationship returned on its own (by a mutation, a subscription) can be walked.</summary>
    private void AddEnds(RelationshipType relationship)
    {
        var type = _relationshipTypes[relationship.Name];
        type.AddField(new FieldType
        {
            Name = "from",
            Description = $"The {relationship.From} the relationship starts at.",
            ResolvedType = new NonNullGraphType(KindType(relationship.From)),
            Resolver = new FieldResolver(c => Loaders(c).Entities.Load(((Relationship)c.Source!).From, Parts.InDocument(c))),
        });
        type.AddField(new FieldType
        {
            Name = "to",
            Description = $"The {relationship.To} the relationship ends at.",
            ResolvedType = new NonNullGraphType(KindType(relationship.To)),
            Resolver = new FieldResolver(c => Loaders(c).Entities.Load(((Relationship)c.Source!).To, Parts.InDocument(c))),
        });
    }

    private IEnumerable<FieldType> RelationshipInterfaceFields()
    {
        yield return new FieldType
        {
            Name = "type",
            Description = "The relationship type, as in the model (PARTICIPATES_IN).",
            Type = typeof(NonNullGraphType<StringGraphType>),
            Resolver = new FieldResolver(c => ((Relationship)c.Source!).Type),
        };
        yield return new FieldType
        {
            Name = "sources",
            Description = "The sources that state this relationship, with locators.",
            ResolvedType = TypeShapes.NonNullList(SourceReference),
            Resolver = new FieldResolver(c => ((Relationship)c.Source!).Sources),
        };
    }

    private void FillSourceReference()
    {
        SourceReference.AddField(new FieldType
        {
            Name = "source",
            ResolvedType = new NonNullGraphType(_kindTypes[GraphModel.SourceKind]),
            Resolver = new FieldResolver(c => Loaders(c).Entities.Load(((SourceReference)c.Source!).Source, Parts.InDocument(c))),
        });
        SourceReference.AddField(new FieldType
        {
            Name = "locator",
            Description = "Where in the source, such as ¶3 for the third paragraph.",
            Type = typeof(StringGraphType),
            Resolver = new FieldResolver(c => ((SourceReference)c.Source!).Locator),
        });
        SourceReference.AddField(new FieldType
        {
            Name = "inferred",
            Description = "False when the cited place states the fact; true when the fact is inferred from it (the note says how).",
            Type = typeof(NonNullGraphType<BooleanGraphType>),
            Resolver = new FieldResolver(c => ((SourceReference)c.Source!).Inferred),
        });
        SourceReference.AddField(new FieldType
        {
            Name = "note",
            Description = "How the fact follows from the cited place, for an inferred citation; null for a stated one.",
            Type = typeof(StringGraphType),
            Resolver = new FieldResolver(c => ((SourceReference)c.Source!).Note),
        });
    }

    /// <summary>A field for a declared property: built-in scalars by CLR type, the Date scalar and enums by instance.</summary>
    private FieldType PropertyField(PropertyDefinition property, Func<IResolveFieldContext, object?> value)
    {
        var field = new FieldType { Name = property.Name, Description = property.Description };
        var builtIn = property.Type switch
        {
            PropertyType.String => typeof(StringGraphType),
            PropertyType.Int => typeof(IntGraphType),
            PropertyType.Float => typeof(FloatGraphType),
            PropertyType.Boolean => typeof(BooleanGraphType),
            _ => null,
        };
        if (builtIn is not null)
        {
            field.Type = property.Required ? typeof(NonNullGraphType<>).MakeGenericType(builtIn) : builtIn;
        }
        else
        {
            IGraphType type = property.Type == PropertyType.Date ? _date : _enumTypes[property.EnumName!];
            field.ResolvedType = property.Required ? new NonNullGraphType(type) : type;
        }

        // Stored integers are longs; GraphQL's Int is 32-bit.
        field.Resolver = property.Type == PropertyType.Int
            ? new FieldResolver(c => value(c) is long l ? checked((int)l) : null)
            : new FieldResolver(value);
        return field;
    }

    /// <summary>Interface fields declare the shape only; the implementing object types resolve.</summary>
    private static FieldType InterfaceField(FieldType field) =>
        new() { Name = field.Name, Description = field.Description, Type = field.Type, ResolvedType = field.ResolvedType };

    private static Entity Source(IResolveFieldContext context) => (Entity)context.Source!;

    public static RequestLoaders Loaders(IResolveFieldContext context) =>
        context.UserContext.TryGetValue(RequestLoaders.ContextKey, out var kept) && kept is ScopedLoaders scoped
        && ReferenceEquals(scoped.Scope, context.RequestServices)
            ? scoped.Loaders
            : context.RequestServices!.GetRequiredService<RequestLoaders>();
}
