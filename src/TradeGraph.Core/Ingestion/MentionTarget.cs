using TradeGraph.Core.Graph;

namespace TradeGraph.Core.Ingestion;

/// <summary>An entity that articles may mention: its kind, key, and every name it goes by (name and aliases).</summary>
public sealed record MentionTarget(string Kind, string Key, IReadOnlyList<string> Names)
{
    /// <summary>The target for an entity: its name followed by its aliases.</summary>
    public static MentionTarget From(Entity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return new MentionTarget(entity.Kind, entity.Key, [entity.Name, .. entity.Aliases]);
    }
}
