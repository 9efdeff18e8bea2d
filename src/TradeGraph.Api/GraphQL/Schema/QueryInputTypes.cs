using GraphQL;
using GraphQL.Types;
using TradeGraph.Api.GraphQL.Schema.Filtering;
using TradeGraph.Core.Analytics;
using TradeGraph.Core.Model;

namespace TradeGraph.Api.GraphQL.Schema;

/// <summary>
/// Generates the <c>where</c> and <c>order</c> input types from the model, in Hot Chocolate's shape:
/// <c>{Kind}FilterInput</c> (and / or / not, one operation input per filterable field, relationship filters with
/// some / none / all and count), <c>{Kind}SortInput</c> (fields, to-one relationship fields, relationship counts).
/// </summary>
internal sealed class QueryInputTypes
{
    public const string RelationshipField = "relationship";

    /// <summary>The filter field on a fact's citations: <c>sources: { some: { inferred: { eq: false } } }</c>.</summary>
    public const string CitationsField = "sources";
    public const string CountSuffix = "Count";

    /// <summary>The global id filter: <c>id: IdOperationFilterInput</c> (eq / neq / in / nin on ids this service returned).</summary>
    public const string IdField = "id";

    /// <summary>Suffix of the relationship-condition fields beside Hot Chocolate's: <c>someEdge</c>, <c>announcedByEdge</c>.</summary>
    public const string EdgeSuffix = "Edge";

    private readonly GraphModel _model;
    private readonly DateGraphType _date;
    private readonly Dictionary<string, InputObjectGraphType> _filters = [];
    private readonly Dictionary<string, InputObjectGraphType> _sorts = [];
    private readonly Dictionary<string, IInputObjectGraphType> _operations = [];
    private readonly List<IGraphType> _all = [];
    private readonly List<(InputObjectGraphType Edge, string Target, InputObjectGraphType Relationship)> _pendingEdges = [];

    public QueryInputTypes(GraphModel model, DateGraphType date, IReadOnlyDictionary<string, EnumerationGraphType> enums)
    {
        _model = model;
        _date = date;
        _all.Add(SortDirection);

        CreateOperationInputs(enums);
        foreach (var kind in model.ReachableKinds)
        {
            _filters[kind.Name] = Add(new InputObjectGraphType { Name = kind.Name + "FilterInput", Description = $"Conditions on {kind.PluralField}." })
                .WithMetadata(InputLimits.RoleKey, InputRole.Filter);
            _sorts[kind.Name] = Add(new InputObjectGraphType { Name = kind.Name + "SortInput", Description = $"Sort keys for {kind.PluralField}; give one field per list item." })
                .WithMetadata(InputLimits.RoleKey, InputRole.Order);
        }

        foreach (var kind in model.ReachableKinds)
        {
            FillFilter(kind);
            FillSorts(kind);
        }

        // Edge conditions copy their target's filter, so they are filled once every filter is complete.
        foreach (var (edge, target, relationship) in _pendingEdges)
        {
            foreach (var field in _filters[target].Fields)
            {
                var copy = edge.AddField(new FieldType { Name = field.Name, Description = field.Description, Type = field.Type, ResolvedType = field.ResolvedType });
                copy.WithMetadata(InputLimits.RelationshipHopKey, field.GetMetadata(InputLimits.RelationshipHopKey, false));
            }

            edge.AddField(new FieldType { Name = RelationshipField, Description = "Conditions on the relationship's properties.", ResolvedType = relationship });
        }
    }

    public EnumerationGraphType SortDirection { get; } = new SortEnumGraphType();

    public IEnumerable<IGraphType> AllTypes => _all;

    public InputObjectGraphType Filter(string kind) => _filters[kind];

    public InputObjectGraphType Sort(string kind) => _sorts[kind];

    private void FillFilter(EntityKind kind)
    {
        var filter = _filters[kind.Name];
        AddLogical(filter);
        filter.AddField(new FieldType { Name = IdField, Description = "The entity's global id.", ResolvedType = _operations["ID"] });
        foreach (var field in FilterableFields(kind))
        {
            filter.AddField(new FieldType { Name = field.Name, Description = field.Description, ResolvedType = Operation(field.Property) });
        }

        filter.AddField(new FieldType { Name = "aliases", Description = "Conditions on the aliases.", ResolvedType = _operations["ListString"] });
        filter.AddField(new FieldType { Name = CitationsField, Description = "Conditions on the citations (stated or inferred).", ResolvedType = _operations["ListCitation"] });
        // Centrality scores every entity has (ScoreMeasures; over the whole graph, AnalyticsService.EntityScoreProjection).
        foreach (var measure in ScoreMeasures.All)
        {
            filter.AddField(new FieldType { Name = measure.Field, Description = measure.FieldDescription, ResolvedType = _operations["Float"] });
        }
        foreach (var (type, direction, end) in _model.RelationshipFieldsOf(kind.Name))
        {
            var target = type.TargetKind(direction);
            var condition = EdgeCondition(type, direction, target);
            if (end.Cardinality == Cardinality.One)
            {
                filter.AddField(new FieldType { Name = end.Field, Description = $"The {end.Field} matches.", ResolvedType = _filters[target] }
                    .WithMetadata(InputLimits.RelationshipHopKey, true));
                filter.AddField(new FieldType
                {
                    Name = end.Field + EdgeSuffix,
                    Description = $"The {end.Field} matches, with conditions on the {type.Name} relationship too (`{RelationshipField}`).",
                    ResolvedType = condition,
                }.WithMetadata(InputLimits.RelationshipHopKey, true));

                continue;
            }

            var list = Add(new InputObjectGraphType
            {
                Name = $"{kind.Name}{Pascal(end.Field)}ListFilterInput",
                Description = $"Conditions on {kind.Name}.{end.Field}.",
            });
            var targetFilter = _filters[target];
            foreach (var quantifier in FilterConvention.Quantifiers)
            {
                list.AddField(new FieldType { Name = quantifier.Name, Description = quantifier.RelationshipDescription, ResolvedType = targetFilter }
                    .WithMetadata(InputLimits.RelationshipHopKey, true));
            }

            list.AddField(new FieldType { Name = FilterConvention.Any, Description = "true: there is at least one; false: there are none.", Type = typeof(BooleanGraphType) });
            list.AddField(new FieldType { Name = "count", Description = "How many there are.", ResolvedType = _operations["Int"] }
                .WithMetadata(InputLimits.ValuesAreConditionsKey, true));
            // Our addition beside Hot Chocolate's shape: the same quantifiers over the target and the relationship walked to it.
            foreach (var quantifier in FilterConvention.Quantifiers)
            {
                list.AddField(new FieldType
                {
                    Name = quantifier.Name + EdgeSuffix,
                    Description = $"As `{quantifier.Name}`, with conditions on the {type.Name} relationship too (`{RelationshipField}`).",
                    ResolvedType = condition,
                }.WithMetadata(InputLimits.RelationshipHopKey, true));
            }

            filter.AddField(new FieldType { Name = end.Field, Description = end.Description, ResolvedType = list });
        }
    }

    /// <summary>The target's filter fields plus <c>relationship</c>: conditions on the relationship walked (its properties and citations).</summary>
    private IInputObjectGraphType EdgeCondition(RelationshipType type, Direction direction, string target)
    {
        // Every relationship has citations, so every one has conditions of its own (sources, and its filterable properties).
        var filterable = type.Properties.Where(p => p.Filterable).ToList();
        var name = $"{type.TypeName}{(direction == Direction.Outgoing ? "To" : "From")}{target}FilterInput";
        if (_operations.TryGetValue(name, out var existing))
        {
            return existing;
        }

        var relationship = (InputObjectGraphType?)_all.FirstOrDefault(t => t.Name == type.TypeName + "FilterInput");
        if (relationship is null)
        {
            relationship = Add(new InputObjectGraphType { Name = type.TypeName + "FilterInput", Description = $"Conditions on a {type.Name} relationship: its properties and citations." });
            AddLogical(relationship);
            foreach (var property in filterable)
            {
                relationship.AddField(new FieldType { Name = property.Name, Description = property.Description, ResolvedType = Operation(property) });
            }

            relationship.AddField(new FieldType
            {
                Name = CitationsField,
                Description = "Conditions on the relationship's citations (stated or inferred).",
                ResolvedType = _operations["ListCitation"],
            });
        }

        var edge = Add(new InputObjectGraphType { Name = name, Description = $"Conditions on the {target} and on the {type.Name} relationship to it." });
        _pendingEdges.Add((edge, target, relationship));
        _operations[name] = edge;
        return edge;
    }

    private void FillSorts(EntityKind kind)
    {
        var sort = _sorts[kind.Name];
        foreach (var field in FilterableFields(kind).Where(f => f.Name != "description"))
        {
            sort.AddField(new FieldType { Name = field.Name, Description = field.Description, ResolvedType = SortDirection });
        }

        foreach (var measure in ScoreMeasures.All)
        {
            sort.AddField(new FieldType { Name = measure.Field, Description = measure.FieldDescription, ResolvedType = SortDirection });
        }

        foreach (var (type, direction, end) in _model.RelationshipFieldsOf(kind.Name))
        {
            var target = type.TargetKind(direction);
            sort.AddField(end.Cardinality == Cardinality.One
                ? new FieldType { Name = end.Field, Description = $"Sort by a field of the {end.Field} (its own fields only: a score, count or further hop is refused).", ResolvedType = _sorts[target] }
                : new FieldType { Name = end.Field + CountSuffix, Description = $"Sort by how many {end.Field} there are.", ResolvedType = SortDirection });
        }
    }

    /// <summary>key, name, description and the kind's filterable properties (under the kind's GraphQL field names).</summary>
    public static IEnumerable<(string Name, string Field, string Description, PropertyDefinition Property)> FilterableFields(EntityKind kind)
    {
        yield return ("key", "key", "The entity's key.", new PropertyDefinition("key", PropertyType.String, ""));
        yield return (kind.NameField, "name", "The entity's name.", new PropertyDefinition("name", PropertyType.String, ""));
        yield return ("description", "description", "The entity's description.", new PropertyDefinition("description", PropertyType.String, ""));
        foreach (var property in kind.Properties.Where(p => p.Filterable))
        {
            yield return (property.Name, property.Name, property.Description, property);
        }
    }

    private IInputObjectGraphType Operation(PropertyDefinition property) => property.Type switch
    {
        PropertyType.String => _operations["String"],
        PropertyType.Int => _operations["Int"],
        PropertyType.Float => _operations["Float"],
        PropertyType.Boolean => _operations["Boolean"],
        PropertyType.Date => _operations["Date"],
        PropertyType.Enum => _operations[property.EnumName!],
        _ => throw new NotSupportedException(property.Type.ToString()),
    };

    private void CreateOperationInputs(IReadOnlyDictionary<string, EnumerationGraphType> enums)
    {
        var text = Add(new StringOperationFilterInputGraphType());
        _operations["String"] = text;
        _operations["Int"] = Add(OperationFilterInputGraphType.Of<IntGraphType>("IntOperationFilterInput", "Conditions on an integer.", FilterConvention.Comparable));
        _operations["Float"] = Add(OperationFilterInputGraphType.Of<FloatGraphType>("FloatOperationFilterInput", "Conditions on a number.", FilterConvention.Comparable));
        _operations["Date"] = Add(OperationFilterInputGraphType.Of("DateOperationFilterInput", "Conditions on a date.", FilterConvention.Comparable, _date));
        _operations["ID"] = Add(OperationFilterInputGraphType.Of<IdGraphType>("IdOperationFilterInput", "Conditions on a global id (one this service returned).",
            FilterConvention.Membership));
        var boolean = Add(OperationFilterInputGraphType.Of<BooleanGraphType>("BooleanOperationFilterInput", "Conditions on a boolean.", FilterConvention.Equality));
        _operations["Boolean"] = boolean;

        foreach (var (name, type) in enums)
        {
            _operations[name] = Add(OperationFilterInputGraphType.Of(name + "OperationFilterInput", $"Conditions on a {name}.", FilterConvention.Membership, type,
                nonNullItems: true));
        }

        _operations["ListString"] = Add(new ListFilterInputGraphType("ListStringOperationFilterInput", "Conditions on a list of strings.", text,
            "element", "true: the list has elements; false: it is empty."));
        var citation = Add(new SourceReferenceFilterInputGraphType(boolean));
        _operations["ListCitation"] = Add(new ListFilterInputGraphType("ListSourceReferenceFilterInput", "Conditions on a fact's citations.", citation,
            "citation", "true: the fact has citations; false: it has none."));
    }

    private static void AddLogical(InputObjectGraphType filter)
    {
        filter.AddField(new FieldType { Name = FilterConvention.And, Description = "Every condition holds.", ResolvedType = new ListGraphType(new NonNullGraphType(filter)) });
        filter.AddField(new FieldType { Name = FilterConvention.Or, Description = "At least one condition holds.", ResolvedType = new ListGraphType(new NonNullGraphType(filter)) });
        filter.AddField(new FieldType { Name = FilterConvention.Not, Description = "The condition does not hold.", ResolvedType = filter });
    }

    private T Add<T>(T type)
        where T : IGraphType
    {
        _all.Add(type);
        return type;
    }

    private static string Pascal(string camel) => char.ToUpperInvariant(camel[0]) + camel[1..];
}
