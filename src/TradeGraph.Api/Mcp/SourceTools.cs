using System.ComponentModel;
using System.Text;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace TradeGraph.Api.Mcp;

/// <summary>What a source says: the facts it supports, each with the paragraph that states (or implies) it.</summary>
[McpServerToolType]
internal sealed class SourceTools(McpGraphQL graphQL, GraphFragments fragments)
{
    [McpServerTool(Name = "source_facts", Title = "Facts a source supports", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("The facts one source (a report or an ingested article) supports: entities first, then relationships, each "
        + "with the paragraph locator (¶N) in that source and whether it states the fact or the fact is inferred from it. "
        + "Source keys appear in every citation as `sourceKey`.")]
    public async Task<CallToolResult> SourceFacts(
        [Description("The source's key, such as \"report-2025-10-23-us-china-kl-talks\".")] string source,
        [Description("How many facts (1-50).")] int first = 20,
        [Description("Continue after this cursor (`endCursor` of the previous answer).")] string? after = null,
        CancellationToken cancellationToken = default)
    {
        var query = """
            query SourceFacts($key: String!, $first: Int, $after: String) {
              sources(where: { key: { eq: $key } }, first: 1) {
                nodes {
                  ...NodeFacts
                  supports(first: $first, after: $after) {
                    nodes { locator node { ...NodeFacts } relationship { ...RelationshipFacts } }
                    pageInfo { hasNextPage endCursor }
                  }
                }
              }
            }
            """ + fragments.For(GraphFragments.Node, GraphFragments.Relationship);
        var variables = new JsonObject { ["key"] = source, ["first"] = first, ["after"] = after };
        var answer = await graphQL.RunAsync(query, variables, null, cancellationToken);
        if (answer.Errors.Count == 0 && answer.Data?["sources"]?["nodes"] is JsonArray { Count: 0 })
        {
            return ToolAnswer.Error(Core.Writing.WriteErrorCodes.NotFound, $"No source has the key '{source}'; a citation's `sourceKey` names one.");
        }

        return ToolAnswer.From(answer, data =>
        {
            var found = data["sources"]!["nodes"]![0]!;
            var shapedSource = ToolJson.Node(fragments, found);
            var facts = new JsonArray();
            var text = new StringBuilder();
            ToolJson.AppendNode(text, shapedSource);
            foreach (var fact in found["supports"]?["nodes"] as JsonArray ?? [])
            {
                var locator = ToolJson.Str(fact, "locator");
                var shaped = fact?["node"] is JsonObject node ? ToolJson.Node(fragments, node) : ToolJson.Relationship(fragments, fact?["relationship"]);
                // This source's citation of the fact at this locator says whether the paragraph states it.
                var citation = (shaped["citations"] as JsonArray ?? [])
                    .FirstOrDefault(c => ToolJson.Str(c, "sourceKey") == source && ToolJson.Str(c, "locator") == locator);
                var entry = new JsonObject
                {
                    ["locator"] = locator,
                    ["stated"] = citation?["stated"]?.DeepClone(),
                    ["note"] = citation?["note"]?.DeepClone(),
                    [fact?["node"] is JsonObject ? "entity" : "relationship"] = shaped,
                };
                facts.Add(entry);
                text.Append(locator ?? "(no locator)").Append(citation?["stated"]?.GetValue<bool>() == false ? " (inferred: " + ToolJson.Str(citation, "note") + ")" : " (stated)").Append(": ");
                if (fact?["node"] is JsonObject)
                {
                    text.AppendLine(ToolJson.RefText(shaped) + (ToolJson.Str(shaped, "description") is { } d ? " — " + d : ""));
                }
                else
                {
                    ToolJson.AppendRelationship(text, shaped);
                }
            }

            var pageInfo = found["supports"]?["pageInfo"]?.DeepClone();
            ToolJson.AppendMore(text, pageInfo, "facts");

            return (new JsonObject { ["source"] = shapedSource, ["facts"] = facts, ["pageInfo"] = pageInfo }, text.ToString());
        });
    }
}
