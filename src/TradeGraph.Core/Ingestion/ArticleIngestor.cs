using System.Globalization;
using System.Text;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;
using TradeGraph.Core.Passages;
using TradeGraph.Core.Querying;
using TradeGraph.Core.Storage;
using TradeGraph.Core.Writing;

namespace TradeGraph.Core.Ingestion;

/// <summary>An article to ingest. Without a <see cref="Key"/>, one is made from the title and date.</summary>
public sealed record Article(string Title, string Text, DateOnly? PublishedOn = null, string? Url = null, string? Key = null,
    string? Publisher = null, string? Language = null);

/// <summary>
/// What ingesting an article found and did. <see cref="AlreadyIngested"/>: the same text (by content hash) was ingested
/// before as <see cref="Source"/>, and nothing was written; the mentions are still reported, found afresh.
/// </summary>
public sealed record IngestionResult(
    Entity Source,
    bool AlreadyIngested,
    IReadOnlyList<Paragraph> Paragraphs,
    MentionResult Found,
    IReadOnlyList<CoMentionedPair> CoMentions,
    WriteResult? Write);

/// <summary>
/// Stores an article as a Source and links it to every known entity it names (MENTIONS, one citation per mention with
/// its paragraph and offsets as the locator), in one write. The same text twice is one Source. The paragraphs it cites
/// are kept as the Source's passages (when the store keeps passages), right after the write; ingesting the same text again
/// stores any that are missing, so an interruption between the two is mended by a retry.
/// </summary>
public sealed class ArticleIngestor(IGraphStore store, GraphModel model, GraphWriter writer, IPassageStore? passages = null)
{
    /// <summary>
    /// Names that are also everyday words are not matched on their own: "He" (He Lifeng's surname) would otherwise
    /// link every "he". An all-capital abbreviation ("US") is kept: the finder matches those case-sensitively.
    /// </summary>
    private static readonly HashSet<string> CommonWords = new(StringComparer.Ordinal)
    {
        "a", "an", "and", "as", "at", "be", "by", "he", "her", "him", "his", "i", "in", "it", "its", "may", "me", "my", "new", "no", "of", "on",
        "one", "or", "our", "she", "so", "the", "they", "to", "up", "us", "we", "will", "you",
    };

    private const int LoadPageSize = 5000;

    public async Task<IngestionResult> IngestAsync(Article article, string actor, CancellationToken cancellationToken)
    {
        var text = ArticleText.Normalize(article.Text);
        var refusals = new List<WriteError>();
        if (text.Length == 0)
        {
            refusals.Add(new WriteError(WriteErrorCodes.Required, "The article has no text.", ["text"]));
        }

        if (string.IsNullOrWhiteSpace(article.Title))
        {
            refusals.Add(new WriteError(WriteErrorCodes.Required, "The article needs a title.", ["title"]));
        }

        if (refusals.Count > 0)
        {
            throw new GraphWriteException(refusals);
        }

        var hash = ArticleText.ContentHash(text);
        var paragraphs = ArticleText.ArticleParagraphs(article.Title, text);
        var finder = new MentionFinder(await TargetsAsync(cancellationToken));
        var found = finder.Find(paragraphs);
        var pairs = CoMention.Pairs(found.Mentions);

        if (await FindIngestedAsync(hash, cancellationToken) is { } ingested)
        {
            await KeepPassagesAsync(ingested.Key, paragraphs, found, cancellationToken);
            return new IngestionResult(ingested, true, paragraphs, found, pairs, null);
        }

        var key = article.Key ?? await FreeKeyAsync(KeyFor(article), cancellationToken);
        var writes = new List<GraphWrite> { new CreateEntity(SourceFor(article, key, hash), Upsert: false, new HashSet<string>(), Editorial: true) };
        foreach (var mentioned in found.Mentions.GroupBy(m => m.Key))
        {
            var citations = mentioned.Select(m => new SourceReference(key, MentionLocator.Format(m))).ToList();
            var properties = new Dictionary<string, object?> { ["occurrences"] = (long)citations.Count };
            writes.Add(new Connect(new Relationship("MENTIONS", key, mentioned.Key, properties, citations), new HashSet<string> { "occurrences" }));
        }

        try
        {
            var result = await writer.WriteAsync(new WriteBatch(writes, actor), cancellationToken);
            await KeepPassagesAsync(key, paragraphs, found, cancellationToken);
            return new IngestionResult(result.Writes[0].Entity!, false, paragraphs, found, pairs, result);
        }
        catch (GraphWriteException refused) when (refused.Errors.Any(e => e.Code == WriteErrorCodes.KeyConflict && e.Index == 0))
        {
            // Another request may have ingested the same text a moment ago: then that is the same article.
            if (await FindIngestedAsync(hash, cancellationToken) is not { } raced)
            {
                throw;
            }

            return new IngestionResult(raced, true, paragraphs, found, pairs, null);
        }
    }

    /// <summary>The paragraphs a mention cites, as the source's passages.</summary>
    private async Task KeepPassagesAsync(string sourceKey, IReadOnlyList<Paragraph> paragraphs, MentionResult found, CancellationToken cancellationToken)
    {
        if (passages is null)
        {
            return;
        }

        var cited = found.Mentions.Select(m => m.Paragraph).ToHashSet();
        var kept = paragraphs.Where(p => cited.Contains(p.Index)).Select(p => new Passage(sourceKey, p.Index, p.Text)).ToList();
        if (kept.Count > 0)
        {
            await passages.SavePassagesAsync(sourceKey, kept, cancellationToken);
            writer.BesideGraphChanged();
        }
    }

    private Entity SourceFor(Article article, string key, string hash)
    {
        var properties = new Dictionary<string, object?> { ["contentHash"] = hash };
        foreach (var (name, value) in new (string, object?)[]
            { ("publishedOn", article.PublishedOn), ("url", article.Url), ("publisher", article.Publisher), ("language", article.Language) })
        {
            if (value is not null)
            {
                properties[name] = value;
            }
        }

        return new Entity(GraphModel.SourceKind, key, article.Title.Trim(), [], null, properties, []);
    }

    /// <summary>Every entity that can be mentioned, with its names less the everyday words.</summary>
    private async Task<List<MentionTarget>> TargetsAsync(CancellationToken cancellationToken)
    {
        var targets = new List<MentionTarget>();
        foreach (var kind in model.Kinds.Where(k => k.IsEntity))
        {
            string? after = null;
            do
            {
                var page = await store.ListEntitiesAsync(new EntityQuery(kind.Name, new PageRequest(First: LoadPageSize, After: after)), cancellationToken);
                foreach (var entity in page.Items.Select(i => i.Value))
                {
                    var names = entity.Aliases.Prepend(entity.Name)
                        .Where(n => !CommonWords.Contains(TextFolding.Fold(n.Trim())) || n == n.ToUpperInvariant()).ToList();
                    if (names.Count > 0)
                    {
                        targets.Add(new MentionTarget(entity.Kind, entity.Key, names));
                    }
                }

                after = page.HasNextPage ? page.Items[^1].Cursor : null;
            }
            while (after is not null);
        }

        return targets;
    }

    private async Task<Entity?> FindIngestedAsync(string hash, CancellationToken cancellationToken)
    {
        var query = new EntityQuery(GraphModel.SourceKind, new PageRequest(First: 1), new FieldComparison("contentHash", ComparisonOperator.Equal, hash));
        var page = await store.ListEntitiesAsync(query, cancellationToken);
        return page.Items.Count > 0 ? page.Items[0].Value : null;
    }

    /// <summary>A readable key from the title and date: "us-and-china-agree-on-soybeans-2025-10-26".</summary>
    internal static string KeyFor(Article article)
    {
        var slug = new StringBuilder();
        foreach (var c in TextFolding.Fold(article.Title))
        {
            if (char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c))
            {
                slug.Append(c);
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }

        var words = slug.ToString().Trim('-');
        if (words.Length > 60)
        {
            var cut = words.LastIndexOf('-', 60);
            words = words[..(cut > 0 ? cut : 60)];
        }

        var date = article.PublishedOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var key = string.Join("-", new[] { words.Length > 0 ? words : "article", date }.Where(p => p is not null));
        return key;
    }

    /// <summary>The key, or the key with -2, -3 … when another article already has it.</summary>
    private async Task<string> FreeKeyAsync(string key, CancellationToken cancellationToken)
    {
        for (var n = 1; ; n++)
        {
            var candidate = n == 1 ? key : $"{key}-{n}";
            if ((await store.GetEntitiesAsync([candidate], cancellationToken)).Count == 0)
            {
                return candidate;
            }
        }
    }
}
