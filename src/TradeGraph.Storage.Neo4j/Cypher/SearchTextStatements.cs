using TradeGraph.Storage.Neo4j.QueryApi;
using TradeGraph.Storage.Neo4j.Writing;

namespace TradeGraph.Storage.Neo4j.Cypher;

/// <summary>
/// A schema step that points a full-text index at the search words the store writes (Core's TextFolding.IndexedWords) on
/// a database an older release wrote: the old index is dropped before the bootstrap creates the new one (an index's analyzer
/// and properties cannot change in place; CREATE … IF NOT EXISTS would keep it), then every node's words are computed by the
/// store from the node's text and written, in key-ordered batches. Version 3 did it for entities, version 5 for passages.
/// </summary>
internal sealed class SearchTextStatements
{
    public const string Key = "key";

    private readonly string _node;
    private readonly Func<Func<string, object?>, Dictionary<string, object?>> _row;

    private SearchTextStatements(string label, string index, int version, IReadOnlyList<TextProperty> texts,
        Func<Func<string, object?>, Dictionary<string, object?>> row)
    {
        Label = label;
        _node = CypherNames.Escape(label);
        Index = index;
        Version = version;
        Texts = texts;
        _row = row;
    }

    /// <summary>Entities (schema 3): searchName, searchAliases, searchDescription from name, aliases, description.</summary>
    public static SearchTextStatements Entities { get; } = new(CypherNames.EntityLabel, Neo4jSchema.SearchIndex, Neo4jSchema.SearchWordsVersion,
        [new("name"), new("aliases", "[]"), new("description", "''")], value =>
        {
            var name = value("name") as string ?? "";
            var aliases = FactValues.Strings(value("aliases"));
            var description = value("description") as string;
            var search = new Dictionary<string, object?>(StringComparer.Ordinal);
            SearchText.Of(name, aliases, description).AddTo(search);
            return new(StringComparer.Ordinal) { ["name"] = name, ["aliases"] = aliases.ToArray(), ["description"] = description ?? "", ["search"] = search };
        });

    /// <summary>Passages (schema 5): searchText from text.</summary>
    public static SearchTextStatements Passages { get; } = new(PassageStatements.Label, PassageStatements.SearchIndex, Neo4jSchema.PassageSearchWordsVersion,
        [new(PassageStatements.Text)], value =>
        {
            var text = value(PassageStatements.Text) as string ?? "";
            return new(StringComparer.Ordinal)
            {
                [PassageStatements.Text] = text,
                ["search"] = new Dictionary<string, object?>(StringComparer.Ordinal) { [PassageStatements.SearchText] = PassageStatements.SearchWords(text) },
            };
        });

    /// <summary>Both steps, in version order.</summary>
    public static IReadOnlyList<SearchTextStatements> Steps { get; } = [Entities, Passages];

    /// <summary>The label of the nodes whose words the step writes.</summary>
    public string Label { get; }

    /// <summary>The full-text index the step rebuilds.</summary>
    public string Index { get; }

    /// <summary>The schema version from which the index reads the search words.</summary>
    public int Version { get; }

    /// <summary>The text properties the words are made of (the columns ListText returns and Save compares).</summary>
    public IReadOnlyList<TextProperty> Texts { get; }

    /// <summary>Whether a database recorded at <paramref name="version"/> (0: new, nothing to rewrite) needs this step.</summary>
    public bool IsNeededAt(long version) => version > 0 && version < Version;

    /// <summary>Before the bootstrap: the old index goes, so the bootstrap creates it anew.</summary>
    public CypherStatement DropIndex() => new($"DROP INDEX {CypherNames.Escape(Index)} IF EXISTS");

    /// <summary>A batch of nodes after <paramref name="afterKey"/> ("" for the first), in key order: key and each text property.</summary>
    public CypherStatement ListText(string afterKey, long limit) => new($$"""
        MATCH (n:{{_node}})
        WHERE n.key > $after
        RETURN n.key AS {{Key}}, {{string.Join(", ", Texts.Select(t => $"n.{t.Name} AS {t.Name}"))}}
        ORDER BY n.key
        LIMIT $limit
        """, new Dictionary<string, object?>(StringComparer.Ordinal) { ["after"] = afterKey, ["limit"] = limit });

    /// <summary>
    /// Sets each row's search words ({key, the texts, search}) where the node's text is still the text they were computed
    /// from: a write meanwhile wrote its own words, which must not be overwritten with older ones.
    /// </summary>
    public CypherStatement Save(IReadOnlyList<IReadOnlyDictionary<string, object?>> rows) => new($$"""
        UNWIND $rows AS row
        MATCH (n:{{_node}} {key: row.key})
        WHERE {{string.Join(" AND ", Texts.Select(t => $"{(t.Missing is null ? $"n.{t.Name}" : $"coalesce(n.{t.Name}, {t.Missing})")} = row.{t.Name}"))}}
        SET n += row.search
        """, new Dictionary<string, object?>(StringComparer.Ordinal) { ["rows"] = rows });

    /// <summary>The row Save takes for the node <paramref name="key"/>, from the values ListText returned for it (by column).</summary>
    public IReadOnlyDictionary<string, object?> Row(string key, Func<string, object?> value)
    {
        var row = _row(value);
        row[Key] = key;
        return row;
    }

    /// <summary>A text property; <see cref="Missing"/> is the Cypher literal an absent value compares as (null: none, it must be there).</summary>
    public sealed record TextProperty(string Name, string? Missing = null);
}
