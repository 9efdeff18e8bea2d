using System.Text.Json;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;

namespace TradeGraph.Core.Seeding;

/// <summary>
/// Reads seed files (<c>{ "entities": [...], "relationships": [...] }</c>) and checks every item against the model:
/// unknown kinds, types or properties, bad values and dates, duplicate keys, dangling references and cardinality.
/// Either the whole seed is valid and comes back as one <see cref="GraphDocument"/>, or a
/// <see cref="SeedValidationException"/> lists every problem by file and item. The curated seed must cite a source for
/// every fact; an import of an export may hold editorial facts (written without a source), so it passes
/// <c>requireSources: false</c>.
/// </summary>
public sealed class SeedReader(GraphModel model, bool requireSources = true)
{
    private static readonly string[] EntityFields = ["kind", "key", "name", "aliases", "description", "properties", "sources"];
    private static readonly string[] RelationshipFields = ["type", "from", "to", "properties", "sources"];

    /// <summary>Reads every <c>*.json</c> file of a folder, in name order.</summary>
    public GraphDocument ReadDirectory(string path)
    {
        if (!Directory.Exists(path))
        {
            throw new DirectoryNotFoundException($"Seed folder '{path}' does not exist.");
        }

        var files = Directory.GetFiles(path, "*.json").Order(StringComparer.Ordinal)
            .Select(f => (Path.GetFileName(f), File.ReadAllText(f)));
        return Read(files);
    }

    /// <summary>Reads named JSON texts as one seed.</summary>
    public GraphDocument Read(IEnumerable<(string Name, string Json)> files)
    {
        var errors = new List<SeedError>();
        var entities = new List<(Entity Entity, string File, string Item)>();
        var relationships = new List<(Relationship Relationship, string File, string Item)>();
        var passages = new PassageSection();

        foreach (var (name, json) in files)
        {
            ReadFile(name, json, entities, relationships, passages, errors);
        }

        CheckReferences(entities, relationships, errors);
        passages.CheckSources(entities.Select(e => e.Entity), errors);
        if (errors.Count > 0)
        {
            throw new SeedValidationException(errors);
        }

        return new GraphDocument([.. entities.Select(e => e.Entity)], [.. relationships.Select(r => r.Relationship)], passages.Passages);
    }

    private void ReadFile(string file, string json, List<(Entity, string, string)> entities,
        List<(Relationship, string, string)> relationships, PassageSection passages, List<SeedError> errors)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            errors.Add(new SeedError(file, $"line {e.LineNumber + 1}", "not valid JSON: " + e.Message));
            return;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new SeedError(file, "(root)", "expected an object with \"entities\" and/or \"relationships\""));
                return;
            }

            foreach (var member in root.EnumerateObject())
            {
                if (member.Name is not ("entities" or "relationships" or PassageSection.Field or "$comment"))
                {
                    errors.Add(new SeedError(file, member.Name, "unknown top-level field (expected \"entities\", \"relationships\" or \"passages\")"));
                }
            }

            passages.Read(root, file, errors);

            var index = 0;
            foreach (var item in Array(root, "entities", file, errors))
            {
                var context = new ItemContext(file, $"entities[{index++}]", errors);
                if (ReadEntity(item, context) is { } entity)
                {
                    entities.Add((entity, file, context.Item));
                }
            }

            index = 0;
            foreach (var item in Array(root, "relationships", file, errors))
            {
                var context = new ItemContext(file, $"relationships[{index++}]", errors);
                if (ReadRelationship(item, context) is { } relationship)
                {
                    relationships.Add((relationship, file, context.Item));
                }
            }
        }
    }

    private Entity? ReadEntity(JsonElement item, ItemContext context)
    {
        if (!context.RequireObject(item, EntityFields))
        {
            return null;
        }

        var key = context.RequiredString(item, "key");
        if (key is not null)
        {
            context.Item += $" '{key}'";
            if (!EntityKeys.IsValid(key))
            {
                context.Error($"key '{key}' must be {EntityKeys.Rule}");
            }
        }

        var kindName = context.RequiredString(item, "kind");
        EntityKind? kind = null;
        if (kindName is not null && !model.TryGetKind(kindName, out kind))
        {
            context.Error($"unknown kind '{kindName}' (known: {string.Join(", ", model.Kinds.Select(k => k.Name))})");
        }

        var name = context.RequiredString(item, "name");
        var aliases = context.StringArray(item, "aliases");
        var description = context.OptionalString(item, "description");
        var sources = ReadSources(item, context);
        var properties = kind is null ? null : ReadProperties(item, kind.Properties, $"kind {kind.Name}", context);

        return key is null || kind is null || name is null || properties is null || context.Failed
            ? null
            : new Entity(kind.Name, key, name, aliases, description, properties, sources);
    }

    private Relationship? ReadRelationship(JsonElement item, ItemContext context)
    {
        if (!context.RequireObject(item, RelationshipFields))
        {
            return null;
        }

        var typeName = context.RequiredString(item, "type");
        var from = context.RequiredString(item, "from");
        var to = context.RequiredString(item, "to");
        context.Item += $" {typeName} '{from}' -> '{to}'";
        RelationshipType? type = null;
        if (typeName is not null && !model.TryGetRelationship(typeName, out type))
        {
            context.Error($"unknown relationship type '{typeName}'");
        }

        var sources = ReadSources(item, context);
        var properties = type is null ? null : ReadProperties(item, type.Properties, $"relationship {type.Name}", context);
        return type is null || from is null || to is null || properties is null || context.Failed
            ? null
            : new Relationship(type.Name, from, to, properties, sources);
    }

    private Dictionary<string, object?>? ReadProperties(JsonElement item, IReadOnlyList<PropertyDefinition> declared, string owner, ItemContext context)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (item.TryGetProperty("properties", out var json) && json.ValueKind != JsonValueKind.Null)
        {
            if (json.ValueKind != JsonValueKind.Object)
            {
                context.Error("\"properties\" must be an object");
                return null;
            }

            foreach (var member in json.EnumerateObject())
            {
                var property = declared.FirstOrDefault(p => p.Name == member.Name);
                if (property is null)
                {
                    var known = declared.Count == 0 ? "none" : string.Join(", ", declared.Select(p => p.Name));
                    context.Error($"unknown property '{member.Name}' for {owner} (declared: {known})");
                    continue;
                }

                var value = PropertyValues.FromJson(property, member.Value, model, out var error);
                if (error is not null)
                {
                    context.Error($"property '{member.Name}': {error}");
                }
                else if (value is not null)
                {
                    result[property.Name] = value;
                }
            }
        }

        foreach (var property in declared.Where(p => p.Required && !result.ContainsKey(p.Name)))
        {
            context.Error($"missing required property '{property.Name}' for {owner}");
        }

        return result;
    }

    private List<SourceReference> ReadSources(JsonElement item, ItemContext context)
    {
        var result = new List<SourceReference>();
        var present = item.TryGetProperty("sources", out var sources) && sources.ValueKind != JsonValueKind.Null;
        if (!requireSources && (!present || sources is { ValueKind: JsonValueKind.Array } && sources.GetArrayLength() == 0))
        {
            return result;
        }

        if (!present || sources.ValueKind != JsonValueKind.Array || sources.GetArrayLength() == 0)
        {
            context.Error("every fact must cite at least one source: \"sources\": [{ \"source\": key, \"locator\": \"¶N\" }]");
            return result;
        }

        foreach (var source in sources.EnumerateArray())
        {
            if (source.ValueKind == JsonValueKind.Object
                && source.TryGetProperty("source", out var key) && key.ValueKind == JsonValueKind.String
                && Optional(source, "locator", JsonValueKind.String)
                && Optional(source, "inferred", JsonValueKind.True, JsonValueKind.False)
                && Optional(source, "note", JsonValueKind.String))
            {
                var citation = new SourceReference(key.GetString()!,
                    source.TryGetProperty("locator", out var locator) ? locator.GetString() : null,
                    source.TryGetProperty("inferred", out var inferred) && inferred.ValueKind == JsonValueKind.True,
                    source.TryGetProperty("note", out var note) ? note.GetString() : null);
                if (CitationRule.Check(citation) is { } problem)
                {
                    context.Error($"the citation of '{citation.Source}' {citation.Locator}: {problem}");
                    continue;
                }

                result.Add(citation);
            }
            else
            {
                context.Error("each source must be { \"source\": key, \"locator\": string, \"inferred\": boolean, \"note\": string }");
            }
        }

        return result;

        // A member that is absent, null or of one of the kinds.
        static bool Optional(JsonElement item, string name, params JsonValueKind[] kinds) =>
            !item.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null || kinds.Contains(value.ValueKind);
    }

    private void CheckReferences(List<(Entity Entity, string File, string Item)> entities,
        List<(Relationship Relationship, string File, string Item)> relationships, List<SeedError> errors)
    {
        var byKey = new Dictionary<string, (Entity Entity, string File, string Item)>(StringComparer.Ordinal);
        foreach (var entry in entities)
        {
            if (byKey.TryGetValue(entry.Entity.Key, out var first))
            {
                errors.Add(new SeedError(entry.File, entry.Item, $"duplicate key '{entry.Entity.Key}' (first declared in {first.File} {first.Item})"));
            }
            else
            {
                byKey[entry.Entity.Key] = entry;
            }
        }

        void CheckSources(IReadOnlyList<SourceReference> sources, string file, string item)
        {
            foreach (var source in sources)
            {
                if (!byKey.TryGetValue(source.Source, out var target))
                {
                    errors.Add(new SeedError(file, item, $"cites unknown source '{source.Source}'"));
                }
                else if (target.Entity.Kind != GraphModel.SourceKind)
                {
                    errors.Add(new SeedError(file, item, $"cites '{source.Source}', which is a {target.Entity.Kind}, not a {GraphModel.SourceKind}"));
                }
            }
        }

        foreach (var (entity, file, item) in entities)
        {
            CheckSources(entity.Sources, file, item);
        }

        var seen = new Dictionary<(string, string, string), string>();
        var ends = new HashSet<(string Type, Direction Direction, string Key)>();
        foreach (var (relationship, file, item) in relationships)
        {
            CheckSources(relationship.Sources, file, item);
            var type = model.Relationship(relationship.Type);
            var ok = CheckEnd(relationship.From, type.From, "from") & CheckEnd(relationship.To, type.To, "to");
            if (!seen.TryAdd((relationship.Type, relationship.From, relationship.To), $"{file} {item}"))
            {
                errors.Add(new SeedError(file, item, $"duplicate relationship (first declared in {seen[(relationship.Type, relationship.From, relationship.To)]})"));
            }
            else if (ok)
            {
                CheckCardinality(type.Outgoing, Direction.Outgoing, relationship.From, $"'{relationship.From}'");
                CheckCardinality(type.Incoming, Direction.Incoming, relationship.To, $"'{relationship.To}'");
            }

            bool CheckEnd(string key, string expectedKind, string end)
            {
                if (!byKey.TryGetValue(key, out var target))
                {
                    errors.Add(new SeedError(file, item, $"\"{end}\" refers to unknown key '{key}'"));
                    return false;
                }

                if (!GraphModel.Accepts(expectedKind, model.Kind(target.Entity.Kind)))
                {
                    errors.Add(new SeedError(file, item, $"\"{end}\" '{key}' is a {target.Entity.Kind}, but {type.Name} needs a {expectedKind}"));
                    return false;
                }

                return true;
            }

            void CheckCardinality(RelationshipEnd end, Direction direction, string key, string who)
            {
                if (end.Cardinality == Cardinality.One && !ends.Add((type.Name, direction, key)))
                {
                    errors.Add(new SeedError(file, item, $"{who} already has a {type.Name} relationship ({end.Field} is a single value)"));
                }
            }
        }
    }

    private static IEnumerable<JsonElement> Array(JsonElement root, string name, string file, List<SeedError> errors)
    {
        if (!root.TryGetProperty(name, out var array))
        {
            return [];
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            errors.Add(new SeedError(file, name, "must be an array"));
            return [];
        }

        return array.EnumerateArray();
    }


    private sealed class ItemContext(string file, string item, List<SeedError> errors)
    {
        public string Item { get; set; } = item;

        public bool Failed { get; private set; }

        public void Error(string reason)
        {
            Failed = true;
            errors.Add(new SeedError(file, Item, reason));
        }

        public bool RequireObject(JsonElement item, string[] allowed)
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                Error("expected an object");
                return false;
            }

            foreach (var member in item.EnumerateObject().Where(m => !allowed.Contains(m.Name)))
            {
                Error($"unknown field '{member.Name}' (allowed: {string.Join(", ", allowed)})");
            }

            return true;
        }

        public string? RequiredString(JsonElement item, string name)
        {
            if (item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString()!.Trim().Length > 0)
            {
                return value.GetString();
            }

            Error($"missing \"{name}\" (a non-empty string)");
            return null;
        }

        public string? OptionalString(JsonElement item, string name)
        {
            if (!item.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (value.ValueKind == JsonValueKind.String)
            {
                return value.GetString();
            }

            Error($"\"{name}\" must be a string");
            return null;
        }

        public List<string> StringArray(JsonElement item, string name)
        {
            var result = new List<string>();
            if (!item.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return result;
            }

            if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String))
            {
                Error($"\"{name}\" must be an array of strings");
                return result;
            }

            result.AddRange(value.EnumerateArray().Select(v => v.GetString()!));
            return result;
        }
    }
}
