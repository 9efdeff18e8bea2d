using System.ComponentModel;
using System.Text;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace TradeGraph.Api.Mcp;

/// <summary>Walking the graph: an entity's neighbourhood and the shortest paths between two entities, each step cited.</summary>
[McpServerToolType]
internal sealed class AnalyticsTools(McpGraphQL graphQL, GraphFragments fragments)
{
    private const string RelationshipSelection = "relationships { type from { ...Ref } to { ...Ref } relationship { ...RelationshipFacts } }";

    [McpServerTool(Name = "neighbourhood", Title = "Neighbourhood", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("The entities within a few hops of one entity, nearest first, and the relationships between them, each "
        + "relationship with its citations. Use it to see who and what surrounds an entity (a meeting's participants, topics "
        + "and place; an official's meetings and country).")]
    public async Task<CallToolResult> Neighbourhood(
        [Description("The centre entity's key (from search_entities).")] string key,
        [Description("How far to walk (1-3).")] int hops = 1,
        [Description("Only entities of these kinds (Official, Meeting, …); all when left out.")] string[]? kinds = null,
        [Description("Only relationships of these types (PARTICIPATES_IN, DISCUSSES, …); all when left out.")] string[]? relationshipTypes = null,
        [Description("At most this many entities (1-50).")] int first = 25,
        CancellationToken cancellationToken = default)
    {
        var query = $$"""
            query Neighbourhood($key: String!, $hops: Int, $kinds: [String!], $relationshipTypes: [String!], $first: Int) {
              neighbourhood(key: $key, hops: $hops, kinds: $kinds, relationshipTypes: $relationshipTypes, first: $first) {
                truncated
                nodes { distance node { ...Ref } }
                {{RelationshipSelection}}
              }
            }
            """ + fragments.For(GraphFragments.Ref, GraphFragments.Relationship);
        var variables = new JsonObject
        {
            ["key"] = key,
            ["hops"] = hops,
            ["kinds"] = ToolJson.Strings(kinds),
            ["relationshipTypes"] = ToolJson.Strings(relationshipTypes),
            ["first"] = first,
        };
        var answer = await graphQL.RunAsync(query, variables, null, cancellationToken);
        if (answer.Errors.Count == 0 && answer.Data?["neighbourhood"]?["nodes"] is JsonArray { Count: 0 })
        {
            return ToolAnswer.EntityNotFound(key);
        }

        return ToolAnswer.From(answer, data =>
        {
            var subgraph = data["neighbourhood"]!;
            var nodes = new JsonArray();
            var text = new StringBuilder();
            foreach (var node in subgraph["nodes"] as JsonArray ?? [])
            {
                var shaped = ToolJson.Ref(node?["node"]);
                shaped["distance"] = node?["distance"]?.DeepClone();
                nodes.Add(shaped);
                text.Append("distance ").Append(ToolJson.Str(shaped, "distance")).Append(": ").AppendLine(ToolJson.RefText(shaped));
            }

            var relationships = new JsonArray([.. ToolJson.PathRelationships(fragments, subgraph["relationships"])]);
            text.AppendLine($"Relationships ({relationships.Count}):");
            foreach (var relationship in relationships)
            {
                ToolJson.AppendRelationship(text, relationship!, "  ");
            }

            if (subgraph["truncated"]?.GetValue<bool>() == true)
            {
                text.AppendLine("More entities are within reach than `first`: narrow by kinds or relationship types, or raise `first`.");
            }

            return (new JsonObject { ["nodes"] = nodes, ["relationships"] = relationships, ["truncated"] = subgraph["truncated"]?.DeepClone() }, text.ToString());
        });
    }

    [McpServerTool(Name = "shortest_paths", Title = "Shortest paths", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("How two entities are connected: the shortest path (fewest hops), or the k shortest loopless paths, each "
        + "step a relationship with its citations. An empty list means they are not connected within maxHops.")]
    public async Task<CallToolResult> ShortestPaths(
        [Description("Key of the entity to start at.")] string from,
        [Description("Key of the entity to reach.")] string to,
        [Description("How many paths, shortest first (1-20).")] int k = 1,
        [Description("Longest path considered, in hops; the server's default when left out.")] int? maxHops = null,
        [Description("Only walk relationships of these types; all when left out.")] string[]? relationshipTypes = null,
        [Description("OUTGOING, INCOMING or BOTH (the default: relationships walked either way).")] string? direction = null,
        CancellationToken cancellationToken = default)
    {
        var query = $$"""
            query ShortestPaths($from: String!, $to: String!, $k: Int!, $maxHops: Int, $relationshipTypes: [String!], $direction: PathDirection) {
              kShortestPaths(from: $from, to: $to, k: $k, maxHops: $maxHops, relationshipTypes: $relationshipTypes, direction: $direction) {
                length cost
                nodes { ...Ref }
                {{RelationshipSelection}}
              }
            }
            """ + fragments.For(GraphFragments.Ref, GraphFragments.Relationship);
        var variables = new JsonObject
        {
            ["from"] = from,
            ["to"] = to,
            ["k"] = k,
            ["maxHops"] = maxHops,
            ["relationshipTypes"] = ToolJson.Strings(relationshipTypes),
            ["direction"] = direction,
        };
        var answer = await graphQL.RunAsync(query, variables, null, cancellationToken);
        return ToolAnswer.From(answer, data =>
        {
            var paths = new JsonArray();
            var text = new StringBuilder();
            foreach (var path in data["kShortestPaths"] as JsonArray ?? [])
            {
                var relationships = new JsonArray([.. ToolJson.PathRelationships(fragments, path?["relationships"])]);
                var nodes = new JsonArray([.. (path?["nodes"] as JsonArray ?? []).Select(n => ToolJson.Ref(n))]);
                paths.Add(new JsonObject { ["length"] = path?["length"]?.DeepClone(), ["nodes"] = nodes, ["relationships"] = relationships });
                text.Append("Path ").Append(paths.Count).Append(" (").Append(ToolJson.Str(path, "length")).Append(" hops): ")
                    .AppendLine(string.Join(" → ", nodes.Select(ToolJson.RefText)));
                foreach (var relationship in relationships)
                {
                    ToolJson.AppendRelationship(text, relationship!, "  ");
                }
            }

            if (paths.Count == 0)
            {
                text.AppendLine($"No path connects '{from}' and '{to}' within the limits given.");
            }

            return (new JsonObject { ["paths"] = paths }, text.ToString());
        });
    }
}
