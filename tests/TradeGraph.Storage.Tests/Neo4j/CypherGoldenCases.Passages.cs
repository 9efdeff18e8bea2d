using TradeGraph.Storage.Neo4j.Cypher;
using TradeGraph.Storage.Neo4j.QueryApi;

namespace TradeGraph.Storage.Tests.Neo4j;

internal static partial class CypherGoldenCases
{
    /// <summary>
    /// Passages on Neo4j: keep, read, word search, the refresh's primitives, the vector index query (4-dimension vectors for
    /// brevity), schema 5's search-words step.
    /// </summary>
    private static void AddPassageCases(Dictionary<string, Func<CypherStatement>> cases)
    {
        const string MiniLm = "all-MiniLM-L6-v2";
        const string Source = "report-2025-10-23-us-china-kl-talks";
        var statements = new PassageStatements(new WriteStatements(Model).KeyLabels, Model);
        cases["passage-save"] = () => statements.Save(Source, [new Dictionary<string, object?>
        {
            ["key"] = Source + "¶3", ["paragraph"] = 3L, ["text"] = "He Lifeng met Scott Bessent in Kuala Lumpur.",
            ["searchText"] = "he lifeng met scott bessent in kuala lumpur",
        }]);
        cases["passage-of-sources"] = () => PassageStatements.OfSources([Source, "report-b", Source]);
        cases["passage-search"] = () => PassageStatements.Search(["soybean", "u.s.", "AND", "tariff*"], 100);
        cases["passage-list-stale-first"] = () => PassageStatements.ListStale(MiniLm, null, 64);
        cases["passage-list-stale-after"] = () => PassageStatements.ListStale(MiniLm, (Source, 3), 64);
        cases["passage-count-stale"] = () => PassageStatements.CountStale(MiniLm);
        cases["passage-save-vectors"] = () => PassageStatements.SaveVectors(MiniLm, [new Dictionary<string, object?>
        {
            ["key"] = Source + "¶3", ["text"] = "He Lifeng met Scott Bessent in Kuala Lumpur.", ["vector"] = new[] { 0.5, -0.5, 0.5, 0.5 },
            ["fingerprint"] = -1234567890123L,
        }]);
        cases["passage-nearest"] = () => PassageStatements.Nearest(MiniLm, [0.5, -0.5, 0.5, 0.5], 100);
        cases["passage-vectors-first"] = () => PassageStatements.Vectors(MiniLm, null, 500);
        cases["passage-vectors-after"] = () => PassageStatements.Vectors(MiniLm, Source + "¶3", 500);
        // Schema version 5 on an older database: passage_search dropped, then every passage's search words written.
        cases["passage-words-drop-index"] = SearchTextStatements.Passages.DropIndex;
        cases["passage-words-list-first"] = () => SearchTextStatements.Passages.ListText("", 1000);
        cases["passage-words-list-after"] = () => SearchTextStatements.Passages.ListText(Source + "¶3", 1000);
        cases["passage-words-save"] = () => SearchTextStatements.Passages.Save([SearchTextStatements.Passages.Row(Source + "¶3",
            column => column == PassageStatements.Text ? "O'Brien's U.S. office: 1,000 tariff lines." : null)]);
    }
}
