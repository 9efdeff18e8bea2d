using GraphQL.Types;
using TradeGraph.Core.Model;

namespace TradeGraph.Api.GraphQL.Schema.Search;

/// <summary><c>EntityKindName</c>: the model's entity kinds in UPPER_SNAKE, the kinds search can be limited to.</summary>
internal sealed class EntityKindNameGraphType : EnumerationGraphType
{
    public EntityKindNameGraphType(GraphModel model)
    {
        Name = "EntityKindName";
        Description = "The kinds of entity search can return.";
        foreach (var kind in model.Kinds.Where(k => k.IsEntity))
        {
            Add(UpperSnake(kind.Name), kind.Name, kind.Description);
        }
    }

    private static string UpperSnake(string pascal) =>
        string.Concat(pascal.Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + c : char.ToUpperInvariant(c).ToString()));
}
