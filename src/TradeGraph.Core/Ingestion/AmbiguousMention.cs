namespace TradeGraph.Core.Ingestion;

/// <summary>
/// A name in a paragraph that belongs to more than one entity, so it was not linked. <see cref="CandidateKeys"/> are
/// the entities it could mean (ordinal order); the position is given as in <see cref="Mention"/>.
/// </summary>
public sealed record AmbiguousMention(string Text, IReadOnlyList<string> CandidateKeys, int Paragraph, int Start, int End);
