using GraphQL.Types;
using TradeGraph.Api.GraphQL.Schema;
using TradeGraph.Api.Tests.Hosting;
using TradeGraph.Core.Model;

namespace TradeGraph.Api.Tests.Schema;

/// <summary>
/// Pins the filter and sort inputs against the names and shapes Hot Chocolate's own schema snapshots show
/// (ChilliCream/graphql-platform, Data.Filters.Tests / Data.Sorting.Tests): operation inputs and their operator fields in
/// order, to-many and to-one relationship filters, the id filter, nested sorts. Our additions (ignoreCase, count,
/// the <c>…Edge</c> relationship conditions, scores) are allowed only after Hot Chocolate's fields.
/// </summary>
[Collection(ApplicationCollection.Name)]
public sealed class HotChocolateConventionTests(TradeGraphApplication application)
{
    private static readonly string[] ComparableOperators = ["eq", "neq", "in", "nin", "gt", "ngt", "gte", "ngte", "lt", "nlt", "lte", "nlte"];

    private readonly TradeGraphSchema _schema = application.Services.GetRequiredService<TradeGraphSchema>();
    private readonly GraphModel _model = application.Services.GetRequiredService<GraphModel>();

    [Theory]
    [InlineData("IntOperationFilterInput", "Int")]
    [InlineData("FloatOperationFilterInput", "Float")]
    [InlineData("DateOperationFilterInput", "Date")]
    public void ComparableInputsHaveHotChocolatesOperatorsInItsOrder(string input, string scalar)
    {
        var fields = Fields(input);

        Assert.Equal(ComparableOperators, fields.Select(f => f.Name));
        Assert.All(fields, f => Assert.Equal(f.Name is "in" or "nin" ? $"[{scalar}]" : scalar, f.Type));
    }

    [Fact]
    public void StringInputHasAndOrThenHotChocolatesOperatorsThenIgnoreCase()
    {
        var fields = Fields("StringOperationFilterInput");

        Assert.Equal(["and", "or", "eq", "neq", "contains", "ncontains", "in", "nin", "startsWith", "nstartsWith", "endsWith", "nendsWith", "ignoreCase"],
            fields.Select(f => f.Name));
        Assert.Equal("[StringOperationFilterInput!]", fields[0].Type);
        Assert.Equal("[StringOperationFilterInput!]", fields[1].Type);
        Assert.Equal("[String]", fields.Single(f => f.Name == "nin").Type);
        Assert.Equal("Boolean", fields[^1].Type);
    }

    [Fact]
    public void IdAndBooleanAndEnumInputsHaveHotChocolatesOperators()
    {
        Assert.Equal([("eq", "ID"), ("neq", "ID"), ("in", "[ID]"), ("nin", "[ID]")], Fields("IdOperationFilterInput"));
        Assert.Equal([("eq", "Boolean"), ("neq", "Boolean")], Fields("BooleanOperationFilterInput"));
        Assert.Equal(["eq", "neq", "in", "nin"], Fields("MeetingFormatOperationFilterInput").Select(f => f.Name));
    }

    [Fact]
    public void EveryKindsFilterStartsWithAndOrThenTakesItsGlobalId()
    {
        foreach (var kind in _model.ReachableKinds)
        {
            var name = kind.Name + "FilterInput";
            var fields = Fields(name);

            Assert.Equal(("and", $"[{name}!]"), fields[0]);
            Assert.Equal(("or", $"[{name}!]"), fields[1]);
            Assert.Contains(("id", "IdOperationFilterInput"), fields);
        }
    }

    [Fact]
    public void ToManyFiltersQuantifyOverTheTargetsOwnFilterAndHaveAny()
    {
        foreach (var kind in _model.ReachableKinds)
        {
            foreach (var (type, direction, end) in _model.RelationshipFieldsOf(kind.Name))
            {
                var field = Fields(kind.Name + "FilterInput").Single(f => f.Name == end.Field);
                var target = type.TargetKind(direction) + "FilterInput";
                if (end.Cardinality == Cardinality.One)
                {
                    Assert.Equal(target, field.Type);
                    continue;
                }

                var list = Fields(field.Type);
                Assert.Equal([("some", target), ("none", target), ("all", target), ("any", "Boolean")], list.Take(4));
                // Our additions come after: count, and the relationship conditions when the relationship has properties.
                Assert.Equal("count", list[4].Name);
                Assert.All(list.Skip(5), f => Assert.EndsWith(QueryInputTypes.EdgeSuffix, f.Name, StringComparison.Ordinal));
            }
        }
    }

    [Fact]
    public void NestedSortsUseTheTargetsSortInput()
    {
        foreach (var kind in _model.ReachableKinds)
        {
            var sort = Fields(kind.Name + "SortInput");
            foreach (var (type, direction, end) in _model.RelationshipFieldsOf(kind.Name).Where(f => f.End.Cardinality == Cardinality.One))
            {
                Assert.Contains((end.Field, type.TargetKind(direction) + "SortInput"), sort);
            }

            Assert.All(sort.Where(f => !f.Type.EndsWith("SortInput", StringComparison.Ordinal)), f => Assert.Equal("SortEnumType", f.Type));
        }

        Assert.DoesNotContain(_schema.AllTypes, t => t.Name.EndsWith("FieldSortInput", StringComparison.Ordinal));
        var sortDirection = Assert.IsType<EnumerationGraphType>(_schema.AllTypes["SortEnumType"], exactMatch: false);
        Assert.Equal(["ASC", "DESC"], sortDirection.Values.Select(v => v.Name));
    }

    private List<(string Name, string Type)> Fields(string inputType)
    {
        var input = Assert.IsType<IInputObjectGraphType>(_schema.AllTypes[inputType], exactMatch: false);
        return [.. input.Fields.Select(f => (f.Name, f.ResolvedType!.ToString()!))];
    }
}
