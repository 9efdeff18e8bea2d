using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;

namespace TradeGraph.Core.Writing;

/// <summary>
/// Checks a batch against the model before it reaches a store: known kinds, types and properties, values of the
/// declared types, required fields, key rule, and a source for every stated fact unless it is editorial.
/// What needs the stored graph (does the key exist, would a delete orphan anything) is the store's to check.
/// Paths are relative to one write's input, as the GraphQL input names them.
/// </summary>
public static class WriteValidator
{
    public static IReadOnlyList<WriteError> Validate(GraphModel model, WriteBatch batch)
    {
        var errors = new List<WriteError>();
        for (var index = 0; index < batch.Writes.Count; index++)
        {
            var report = new Report(errors, index);
            switch (batch.Writes[index])
            {
                case CreateEntity create:
                    CheckEntity(model, create, report);
                    break;
                case UpdateEntity update:
                    CheckUpdate(model, update, report);
                    break;
                case DeleteEntity delete:
                    CheckKind(model, delete.Kind, delete.Key, report);
                    break;
                case Connect connect:
                    CheckConnect(model, connect, report);
                    break;
                case Disconnect disconnect when !model.TryGetRelationship(disconnect.Type, out _):
                    report.Add(WriteErrorCodes.InvalidValue, $"Unknown relationship type '{disconnect.Type}'.", "type");
                    break;
            }
        }

        return errors;
    }

    private static void CheckEntity(GraphModel model, CreateEntity create, Report report)
    {
        var entity = create.Entity;
        if (!CheckKind(model, entity.Kind, entity.Key, report, out var kind))
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(entity.Name))
        {
            report.Add(WriteErrorCodes.Required, $"A {kind.Name} needs a non-empty {kind.NameField}.", kind.NameField);
        }

        CheckAliases(entity.Aliases, report);
        CheckProperties(model, kind.Properties, entity.Properties, $"a {kind.Name}", report);
        foreach (var property in kind.Properties.Where(p => p.Required && entity.Property(p.Name) is null))
        {
            report.Add(WriteErrorCodes.Required, $"A {kind.Name} needs '{property.Name}'.", property.Name);
        }

        CheckSources(entity.Sources, create.Editorial, report);
    }

    private static void CheckUpdate(GraphModel model, UpdateEntity update, Report report)
    {
        if (!CheckKind(model, update.Kind, update.Key, report, out var kind))
        {
            return;
        }

        if (update.Name is not null && string.IsNullOrWhiteSpace(update.Name))
        {
            report.Add(WriteErrorCodes.Required, $"A {kind.Name} needs a non-empty {kind.NameField}.", kind.NameField);
        }

        if (update.Aliases is not null)
        {
            CheckAliases(update.Aliases, report);
        }

        CheckProperties(model, kind.Properties, update.Properties, $"a {kind.Name}", report);
        foreach (var property in kind.Properties.Where(p => p.Required && update.Properties.TryGetValue(p.Name, out var value) && value is null))
        {
            report.Add(WriteErrorCodes.Required, $"'{property.Name}' is required for a {kind.Name}; it cannot be cleared.", property.Name);
        }

        CheckSources(update.Sources, update.Editorial, report);
    }

    private static void CheckConnect(GraphModel model, Connect connect, Report report)
    {
        var relationship = connect.Relationship;
        if (!model.TryGetRelationship(relationship.Type, out var type))
        {
            report.Add(WriteErrorCodes.InvalidValue, $"Unknown relationship type '{relationship.Type}'.", "type");
            return;
        }

        foreach (var (key, field) in new[] { (relationship.From, "from"), (relationship.To, "to") })
        {
            if (!EntityKeys.IsValid(key))
            {
                report.Add(WriteErrorCodes.InvalidValue, $"'{key}' is not a key: a key is {EntityKeys.Rule}.", field);
            }
        }

        CheckProperties(model, type.Properties, relationship.Properties, $"a {type.Name} relationship", report);
        CheckSources(relationship.Sources, connect.Editorial, report);
    }

    private static bool CheckKind(GraphModel model, string kindName, string key, Report report) => CheckKind(model, kindName, key, report, out _);

    private static bool CheckKind(GraphModel model, string kindName, string key, Report report, out EntityKind kind)
    {
        if (!model.TryGetKind(kindName, out kind))
        {
            report.Add(WriteErrorCodes.InvalidValue, $"Unknown entity kind '{kindName}'.", "kind");
            return false;
        }

        if (!EntityKeys.IsValid(key))
        {
            report.Add(WriteErrorCodes.InvalidValue, $"'{key}' is not a key: a key is {EntityKeys.Rule}.", "key");
        }

        return true;
    }

    private static void CheckAliases(IReadOnlyList<string> aliases, Report report)
    {
        if (aliases.Any(string.IsNullOrWhiteSpace))
        {
            report.Add(WriteErrorCodes.InvalidValue, "An alias cannot be empty.", "aliases");
        }
    }

    private static void CheckProperties(GraphModel model, IReadOnlyList<PropertyDefinition> declared,
        IReadOnlyDictionary<string, object?> values, string owner, Report report)
    {
        foreach (var (name, value) in values)
        {
            var property = declared.FirstOrDefault(p => p.Name == name);
            if (property is null)
            {
                report.Add(WriteErrorCodes.InvalidValue, $"'{name}' is not a property of {owner}.", name);
            }
            else if (value is not null && !Fits(model, property, value))
            {
                report.Add(WriteErrorCodes.InvalidValue, $"'{name}' of {owner} must be {PropertyValues.Describe(property)}.", name);
            }
        }
    }

    private static bool Fits(GraphModel model, PropertyDefinition property, object value) => property.Type switch
    {
        PropertyType.String => value is string,
        PropertyType.Int => value is long or int,
        PropertyType.Float => value is double or long or int,
        PropertyType.Boolean => value is bool,
        PropertyType.Date => value is DateOnly,
        PropertyType.Enum => value is string text && model.Enum(property.EnumName!).Values.Contains(text),
        _ => false,
    };

    private static void CheckSources(IReadOnlyList<SourceReference> sources, bool editorial, Report report)
    {
        if (sources.Count == 0 && !editorial)
        {
            report.Add(WriteErrorCodes.SourceRequired,
                "Cite the source that states this fact (sources: [{ source, locator }]), or mark the write editorial: true.", "sources");
        }

        foreach (var source in sources.Where(s => !EntityKeys.IsValid(s.Source)))
        {
            report.Add(WriteErrorCodes.InvalidValue, $"'{source.Source}' is not a source key: a key is {EntityKeys.Rule}.", "sources");
        }

        foreach (var source in sources)
        {
            if (CitationRule.Check(source) is { } problem)
            {
                report.Add(WriteErrorCodes.InvalidValue, $"The citation of '{source.Source}' {source.Locator}: {problem}.", "sources");
            }
        }
    }

    private readonly record struct Report(List<WriteError> Errors, int Index)
    {
        public void Add(string code, string message, string field) => Errors.Add(new WriteError(code, message, [field], Index));
    }
}
