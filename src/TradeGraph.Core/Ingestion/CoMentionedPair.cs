namespace TradeGraph.Core.Ingestion;

/// <summary>
/// Two distinct entities named in the same paragraphs: <see cref="FirstKey"/> sorts before <see cref="SecondKey"/>
/// (ordinal); <see cref="Paragraphs"/> are the paragraph indexes they share, ascending.
/// </summary>
public sealed record CoMentionedPair(string FirstKey, string SecondKey, IReadOnlyList<int> Paragraphs);
