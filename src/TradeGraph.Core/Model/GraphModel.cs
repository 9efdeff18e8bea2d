using System.Text.RegularExpressions;

namespace TradeGraph.Core.Model;

/// <summary>
/// The declared model: entity kinds, relationship types and enums, with lookups.
/// Everything that depends on the shape of the graph (store indexes, GraphQL types, seed validation) reads it from here.
/// </summary>
public sealed partial class GraphModel
{
    /// <summary>The kind whose entities are the sources that facts cite.</summary>
    public const string SourceKind = "Source";

    /// <summary>A relationship end that takes an entity of any kind that is an Entity (such as what a Source MENTIONS).</summary>
    public const string AnyEntity = "Entity";

    private readonly Dictionary<string, EntityKind> _kinds;
    private readonly Dictionary<string, RelationshipType> _relationships;
    private readonly Dictionary<string, EnumDefinition> _enums;

    public GraphModel(IEnumerable<EntityKind> kinds, IEnumerable<RelationshipType> relationships, IEnumerable<EnumDefinition> enums)
    {
        Kinds = [.. kinds];
        RelationshipTypes = [.. relationships];
        Enums = [.. enums];
        _kinds = Unique(Kinds, k => k.Name, "entity kind");
        _relationships = Unique(RelationshipTypes, r => r.Name, "relationship type");
        _enums = Unique(Enums, e => e.Name, "enum");
        Validate();
    }

    public IReadOnlyList<EntityKind> Kinds { get; }

    public IReadOnlyList<RelationshipType> RelationshipTypes { get; }

    public IReadOnlyList<EnumDefinition> Enums { get; }

    public EntityKind Kind(string name) =>
        _kinds.TryGetValue(name, out var kind) ? kind
        : name == AnyEntity ? AnyEntityKind
        : throw new KeyNotFoundException($"Unknown entity kind '{name}'.");

    /// <summary>The pseudo-kind at an end declared <see cref="AnyEntity"/>: only the fields every entity has.</summary>
    public EntityKind AnyEntityKind { get; } = new(AnyEntity, "entities", "Any entity of the graph.", []);

    /// <summary>Every kind a relationship can reach: the declared kinds, and <see cref="AnyEntityKind"/> when a type ends at any entity.</summary>
    public IEnumerable<EntityKind> ReachableKinds =>
        RelationshipTypes.Any(t => t.From == AnyEntity || t.To == AnyEntity) ? Kinds.Append(AnyEntityKind) : Kinds;

    public bool TryGetKind(string name, out EntityKind kind) => _kinds.TryGetValue(name, out kind!);

    public RelationshipType Relationship(string name) =>
        _relationships.TryGetValue(name, out var type) ? type : throw new KeyNotFoundException($"Unknown relationship type '{name}'.");

    public bool TryGetRelationship(string name, out RelationshipType type) => _relationships.TryGetValue(name, out type!);

    public EnumDefinition Enum(string name) => _enums[name];

    /// <summary>Whether an entity of <paramref name="kind"/> may stand at a relationship end declared as <paramref name="endKind"/>.</summary>
    public static bool Accepts(string endKind, EntityKind kind) => endKind == kind.Name || (endKind == AnyEntity && kind.IsEntity);

    /// <summary>The relationship fields an entity of <paramref name="kind"/> has, in declaration order.</summary>
    public IEnumerable<(RelationshipType Type, Direction Direction, RelationshipEnd End)> RelationshipFieldsOf(string kind)
    {
        foreach (var type in RelationshipTypes)
        {
            if (Ends(type.From, kind))
            {
                yield return (type, Direction.Outgoing, type.Outgoing);
            }

            if (Ends(type.To, kind))
            {
                yield return (type, Direction.Incoming, type.Incoming);
            }
        }
    }

    private bool Ends(string endKind, string kind) => endKind == kind || (endKind == AnyEntity && Kind(kind).IsEntity);

    private void Validate()
    {
        if (!_kinds.ContainsKey(SourceKind))
        {
            throw new InvalidOperationException($"The model must declare the '{SourceKind}' kind: every fact cites one.");
        }

        foreach (var kind in Kinds)
        {
            Require(PascalCase().IsMatch(kind.Name), $"Entity kind '{kind.Name}' must be PascalCase.");
            Require(kind.Name != AnyEntity, $"'{AnyEntity}' is reserved for relationship ends that take any entity.");
            Require(CamelCase().IsMatch(kind.PluralField), $"Plural field '{kind.PluralField}' must be camelCase.");
            ValidateProperties(kind.Properties, $"entity kind {kind.Name}", EntityFields(kind));
            var relationshipFields = RelationshipFieldsOf(kind.Name).Select(f => f.End.Field).ToList();
            foreach (var field in relationshipFields)
            {
                Require(!EntityFields(kind).Contains(field) && kind.FindProperty(field) is null,
                    $"Relationship field '{field}' clashes with a property of {kind.Name}.");
                Require(relationshipFields.Count(f => f == field) == 1, $"{kind.Name} has two relationship fields named '{field}'.");
            }
        }

        foreach (var type in RelationshipTypes)
        {
            Require(UpperSnakeCase().IsMatch(type.Name), $"Relationship type '{type.Name}' must be UPPER_SNAKE_CASE.");
            Require(_kinds.ContainsKey(type.From) || type.From == AnyEntity, $"Relationship {type.Name} starts at unknown kind '{type.From}'.");
            Require(_kinds.ContainsKey(type.To) || type.To == AnyEntity, $"Relationship {type.Name} ends at unknown kind '{type.To}'.");
            Require(CamelCase().IsMatch(type.Outgoing.Field) && CamelCase().IsMatch(type.Incoming.Field),
                $"Relationship {type.Name} fields must be camelCase.");
            ValidateProperties(type.Properties, $"relationship type {type.Name}", ["type", "sources", "from", "to", "history"]);
        }
    }

    private void ValidateProperties(IReadOnlyList<PropertyDefinition> properties, string owner, IReadOnlyCollection<string> reserved)
    {
        foreach (var property in properties)
        {
            Require(CamelCase().IsMatch(property.Name), $"Property '{property.Name}' of {owner} must be camelCase.");
            Require(!reserved.Contains(property.Name), $"Property '{property.Name}' of {owner} is reserved.");
            Require(properties.Count(p => p.Name == property.Name) == 1, $"Property '{property.Name}' of {owner} is declared twice.");
            Require((property.Type == PropertyType.Enum) == (property.EnumName is not null),
                $"Property '{property.Name}' of {owner}: an enum property names its enum, and only an enum property does.");
            Require(property.EnumName is null || _enums.ContainsKey(property.EnumName),
                $"Property '{property.Name}' of {owner} uses unknown enum '{property.EnumName}'.");
        }
    }

    /// <summary>The fields every entity has, which no declared property may shadow.</summary>
    public static IReadOnlyCollection<string> EntityFields(EntityKind kind) =>
        ["id", "key", kind.NameField, "name", "aliases", "description", "sources", "history", "community"];

    private static Dictionary<string, T> Unique<T>(IEnumerable<T> items, Func<T, string> name, string what)
    {
        var result = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            Require(result.TryAdd(name(item), item), $"The {what} '{name(item)}' is declared twice.");
        }

        return result;
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException("Invalid graph model: " + message);
        }
    }

    [GeneratedRegex("^[A-Z][A-Za-z0-9]*$")]
    private static partial Regex PascalCase();

    [GeneratedRegex("^[a-z][A-Za-z0-9]*$")]
    private static partial Regex CamelCase();

    [GeneratedRegex("^[A-Z][A-Z0-9_]*$")]
    private static partial Regex UpperSnakeCase();
}
