using TradeGraph.Core.Model;

namespace TradeGraph.Core.Writing;

/// <summary>
/// The fields of an entity as a write compares them (the stored ones, or the ones it leaves), and the one definition of
/// what an upsert or an update makes of them, which every store applies. A property set to null is cleared.
/// </summary>
public sealed record EntityFields(string Name, IReadOnlyList<string> Aliases, string? Description, IReadOnlyDictionary<string, object?> Properties)
{
    /// <summary>An upsert of an existing entity: the fields the caller gave replace these; the others stay.</summary>
    public EntityFields Upserted(CreateEntity create, EntityKind kind)
    {
        var entity = create.Entity;
        bool Given(string field) => create.GivenFields.Contains(field);
        var properties = Properties.ToDictionary(StringComparer.Ordinal);
        foreach (var property in kind.Properties.Where(p => Given(p.Name)))
        {
            properties[property.Name] = entity.Property(property.Name);
        }

        return new(Given("name") ? entity.Name : Name, Given("aliases") ? entity.Aliases : Aliases,
            Given("description") ? entity.Description : Description, properties);
    }

    /// <summary>An update: what it sets replaces these (null name or aliases keep theirs); the rest stays.</summary>
    public EntityFields Updated(UpdateEntity update)
    {
        var properties = Properties.ToDictionary(StringComparer.Ordinal);
        foreach (var (name, value) in update.Properties)
        {
            properties[name] = value;
        }

        return new(update.Name ?? Name, update.Aliases ?? Aliases, update.SetDescription ? update.Description : Description, properties);
    }
}
