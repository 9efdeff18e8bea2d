using System.ComponentModel;
using System.Text;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace TradeGraph.Api.Mcp;

/// <summary>What a source says: the facts it supports, each with the paragraph that states (or implies) it; the paragraphs that answer a question.</summary>
[McpServerToolType]
internal sealed class SourceTools(McpGraphQL graphQL, GraphFragments fragments)
{
    private const int MaxPassages = 3;

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
                facts.Add(Fact(fragments, source, fact, text));
            }

            var pageInfo = found["supports"]?["pageInfo"]?.DeepClone();
            ToolJson.AppendMore(text, pageInfo, "facts");

            return (new JsonObject { ["source"] = shapedSource, ["facts"] = facts, ["pageInfo"] = pageInfo }, text.ToString());
        });
    }

    [McpServerTool(Name = "search_passages", Title = "Source paragraphs for a question", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("The paragraphs of ingested articles that best answer a question (words and meaning, fused), best first: each with "
        + "its source (key, title, publication date), its locator (¶N), its text to quote, and the facts the source cites at that "
        + "paragraph (entities and relationships, stated or inferred). Use it to ground an answer in evidence.")]
    public async Task<CallToolResult> SearchPassages(
        [Description("The question, in plain words, such as \"will China buy more soybeans\".")] string text,
        [Description("How many paragraphs (1-3).")] int first = 3,
        [Description("HYBRID (words and meaning, the default), TEXT (words only) or SEMANTIC (meaning only).")] string mode = "HYBRID",
        CancellationToken cancellationToken = default)
    {
        // Three paragraphs with every fact they support in full fit the GraphQL cost estimate (each fact assumed 10 per paragraph); five do not.
        if (first is < 1 or > MaxPassages)
        {
            return ToolAnswer.Error(GraphQL.Errors.ErrorCodes.PageSizeExceeded, $"`first` must be between 1 and {MaxPassages} (got {first}).");
        }

        var query = """
            query Passages($text: String!, $first: Int, $mode: SearchMode) {
              searchPassages(text: $text, first: $first, mode: $mode) {
                locator text score matchedBy
                source { key title publishedOn }
                supports { locator node { ...NodeFacts } relationship { ...RelationshipFacts } }
              }
            }
            """ + fragments.For(GraphFragments.Node, GraphFragments.Relationship);
        var variables = new JsonObject { ["text"] = text, ["first"] = first, ["mode"] = mode.ToUpperInvariant() };
        var answer = await graphQL.RunAsync(query, variables, null, cancellationToken);
        return ToolAnswer.From(answer, data =>
        {
            var passages = new JsonArray();
            var lines = new StringBuilder();
            foreach (var hit in data["searchPassages"] as JsonArray ?? [])
            {
                var source = hit?["source"]?.DeepClone();
                var sourceKey = ToolJson.Str(source, "key");
                lines.Append(ToolJson.Str(source, "title")).Append(" [").Append(sourceKey).Append("] ").Append(ToolJson.Str(hit, "locator"))
                    .Append(": \"").Append(ToolJson.Str(hit, "text")).AppendLine("\"");
                var facts = new JsonArray();
                foreach (var fact in hit?["supports"] as JsonArray ?? [])
                {
                    lines.Append("  ");
                    facts.Add(Fact(fragments, sourceKey, fact, lines));
                }

                passages.Add(new JsonObject
                {
                    ["source"] = source,
                    ["locator"] = ToolJson.Str(hit, "locator"),
                    ["text"] = ToolJson.Str(hit, "text"),
                    ["score"] = hit?["score"]?.DeepClone(),
                    ["matchedBy"] = hit?["matchedBy"]?.DeepClone(),
                    ["facts"] = facts,
                });
            }

            return (new JsonObject { ["passages"] = passages }, passages.Count == 0 ? "No passage matches." : lines.ToString());
        });
    }

    /// <summary>A fact the source cites at a locator, shaped with whether that citation states it; its line appended to <paramref name="text"/>.</summary>
    private static JsonObject Fact(GraphFragments fragments, string? source, JsonNode? fact, StringBuilder text)
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
        text.Append(locator ?? "(no locator)").Append(citation?["stated"]?.GetValue<bool>() == false ? " (inferred: " + ToolJson.Str(citation, "note") + ")" : " (stated)").Append(": ");
        if (fact?["node"] is JsonObject)
        {
            text.AppendLine(ToolJson.RefText(shaped) + (ToolJson.Str(shaped, "description") is { } d ? " — " + d : ""));
        }
        else
        {
            ToolJson.AppendRelationship(text, shaped);
        }

        return entry;
    }
}
