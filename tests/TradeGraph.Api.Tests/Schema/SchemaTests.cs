using GraphQL.Types;
using TradeGraph.Api.GraphQL.Schema;
using TradeGraph.Api.Tests.Hosting;
using TradeGraph.Core.Model;

namespace TradeGraph.Api.Tests.Schema;

[Collection(ApplicationCollection.Name)]
public sealed class SchemaTests(TradeGraphApplication application)
{
    [Fact]
    public async Task PrintedSchemaMatchesSnapshot()
    {
        using var client = application.CreateClient();

        var sdl = await client.GetStringAsync("/graphql/schema.graphql");

        sdl.MatchSnapshot();
    }

    [Fact]
    public void EveryEntityKindHasATypeAConnectionAndARootField()
    {
        var schema = application.Services.GetRequiredService<TradeGraphSchema>();
        var model = application.Services.GetRequiredService<GraphModel>();

        foreach (var kind in model.Kinds)
        {
            var type = Assert.IsType<IObjectGraphType>(schema.AllTypes[kind.Name], exactMatch: false);
            Assert.Contains(type.ResolvedInterfaces, i => i.Name == "Node");
            Assert.Equal(kind.IsEntity, type.ResolvedInterfaces.Any(i => i.Name == "Entity"));
            Assert.NotNull(schema.AllTypes[char.ToUpperInvariant(kind.PluralField[0]) + kind.PluralField[1..] + "Connection"]);
            Assert.NotNull(schema.Query.GetField(kind.PluralField));
            foreach (var property in kind.Properties)
            {
                Assert.NotNull(type.GetField(property.Name));
            }
        }
    }

    [Fact]
    public void EveryRelationshipCanBeWalkedFromBothEnds()
    {
        var schema = application.Services.GetRequiredService<TradeGraphSchema>();
        var model = application.Services.GetRequiredService<GraphModel>();

        foreach (var relationship in model.RelationshipTypes)
        {
            foreach (var from in EndTypes(relationship.From))
            {
                Assert.NotNull(from.GetField(relationship.Outgoing.Field));
            }

            foreach (var to in EndTypes(relationship.To))
            {
                Assert.NotNull(to.GetField(relationship.Incoming.Field));
            }

            Assert.NotNull(schema.AllTypes[relationship.TypeName]);
        }

        // An end that takes any entity puts the field on every kind that is an Entity.
        IEnumerable<IObjectGraphType> EndTypes(string kind) => kind == GraphModel.AnyEntity
            ? model.Kinds.Where(k => k.IsEntity).Select(k => (IObjectGraphType)schema.AllTypes[k.Name]!)
            : [(IObjectGraphType)schema.AllTypes[kind]!];
    }
}
