using System.Text.Json;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;
using TradeGraph.Core.Passages;

namespace TradeGraph.Core.Seeding;

/// <summary>
/// The optional <c>"passages"</c> section of a seed or export file: <c>{ "source": key, "paragraph": n, "text": "…" }</c>
/// items, each a kept paragraph of a Source in the document (no vectors: they are recomputed). Checked as the rest is:
/// every error reported with its file and item, a paragraph of a source given once.
/// </summary>
internal sealed class PassageSection
{
    public const string Field = "passages";

    private static readonly string[] Fields = ["source", "paragraph", "text"];

    private readonly List<(Passage Passage, string File, string Item)> _read = [];

    public IReadOnlyList<Passage> Passages => [.. _read.Select(r => r.Passage)];

    public void Read(JsonElement root, string file, List<SeedError> errors)
    {
        if (!root.TryGetProperty(Field, out var array))
        {
            return;
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            errors.Add(new SeedError(file, Field, "expected an array"));
            return;
        }

        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var name = $"{Field}[{index++}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new SeedError(file, name, "expected an object"));
                continue;
            }

            var unknown = item.EnumerateObject().Select(p => p.Name).Where(n => !Fields.Contains(n, StringComparer.Ordinal)).ToList();
            var source = item.TryGetProperty("source", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
            var paragraph = item.TryGetProperty("paragraph", out var p) && p.ValueKind == JsonValueKind.Number && p.TryGetInt32(out var n) && n >= 0 ? n : (int?)null;
            var text = item.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            if (unknown.Count > 0)
            {
                errors.Add(new SeedError(file, name, $"unknown field(s) {string.Join(", ", unknown)} (expected source, paragraph, text)"));
            }
            else if (string.IsNullOrEmpty(source) || paragraph is null || string.IsNullOrWhiteSpace(text))
            {
                errors.Add(new SeedError(file, name, "needs \"source\" (a key), \"paragraph\" (a whole number ≥ 0) and a non-empty \"text\""));
            }
            else
            {
                _read.Add((new Passage(source, paragraph.Value, text), file, name));
            }
        }
    }

    /// <summary>Each passage's source is a Source of the document, and each (source, paragraph) is given once.</summary>
    public void CheckSources(IEnumerable<Entity> entities, List<SeedError> errors)
    {
        var kinds = entities.GroupBy(e => e.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Kind, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (passage, file, item) in _read)
        {
            if (!kinds.TryGetValue(passage.SourceKey, out var kind))
            {
                errors.Add(new SeedError(file, item, $"is a passage of unknown source '{passage.SourceKey}'"));
            }
            else if (kind != GraphModel.SourceKind)
            {
                errors.Add(new SeedError(file, item, $"is a passage of '{passage.SourceKey}', which is a {kind}, not a {GraphModel.SourceKind}"));
            }
            else if (!seen.Add(passage.Key))
            {
                errors.Add(new SeedError(file, item, $"gives paragraph {passage.Paragraph} of '{passage.SourceKey}' twice"));
            }
        }
    }
}
