namespace TradeGraph.Core.Ingestion;

/// <summary>
/// An entity named in a paragraph. <see cref="Paragraph"/> is the paragraph's <see cref="Ingestion.Paragraph.Index"/>;
/// <see cref="Start"/> and <see cref="End"/> (exclusive) are offsets within that paragraph's text, and <see cref="Text"/>
/// is exactly the original text between them (a possessive "'s" is not part of it).
/// </summary>
public sealed record Mention(string Key, string Kind, int Paragraph, int Start, int End, string Text);
