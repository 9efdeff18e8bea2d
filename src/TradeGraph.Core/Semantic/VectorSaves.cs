namespace TradeGraph.Core.Semantic;

/// <summary>
/// A vector to store for <see cref="Owner"/> (an entity, a passage) under <see cref="Key"/>, where the text it embeds is
/// still <see cref="Text"/>.
/// </summary>
public sealed record VectorSave<TOwner>(TOwner Owner, string Key, string Kind, string Text, QuantizedVector Vector)
{
    /// <summary>The fingerprint of the embedded text, stored beside the vector.</summary>
    public long Fingerprint { get; } = EmbeddedText.Fingerprint(Text);

    /// <summary>What the save reports once the store kept it.</summary>
    public StoredEmbedding Stored => new(Key, Kind, Fingerprint, Vector);
}

/// <summary>
/// The bookkeeping of a save of vectors, the same for entities and passages on every store: nothing to save asks the
/// store nothing; the store's primitive returns the keys it kept (those whose text was unchanged) and the save reports
/// exactly those, in the order given.
/// </summary>
public static class VectorSaves
{
    public static async Task<IReadOnlyList<StoredEmbedding>> SaveAsync<TOwner>(IReadOnlyList<VectorSave<TOwner>> saves,
        Func<IReadOnlyList<VectorSave<TOwner>>, CancellationToken, Task<IReadOnlySet<string>>> keep, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(saves);
        ArgumentNullException.ThrowIfNull(keep);
        if (saves.Count == 0)
        {
            return [];
        }

        var kept = await keep(saves, cancellationToken);
        return [.. saves.Where(s => kept.Contains(s.Key)).Select(s => s.Stored)];
    }
}
