using System.ComponentModel;
using System.Text;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using TradeGraph.Api.GraphQL;
using TradeGraph.Api.GraphQL.Schema;
using TradeGraph.Core.Model;

namespace TradeGraph.Api.Mcp;

/// <summary>Finding entities and reading one with its relationships, each fact with its citations.</summary>
[McpServerToolType]
internal sealed class EntityTools(McpGraphQL graphQL, GraphFragments fragments, GraphModel model, TradeGraphSchema schema)
{
    [McpServerTool(Name = "search_entities", Title = "Search entities", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("Ranked search for entities (officials, countries, commodities, meetings, organizations, places, trade "
        + "measures, trips, topics) by name, alias or description words. Returns the best matches first with their key, kind, "
        + "description, properties and citations. Use the `key` of a hit with get_entity, neighbourhood or shortest_paths.")]
    public async Task<CallToolResult> SearchEntities(
        [Description("Words to look for, such as \"Bessent\" or \"rare earth export controls\"; every word must match the start of a word.")] string text,
        [Description("Only these kinds (Official, Country, Commodity, Meeting, Organization, Place, TradeMeasure, Trip, Topic); all when left out.")] string[]? kinds = null,
        [Description("Tolerate typos (\"Bessant\" finds Bessent); slower, at most 5 words.")] bool fuzzy = false,
        [Description("How many hits (1-50).")] int first = 10,
        [Description("Continue after this cursor (`endCursor` of the previous answer).")] string? after = null,
        [Description("How to match, when the server offers it: TEXT (words), SEMANTIC (meaning) or HYBRID (both). Left out: the server's default.")] string? mode = null,
        CancellationToken cancellationToken = default)
    {
        // The search mode exists once semantic search is in the schema; until then asking for one is an argument error.
        var modeArgument = schema.Query.GetField("searchEntities")?.Arguments?.Find("mode");
        if (mode is not null && modeArgument?.ResolvedType is null)
        {
            return ToolAnswer.Error(GraphQL.Errors.ErrorCodes.InvalidArgument, "This server has text search only: leave `mode` out.");
        }

        var withMode = mode is not null;
        var query = $$"""
            query SearchEntities($text: String!, $kinds: [EntityKindName!], $fuzzy: Boolean, $first: Int, $after: String{{(withMode ? $", $mode: {modeArgument!.ResolvedType}" : "")}}) {
              searchEntities(text: $text, kinds: $kinds, fuzzy: $fuzzy, first: $first, after: $after{{(withMode ? ", mode: $mode" : "")}}) {
                nodes { score node { ...NodeFacts } }
                pageInfo { hasNextPage endCursor }
              }
            }
            """ + fragments.For(GraphFragments.Node);
        var variables = new JsonObject
        {
            ["text"] = text,
            ["kinds"] = ToolJson.Strings(kinds),
            ["fuzzy"] = fuzzy,
            ["first"] = first,
            ["after"] = after,
        };
        if (withMode)
        {
            variables["mode"] = mode;
        }

        var answer = await graphQL.RunAsync(query, variables, null, cancellationToken);
        return ToolAnswer.From(answer, data =>
        {
            var search = data["searchEntities"]!;
            var hits = new JsonArray();
            var rendered = new StringBuilder();
            foreach (var hit in search["nodes"] as JsonArray ?? [])
            {
                var node = ToolJson.Node(fragments, hit?["node"]);
                node["score"] = hit?["score"]?.DeepClone();
                hits.Add(node);
                rendered.Append(hits.Count).Append(". ");
                ToolJson.AppendNode(rendered, node);
            }

            if (hits.Count == 0)
            {
                rendered.AppendLine($"No entity matches \"{text}\".");
            }

            var pageInfo = search["pageInfo"]!.DeepClone();
            ToolJson.AppendMore(rendered, pageInfo, "hits");

            return (new JsonObject { ["hits"] = hits, ["pageInfo"] = pageInfo }, rendered.ToString());
        });
    }

    [McpServerTool(Name = "get_entity", Title = "Get an entity", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("One entity by key with its properties, its citations and its relationships (type, the other end, properties, "
        + "citations). Every fact cites its source: title, date, paragraph locator (¶N) and whether the paragraph states it or "
        + "it is inferred (with a note). Find keys with search_entities.")]
    public async Task<CallToolResult> GetEntity(
        [Description("The entity's key, such as \"scott-bessent\" or \"kuala-lumpur-trade-talks\".")] string key,
        [Description("At most this many related entities (1-50).")] int first = 25,
        CancellationToken cancellationToken = default)
    {
        var query = """
            query GetEntity($ids: [ID!]!, $key: String!, $first: Int) {
              nodes(ids: $ids) { ...NodeFacts }
              neighbourhood(key: $key, hops: 1, first: $first) {
                truncated
                relationships { type from { ...Ref } to { ...Ref } relationship { ...RelationshipFacts } }
              }
            }
            """ + fragments.For(GraphFragments.Node, GraphFragments.Relationship);
        // The key does not say the kind: one global id per kind, and the store answers for the one that exists.
        var variables = new JsonObject
        {
            ["ids"] = new JsonArray([.. model.Kinds.Select(k => (JsonNode?)GlobalId.Encode(k.Name, key))]),
            ["key"] = key,
            ["first"] = first,
        };
        var answer = await graphQL.RunAsync(query, variables, null, cancellationToken);
        if (answer.Errors.Count == 0 && (answer.Data?["nodes"] as JsonArray ?? []).All(n => n is null))
        {
            return ToolAnswer.EntityNotFound(key);
        }

        return ToolAnswer.From(answer, data =>
        {
            var entity = ToolJson.Node(fragments, (data["nodes"] as JsonArray)!.First(n => n is not null));
            var neighbourhood = data["neighbourhood"]!;
            var relationships = new JsonArray([.. ToolJson.PathRelationships(fragments, neighbourhood["relationships"])
                .Where(r => ToolJson.Str(r["from"], "key") == key || ToolJson.Str(r["to"], "key") == key)]);
            entity["relationships"] = relationships;
            entity["relationshipsTruncated"] = neighbourhood["truncated"]?.DeepClone();
            var text = new StringBuilder();
            ToolJson.AppendNode(text, entity);
            text.AppendLine($"Relationships ({relationships.Count}{(neighbourhood["truncated"]?.GetValue<bool>() == true ? ", more beyond `first`" : "")}):");
            foreach (var relationship in relationships)
            {
                ToolJson.AppendRelationship(text, relationship!, "  ");
            }

            return (entity, text.ToString());
        });
    }
}
