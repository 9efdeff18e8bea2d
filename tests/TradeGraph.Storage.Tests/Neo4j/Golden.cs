using System.Text.Encodings.Web;
using System.Text.Json;
using TradeGraph.Storage.Neo4j.QueryApi;

namespace TradeGraph.Storage.Tests.Neo4j;

/// <summary>A statement as a golden file pins it: the Cypher text, then each parameter and its value as JSON.</summary>
internal static class Golden
{
    private static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Format(CypherStatement statement) =>
        statement.Text + "\n\n-- parameters\n" + string.Concat(statement.Parameters
            .OrderBy(p => int.Parse(p.Key[1..], System.Globalization.CultureInfo.InvariantCulture))
            .Select(p => $"${p.Key} = {JsonSerializer.Serialize(p.Value, Options)}\n"));
}
