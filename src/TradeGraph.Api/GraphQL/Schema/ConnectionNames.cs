namespace TradeGraph.Api.GraphQL.Schema;

/// <summary>
/// The one place connection and edge type names come from, as Hot Chocolate's <c>InferConnectionNameFromField</c>
/// forms them: the field's name with its first letter upper-cased, then <c>Connection</c> / <c>Edge</c>
/// (<c>Official.posts</c> → <c>PostsConnection</c> / <c>PostsEdge</c>, <c>searchEntities</c> → <c>SearchEntitiesConnection</c>).
/// Fields that infer the same name over the same node type share one connection type, as in Hot Chocolate (its type
/// reference is keyed by that name). Hot Chocolate 14/15 also hands that first type to a same-named field over another
/// node type (ChilliCream/graphql-platform#4790, #6871), which would print a wrong schema; there the later field gets
/// the name a Hot Chocolate user sets by hand (<c>ConnectionName</c>): its declaring type's name before the field's
/// (<c>Country.meetings</c> over another node → <c>CountryMeetingsConnection</c>). First claimed, first served: the
/// schema claims the root fields first, as Hot Chocolate discovers Query first.
/// </summary>
internal sealed class ConnectionNames
{
    public const string ConnectionSuffix = "Connection";
    public const string EdgeSuffix = "Edge";

    // Claimed base name → the node type its connection pages over.
    private readonly Dictionary<string, string> _nodeTypes = new(StringComparer.Ordinal);

    /// <summary>The base name (without <c>Connection</c>/<c>Edge</c>) of the connection on <paramref name="declaringType"/>.<paramref name="field"/>.</summary>
    public string Claim(string declaringType, string field, string nodeType)
    {
        var name = Inferred(field);
        if (_nodeTypes.TryAdd(name, nodeType) || _nodeTypes[name] == nodeType)
        {
            return name;
        }

        var qualified = declaringType + name;
        return _nodeTypes.TryAdd(qualified, nodeType) || _nodeTypes[qualified] == nodeType
            ? qualified
            : throw new InvalidOperationException(
                $"The connection of {declaringType}.{field} cannot be named: both '{name}' and '{qualified}' are taken by connections of other node types.");
    }

    /// <summary>Hot Chocolate's inference: the field name with its first letter upper-cased.</summary>
    public static string Inferred(string field) =>
        char.IsUpper(field[0]) ? field : string.Concat(char.ToUpperInvariant(field[0]).ToString(), field.AsSpan(1));

    public static string Connection(string name) => name + ConnectionSuffix;

    public static string Edge(string name) => name + EdgeSuffix;
}
