using System.Text;
using System.Text.Json.Nodes;

namespace TradeGraph.Api.Mcp;

/// <summary>
/// Reshapes the GraphQL answers into what an agent quotes: nodes and relationships with their properties gathered and their
/// citations spelled out (source title, date, ¶ locator, stated or inferred with the note), and renders the same as text.
/// </summary>
internal static class ToolJson
{
    /// <summary>A node named: kind, key, name.</summary>
    public static JsonObject Ref(JsonNode? node) => new()
    {
        ["kind"] = Str(node, "__typename"),
        ["key"] = Str(node, "key"),
        ["name"] = Str(node, "name") ?? Str(node, "title"),
    };

    /// <summary>A node in full (selected with <see cref="GraphFragments.Node"/>); its properties by <see cref="GraphFragments.PropertiesOf"/>.</summary>
    public static JsonObject Node(GraphFragments fragments, JsonNode? node)
    {
        var shaped = Ref(node);
        if (node?["aliases"] is JsonArray { Count: > 0 } aliases)
        {
            shaped["aliases"] = aliases.DeepClone();
        }

        if (Str(node, "description") is { } description)
        {
            shaped["description"] = description;
        }

        shaped["properties"] = fragments.PropertiesOf(node);
        shaped["citations"] = Citations(node?["sources"]);
        return shaped;
    }

    /// <summary>A relationship in full (selected with <see cref="GraphFragments.Relationship"/>).</summary>
    public static JsonObject Relationship(GraphFragments fragments, JsonNode? relationship) => new()
    {
        ["type"] = Str(relationship, "type"),
        ["from"] = Ref(relationship?["from"]),
        ["to"] = Ref(relationship?["to"]),
        ["properties"] = fragments.PropertiesOf(relationship),
        ["citations"] = Citations(relationship?["sources"]),
    };

    /// <summary>
    /// The relationships of a path or subgraph (<c>PathRelationship</c>): each in full from the store, or — removed since the
    /// analytics snapshot was read — its type and ends alone.
    /// </summary>
    public static IEnumerable<JsonObject> PathRelationships(GraphFragments fragments, JsonNode? relationships) =>
        (relationships as JsonArray ?? []).Select(r => Relationship(fragments, r?["relationship"] is JsonObject stored ? stored : r));

    /// <summary>A list argument as a variable value; null stays null (the argument left out).</summary>
    public static JsonArray? Strings(IEnumerable<string>? values) => values is null ? null : new JsonArray([.. values.Select(v => (JsonNode?)v)]);

    public static JsonArray Citations(JsonNode? sources) => [.. (sources as JsonArray ?? []).Select(Citation)];

    /// <summary>One citation: <c>cite</c> is the line to quote ("Title", publisher, date, ¶4).</summary>
    public static JsonNode Citation(JsonNode? reference)
    {
        var source = reference?["source"];
        var inferred = reference?["inferred"]?.GetValue<bool>() ?? false;
        var citation = new JsonObject
        {
            ["source"] = Str(source, "title"),
            ["sourceKey"] = Str(source, "key"),
            ["publishedOn"] = Str(source, "publishedOn"),
            ["publisher"] = Str(source, "publisher"),
            ["url"] = Str(source, "url"),
            ["locator"] = Str(reference, "locator"),
            ["stated"] = !inferred,
        };
        if (inferred)
        {
            citation["note"] = Str(reference, "note");
        }

        citation["cite"] = Cite(citation);
        return citation;
    }

    /// <summary>The readable form of a named node: <c>Scott Bessent [Official scott-bessent]</c>.</summary>
    public static string RefText(JsonNode? shaped) => $"{Str(shaped, "name")} [{Str(shaped, "kind")} {Str(shaped, "key")}]";

    /// <summary>A node in full as text: name, description, properties, then one line per citation.</summary>
    public static void AppendNode(StringBuilder text, JsonNode shaped, string indent = "")
    {
        text.Append(indent).Append(RefText(shaped));
        if (Str(shaped, "description") is { } description)
        {
            text.Append(" — ").Append(description);
        }

        text.AppendLine();
        AppendProperties(text, shaped, indent + "  ");
        AppendCitations(text, shaped, indent + "  ");
    }

    /// <summary>A relationship in full as text: <c>A —TYPE→ B</c>, properties, citations.</summary>
    public static void AppendRelationship(StringBuilder text, JsonNode shaped, string indent = "")
    {
        text.Append(indent).Append(RefText(shaped["from"])).Append(" —").Append(Str(shaped, "type")).Append("→ ")
            .AppendLine(RefText(shaped["to"]));
        AppendProperties(text, shaped, indent + "  ");
        AppendCitations(text, shaped, indent + "  ");
    }

    /// <summary>When a page has a next one, a line telling how to ask for it.</summary>
    public static void AppendMore(StringBuilder text, JsonNode? pageInfo, string what)
    {
        if (pageInfo?["hasNextPage"]?.GetValue<bool>() == true)
        {
            text.Append("More ").Append(what).Append(": call again with after = \"").Append(Str(pageInfo, "endCursor")).AppendLine("\".");
        }
    }

    public static void AppendCitations(StringBuilder text, JsonNode shaped, string indent)
    {
        var citations = shaped["citations"] as JsonArray ?? [];
        if (citations.Count == 0)
        {
            text.Append(indent).AppendLine("cited: none (an editorial fact)");
        }

        foreach (var citation in citations)
        {
            text.Append(indent).Append("cited: ").AppendLine(Str(citation, "cite"));
        }
    }

    public static string? Str(JsonNode? node, string property) =>
        node?[property] is JsonValue value
            ? value.GetValueKind() == System.Text.Json.JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString()
            : null;

    private static void AppendProperties(StringBuilder text, JsonNode shaped, string indent)
    {
        if (shaped["properties"] is JsonObject { Count: > 0 } properties)
        {
            text.Append(indent).AppendLine(string.Join("; ", properties.Select(p => $"{p.Key}: {Str(properties, p.Key)}")));
        }
    }

    private static string Cite(JsonObject citation)
    {
        var parts = new List<string> { $"\"{Str(citation, "source")}\"" };
        parts.AddRange(new[] { Str(citation, "publisher"), Str(citation, "publishedOn"), Str(citation, "locator") }.OfType<string>());
        var where = string.Join(", ", parts);
        return citation["stated"]?.GetValue<bool>() == false ? $"{where} (inferred: {Str(citation, "note")})" : $"{where} (stated)";
    }
}
