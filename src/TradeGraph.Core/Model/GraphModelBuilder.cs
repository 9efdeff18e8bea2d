namespace TradeGraph.Core.Model;

/// <summary>Fluent declarations for <see cref="TradeModel"/>; <see cref="Build"/> validates the whole model.</summary>
public sealed class GraphModelBuilder
{
    private readonly List<EntityKind> _kinds = [];
    private readonly List<RelationshipType> _relationships = [];
    private readonly List<EnumDefinition> _enums = [];

    public GraphModelBuilder()
    {
    }

    /// <summary>Starts from <paramref name="model"/>'s declarations, to declare more (a variant of a model, as tests build).</summary>
    public GraphModelBuilder(GraphModel model)
    {
        _kinds.AddRange(model.Kinds);
        _relationships.AddRange(model.RelationshipTypes);
        _enums.AddRange(model.Enums);
    }

    public GraphModelBuilder Enum(string name, string description, params string[] values)
    {
        _enums.Add(new EnumDefinition(name, description, values));
        return this;
    }

    public GraphModelBuilder Entity(string name, string pluralField, string description, Action<PropertyListBuilder>? properties = null,
        string nameField = "name", bool isEntity = true)
    {
        var list = new PropertyListBuilder();
        properties?.Invoke(list);
        _kinds.Add(new EntityKind(name, pluralField, description, list.Build(), nameField, isEntity));
        return this;
    }

    public GraphModelBuilder Relationship(string name, string from, string to, string description,
        RelationshipEnd outgoing, RelationshipEnd incoming, Action<PropertyListBuilder>? properties = null)
    {
        var list = new PropertyListBuilder();
        properties?.Invoke(list);
        _relationships.Add(new RelationshipType(name, from, to, description, outgoing, incoming, list.Build()));
        return this;
    }

    public static RelationshipEnd One(string field, string description) => new(field, Cardinality.One, description);

    public static RelationshipEnd Many(string field, string description) => new(field, Cardinality.Many, description);

    public GraphModel Build() => new(_kinds, _relationships, _enums);

    public sealed class PropertyListBuilder
    {
        private readonly List<PropertyDefinition> _properties = [];

        public PropertyListBuilder String(string name, string description, bool required = false, bool indexed = false, bool filterable = true) =>
            Add(new PropertyDefinition(name, PropertyType.String, description, required, Indexed: indexed, Filterable: filterable));

        public PropertyListBuilder Int(string name, string description, bool required = false, bool indexed = false) =>
            Add(new PropertyDefinition(name, PropertyType.Int, description, required, Indexed: indexed));

        public PropertyListBuilder Float(string name, string description, bool required = false, bool indexed = false) =>
            Add(new PropertyDefinition(name, PropertyType.Float, description, required, Indexed: indexed));

        public PropertyListBuilder Boolean(string name, string description, bool required = false) =>
            Add(new PropertyDefinition(name, PropertyType.Boolean, description, required));

        public PropertyListBuilder Date(string name, string description, bool required = false, bool indexed = false) =>
            Add(new PropertyDefinition(name, PropertyType.Date, description, required, Indexed: indexed));

        public PropertyListBuilder Enum(string name, string enumName, string description, bool required = false, bool indexed = false) =>
            Add(new PropertyDefinition(name, PropertyType.Enum, description, required, enumName, indexed));

        internal IReadOnlyList<PropertyDefinition> Build() => _properties;

        private PropertyListBuilder Add(PropertyDefinition property)
        {
            _properties.Add(property);
            return this;
        }
    }
}
