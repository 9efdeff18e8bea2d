using TradeGraph.Storage.Neo4j.Cypher;
using TradeGraph.Storage.Neo4j.QueryApi;
using TradeGraph.Storage.Neo4j.Writing;

namespace TradeGraph.Storage.Neo4j;

/// <summary>Schema version 3 on an older database: the full-text index rebuilt over the search words, and the words written.</summary>
public sealed partial class Neo4jGraphStore
{
    private const int SearchTextBatch = 1000;

    /// <summary>Whether a database recorded at <paramref name="version"/> (0: new) needs the search-words step.</summary>
    private static bool NeedsSearchWords(long version) => version is > 0 and < Neo4jSchema.SearchWordsVersion;

    /// <summary>Drops the old full-text index, so the bootstrap creates it anew (an index's analyzer and properties cannot change).</summary>
    private async Task DropOldSearchIndexAsync(long version, CancellationToken cancellationToken)
    {
        if (NeedsSearchWords(version))
        {
            await Runner.RunAsync(Neo4jSchema.DropSearchIndex(), AccessMode.Write, cancellationToken);
        }
    }

    /// <summary>Writes every entity's search words, a batch per request; the new index fills as they land.</summary>
    private async Task WriteSearchWordsAsync(long version, CancellationToken cancellationToken)
    {
        if (!NeedsSearchWords(version))
        {
            return;
        }

        var after = "";
        while (true)
        {
            var batch = await Runner.RunAsync(SearchTextStatements.ListText(after, SearchTextBatch), AccessMode.Read, cancellationToken);
            if (batch.Rows.Count == 0)
            {
                return;
            }

            var rows = new List<IReadOnlyDictionary<string, object?>>(batch.Rows.Count);
            for (var row = 0; row < batch.Rows.Count; row++)
            {
                var name = batch.Value(row, SearchTextStatements.Name) as string ?? "";
                var aliases = FactValues.Strings(batch.Value(row, SearchTextStatements.Aliases));
                var description = batch.Value(row, SearchTextStatements.Description) as string;
                var search = new Dictionary<string, object?>(StringComparer.Ordinal);
                SearchText.Of(name, aliases, description).AddTo(search);
                after = (string)batch.Value(row, SearchTextStatements.Key)!;
                rows.Add(new Dictionary<string, object?>(StringComparer.Ordinal)
                {
                    ["key"] = after, ["name"] = name, ["aliases"] = aliases.ToArray(), ["description"] = description ?? "", ["search"] = search,
                });
            }

            await Runner.RunAsync(SearchTextStatements.Save(rows), AccessMode.Write, cancellationToken);
        }
    }
}
