using System.Text.Encodings.Web;
using System.Text.Json;
using TradeGraph.Storage.Neo4j.QueryApi;

namespace TradeGraph.Storage.Tests.Neo4j;

/// <summary>A statement as a golden file pins it: the Cypher text, then each parameter and its value as JSON ($p0, $p1 … in order, named ones by name).</summary>
internal static class Golden
{
    private static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Format(CypherStatement statement) =>
        statement.Text + "\n\n-- parameters\n" + string.Concat(statement.Parameters
            .OrderBy(p => int.TryParse(p.Key[1..], System.Globalization.CultureInfo.InvariantCulture, out var index) ? index : int.MaxValue)
            .ThenBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => $"${p.Key} = {JsonSerializer.Serialize(p.Value, Options)}\n"));
}
