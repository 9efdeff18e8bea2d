using TradeGraph.Core.Passages;

namespace TradeGraph.Core.Graph;

/// <summary>
/// A set of entities and relationships to load into a store in one transaction (a seed, an import), and the passages
/// kept from its sources (text only: vectors are recomputed after an import). Null passages: none.
/// </summary>
public sealed record GraphDocument(IReadOnlyList<Entity> Entities, IReadOnlyList<Relationship> Relationships, IReadOnlyList<Passage>? Passages = null)
{
    /// <summary>The passages, none when the document has none.</summary>
    public IReadOnlyList<Passage> PassagesOrNone => Passages ?? [];
}
