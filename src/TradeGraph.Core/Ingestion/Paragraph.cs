namespace TradeGraph.Core.Ingestion;

/// <summary>
/// One paragraph of a normalized article: <see cref="Index"/> is 0-based (the locator "¶0" is the first paragraph; in an
/// ingested article, its headline: <see cref="ArticleText.ArticleParagraphs"/>),
/// <see cref="Start"/> is the character offset of <see cref="Text"/> in the normalized article text.
/// </summary>
public sealed record Paragraph(int Index, int Start, string Text);
