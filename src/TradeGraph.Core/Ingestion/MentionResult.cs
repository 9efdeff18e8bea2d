namespace TradeGraph.Core.Ingestion;

/// <summary>What <see cref="MentionFinder.Find"/> found: the linked mentions and the names it would not link, both in text order.</summary>
public sealed record MentionResult(IReadOnlyList<Mention> Mentions, IReadOnlyList<AmbiguousMention> Ambiguous);
