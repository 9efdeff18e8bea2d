using System.Globalization;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Ingestion;
using TradeGraph.Core.Model;
using TradeGraph.Core.Writing;

namespace TradeGraph.Core.Seeding;

/// <summary>
/// Checks the citations a graph makes of one source against that source's paragraphs (¶0 the headline, as
/// <see cref="ArticleText.ArticleParagraphs"/> numbers them). A stated citation must cite a paragraph that names the fact:
/// an entity by its name or an alias (matched as ingestion matches: whole words, case and accents ignored), and a
/// relationship both its ends. An entity the source never names (a meeting or a trip we named ourselves) counts as
/// named where the paragraph names one of the entities the graph links it to ("I'm leaving", said by Bessent, is his
/// trip): a weaker test than a name, and the one the text allows. The
/// source's own entity cites ¶0 for its title and ¶1 for its dateline. An inferred citation is not checked against the
/// text (its note says why), but its paragraph must exist. Pronouns never name anything: "he" is not Xi.
/// </summary>
public sealed class CitationCheck
{
    private readonly GraphDocument _graph;
    private readonly Entity _source;
    private readonly IReadOnlyList<Paragraph> _paragraphs;
    private readonly Dictionary<string, HashSet<int>> _namedIn = new(StringComparer.Ordinal);
    private readonly ILookup<string, string> _neighbours;

    public CitationCheck(GraphDocument graph, string sourceKey, IReadOnlyList<Paragraph> paragraphs)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(paragraphs);
        _graph = graph;
        _source = graph.Entities.SingleOrDefault(e => e.Key == sourceKey && e.Kind == GraphModel.SourceKind)
            ?? throw new ArgumentException($"The graph has no Source '{sourceKey}'.", nameof(sourceKey));
        _paragraphs = paragraphs;
        // One finder per entity: a longer name ("Russia's war in Ukraine") must not hide a shorter one ("Russia") here.
        foreach (var entity in graph.Entities.Where(e => e.Kind != GraphModel.SourceKind))
        {
            var found = new MentionFinder([MentionTarget.From(entity)]).Find(paragraphs);
            _namedIn[entity.Key] = [.. found.Mentions.Select(m => m.Paragraph)];
        }

        _neighbours = graph.Relationships.SelectMany(r => new[] { (r.From, r.To), (r.To, r.From) }).ToLookup(p => p.Item1, p => p.Item2, StringComparer.Ordinal);
    }

    /// <summary>Every citation of the source that fails, one line each, naming the fact, the paragraph and the reason.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        foreach (var entity in _graph.Entities)
        {
            foreach (var citation in Of(entity.Sources))
            {
                problems.AddRange(Check(entity.Key, citation, paragraph => entity.Key == _source.Key
                    ? SourceCites(paragraph)
                    : Names(entity.Key, paragraph) ? null : $"¶{paragraph} does not name '{entity.Key}'"));
            }
        }

        foreach (var relationship in _graph.Relationships)
        {
            foreach (var citation in Of(relationship.Sources))
            {
                problems.AddRange(Check(FactKey.Of(relationship.Type, relationship.From, relationship.To), citation, paragraph =>
                    (Names(relationship.From, paragraph), Names(relationship.To, paragraph)) switch
                    {
                        (true, true) => null,
                        (false, _) => $"¶{paragraph} does not name '{relationship.From}'",
                        _ => $"¶{paragraph} does not name '{relationship.To}'",
                    }));
            }
        }

        return problems;
    }

    /// <summary>The paragraph a locator "¶N" (or a mention's "¶N:start-end") points at, or null.</summary>
    public static int? Paragraph(string? locator)
    {
        if (MentionLocator.TryParse(locator, out var mentioned, out _, out _))
        {
            return mentioned;
        }

        return locator is ['¶', .. var digits] && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var paragraph)
            && digits == paragraph.ToString(CultureInfo.InvariantCulture) ? paragraph : null;
    }

    private IEnumerable<SourceReference> Of(IReadOnlyList<SourceReference> sources) => sources.Where(s => s.Source == _source.Key);

    private IEnumerable<string> Check(string fact, SourceReference citation, Func<int, string?> stated)
    {
        if (Paragraph(citation.Locator) is not { } paragraph || paragraph >= _paragraphs.Count)
        {
            yield return $"{fact} cites '{citation.Locator}', which is no paragraph of {_source.Key} (¶0–¶{_paragraphs.Count - 1})";
        }
        else if (!citation.Inferred && stated(paragraph) is { } reason)
        {
            yield return $"{fact}: stated, but {reason}";
        }
    }

    /// <summary>Whether the paragraph names the entity, or (one the source never names) one of its neighbours.</summary>
    private bool Names(string key, int paragraph) =>
        _namedIn.TryGetValue(key, out var paragraphs)
        && (paragraphs.Count > 0 ? paragraphs.Contains(paragraph) : _neighbours[key].Any(n => _namedIn.TryGetValue(n, out var p) && p.Contains(paragraph)));

    /// <summary>The source's own entity: ¶0 is its title, ¶1 opens with its dateline.</summary>
    private string? SourceCites(int paragraph)
    {
        var text = _paragraphs[paragraph].Text;
        return paragraph switch
        {
            0 when string.Equals(text, _source.Name, StringComparison.Ordinal) => null,
            0 => $"¶0 is not the title '{_source.Name}'",
            1 when _source.Property("dateline") is string dateline && text.StartsWith(dateline, StringComparison.Ordinal) => null,
            1 => "¶1 does not open with the source's dateline",
            _ => $"the source's own entity cites ¶{paragraph}, which is neither its title (¶0) nor its dateline (¶1)",
        };
    }
}
