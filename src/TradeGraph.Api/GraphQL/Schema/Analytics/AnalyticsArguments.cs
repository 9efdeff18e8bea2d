using GraphQL;
using GraphQL.Types;
using TradeGraph.Api.Analytics;
using TradeGraph.Api.GraphQL.Errors;
using TradeGraph.Core.Analytics;
using TradeGraph.Core.Model;

namespace TradeGraph.Api.GraphQL.Schema.Analytics;

/// <summary>
/// The arguments the analytics fields share (the projection's, <c>via</c>, bounded sizes) and how they are read and
/// checked: a bad value is INVALID_ARGUMENT with what was wrong, never a silent correction.
/// </summary>
internal sealed class AnalyticsArguments(GraphModel model, ModelGraphTypes types, PathDirectionGraphType direction)
{
    public PathDirectionGraphType Direction => direction;

    /// <summary>The projection arguments shared by centrality and communities (and an entity's community), after the field's own.</summary>
    public QueryArguments Projection(params QueryArgument[] own)
    {
        var arguments = new QueryArguments(own);
        arguments.Add(new QueryArgument<ListGraphType<NonNullGraphType<StringGraphType>>> { Name = "kinds", Description = "Entity kinds in the projection (all when left out)." });
        arguments.Add(new QueryArgument<ListGraphType<NonNullGraphType<StringGraphType>>> { Name = "relationshipTypes", Description = "Relationship types in the projection (all when left out)." });
        arguments.Add(new QueryArgument(direction) { Name = "direction", Description = "BOTH unless given." });
        arguments.Add(new QueryArgument(types.Date) { Name = "from", Description = "Keep dated entities and relationships from this day on." });
        arguments.Add(new QueryArgument(types.Date) { Name = "until", Description = "Keep dated entities and relationships up to this day." });
        return arguments;
    }

    /// <summary>The projection the arguments of <see cref="Projection"/> name.</summary>
    public static ProjectionFilter ReadProjection(IResolveFieldContext c)
    {
        var from = c.GetArgument<DateOnly?>("from");
        var until = c.GetArgument<DateOnly?>("until");
        return new ProjectionFilter
        {
            Kinds = Kinds(c),
            RelationshipTypes = RelationshipTypes(c),
            Direction = c.GetArgument("direction", EdgeDirection.Undirected),
            DateWindow = from is null && until is null ? null : new DateWindow(from, until),
        };
    }

    // Kinds and types of a projection filter are checked against the model where every filter is admitted (AnalyticsService).
    public static string[]? Kinds(IResolveFieldContext c) => c.GetArgument<List<string>?>("kinds")?.ToArray();

    public static string[]? RelationshipTypes(IResolveFieldContext c) => c.GetArgument<List<string>?>("relationshipTypes")?.ToArray();

    /// <summary>The <c>via</c> path (<see cref="NeighbourStepInputGraphType"/>), each step's type checked against the model.</summary>
    public NeighbourPath Via(IResolveFieldContext c) =>
        new([.. c.Argument<IEnumerable<object>>("via").Cast<NeighbourStep>().Select(step => (step with { RelationshipType = KnownType(step.RelationshipType, "via") }).ToHop())]);

    public string KnownKind(string kind, string argument) => model.TryGetKind(kind, out _)
        ? kind
        : throw new TradeGraphError(ErrorCodes.InvalidArgument, $"`{argument}`: '{kind}' is not an entity kind ({string.Join(", ", model.Kinds.Select(k => k.Name))}).");

    private string KnownType(string type, string argument) => model.TryGetRelationship(type, out _)
        ? type
        : throw new TradeGraphError(ErrorCodes.InvalidArgument, $"`{argument}`: '{type}' is not a relationship type.");

    /// <summary>An optional integer argument within its own bounds (not a page size: <see cref="PageArguments"/> reads those).</summary>
    public static int Bounded(IResolveFieldContext c, string argument, int fallback, int min, int max)
    {
        var value = c.GetArgument<int?>(argument) ?? fallback;
        return value >= min && value <= max
            ? value
            : throw new TradeGraphError(ErrorCodes.InvalidArgument, $"`{argument}` must be between {min} and {max} (got {value}).");
    }

    public static AnalyticsService Service(IResolveFieldContext c) => c.RequestServices!.GetRequiredService<AnalyticsService>();
}
