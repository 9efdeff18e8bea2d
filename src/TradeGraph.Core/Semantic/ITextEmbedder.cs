namespace TradeGraph.Core.Semantic;

/// <summary>
/// Turns text into vectors whose dot product measures likeness of meaning. Every vector has <see cref="Dimensions"/>
/// values and is L2-normalised, so a dot product is the cosine similarity. <see cref="ModelId"/> names the model: vectors
/// of different models are never compared (a store keeps the model beside each vector and re-embeds on a change).
/// </summary>
public interface ITextEmbedder
{
    string ModelId { get; }

    int Dimensions { get; }

    /// <summary>One vector per text, in order.</summary>
    Task<float[][]> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken);
}
