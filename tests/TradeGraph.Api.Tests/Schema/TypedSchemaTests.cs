using GraphQL;
using GraphQL.Types;
using TradeGraph.Api.GraphQL;
using TradeGraph.Api.GraphQL.Schema;
using TradeGraph.Api.GraphQL.Schema.Analytics;
using TradeGraph.Api.GraphQL.Schema.Connections;
using TradeGraph.Api.Tests.Hosting;
using TradeGraph.Core.Model;
using TradeGraph.Core.Querying;

namespace TradeGraph.Api.Tests.Schema;

/// <summary>
/// The shape issue 20 asked of the schema's code, held structurally: every connection is built by the one connection
/// component, the fixed types are typed classes, and the filter words are the registry's on both sides (inputs, parser).
/// </summary>
[Collection(ApplicationCollection.Name)]
public sealed class TypedSchemaTests(TradeGraphApplication application)
{
    [Fact]
    public void EveryConnectionAndEdgeTypeComesFromTheConnectionComponent()
    {
        var schema = application.Services.GetRequiredService<TradeGraphSchema>();
        var connections = schema.AllTypes.OfType<IObjectGraphType>()
            .Where(t => t.Name.EndsWith("Connection", StringComparison.Ordinal) || t.Name.EndsWith("Edge", StringComparison.Ordinal))
            .ToList();

        Assert.Contains(connections, t => t.Name == "CentralityConnection");

        Assert.True(connections.Count > 10, $"only {connections.Count} connection and edge types found");
        foreach (var type in connections)
        {
            var definition = type.GetType().IsGenericType ? type.GetType().GetGenericTypeDefinition() : type.GetType();
            Assert.True(definition == typeof(ConnectionGraphType<>) || definition == typeof(EdgeGraphType<>),
                $"{type.Name} is a {type.GetType().Name}, not built by ConnectionGraphType / EdgeGraphType");
        }
    }

    [Theory]
    [InlineData("PageInfo")]
    [InlineData("SearchResult")]
    [InlineData("SearchMode")]
    [InlineData("SearchSignal")]
    [InlineData("EntityKindName")]
    [InlineData("FieldChange")]
    [InlineData("Revision")]
    [InlineData("CitedFact")]
    [InlineData("Passage")]
    [InlineData("Subscription")]
    [InlineData("GraphChange")]
    [InlineData("IngestArticleInput")]
    [InlineData("IngestArticlePayload")]
    [InlineData("Mention")]
    [InlineData("CoMention")]
    [InlineData("AmbiguousMention")]
    [InlineData("SourceReferenceInput")]
    [InlineData("WriteOutcome")]
    [InlineData("ChangeResult")]
    [InlineData("ApplyChangesInput")]
    [InlineData("ApplyChangesPayload")]
    [InlineData("SortEnumType")]
    [InlineData("StringOperationFilterInput")]
    [InlineData("IntOperationFilterInput")]
    [InlineData("ListStringOperationFilterInput")]
    [InlineData("SourceReferenceFilterInput")]
    [InlineData("PathDirection")]
    [InlineData("PathRelationship")]
    [InlineData("NeighbourStepInput")]
    [InlineData("SimilarityMeasure")]
    [InlineData("Path")]
    [InlineData("SubgraphNode")]
    [InlineData("Subgraph")]
    [InlineData("CentralityAlgorithm")]
    [InlineData("ScoredNode")]
    [InlineData("CommunityAlgorithm")]
    [InlineData("Community")]
    [InlineData("Communities")]
    [InlineData("SimilarEntity")]
    [InlineData("CoOccurrence")]
    public void AFixedTypeIsItsOwnClass(string name)
    {
        var schema = application.Services.GetRequiredService<TradeGraphSchema>();

        var type = schema.AllTypes[name];

        Assert.NotNull(type);
        Assert.Equal(typeof(TradeGraphSchema).Assembly, type.GetType().Assembly);
    }

    [Theory]
    [InlineData("PathRelationship", typeof(Core.Analytics.RelationshipRef))]
    [InlineData("NeighbourStepInput", typeof(NeighbourStep))]
    [InlineData("Path", typeof(Core.Analytics.GraphPath))]
    [InlineData("SubgraphNode", typeof(Core.Analytics.SubgraphNode))]
    [InlineData("Subgraph", typeof(Core.Analytics.Subgraph))]
    [InlineData("ScoredNode", typeof(Core.Analytics.NodeScore))]
    [InlineData("Community", typeof(Core.Analytics.Community))]
    [InlineData("Communities", typeof(Core.Analytics.CommunitySet))]
    [InlineData("SimilarEntity", typeof(Core.Analytics.SimilarEntity))]
    [InlineData("CoOccurrence", typeof(Core.Analytics.CoOccurrencePair))]
    public void AnAnalyticsTypeIsTypedByWhatItsFieldsRead(string name, Type source)
    {
        var schema = application.Services.GetRequiredService<TradeGraphSchema>();

        var type = schema.AllTypes[name];

        Assert.NotNull(type);
        var typed = type.GetType().BaseType!;
        Assert.True(typed.IsGenericType, $"{name} is a {type.GetType().Name}, not a typed class");
        Assert.Contains(typed.GetGenericTypeDefinition(), new[] { typeof(ObjectGraphType<>), typeof(InputObjectGraphType<>) });
        Assert.Equal(source, typed.GetGenericArguments()[0]);
    }

    [Fact]
    public void AnAnalyticsFieldThatAwaitsKeepsItsCostWeight()
    {
        var schema = application.Services.GetRequiredService<TradeGraphSchema>();

        // Fields that await the store or a service are weighed as such (the SDL prints @cost(weight: "10") on each).
        foreach (var (type, field) in new[] { ("Path", "nodes"), ("Community", "members"), ("CoOccurrence", "shared"), ("CentralityConnection", "totalCount") })
        {
            var definition = ((IComplexGraphType)schema.AllTypes[type]!).GetField(field)!;
            Assert.Equal(CostModel.ResolverWeight, CostModel.WeightOf(definition));
        }

        // ...and the rest carry none, as before: a loader result handed back is not an awaiting resolver.
        foreach (var (type, field) in new[] { ("PathRelationship", "from"), ("ScoredNode", "node"), ("Subgraph", "nodes") })
        {
            var definition = ((IComplexGraphType)schema.AllTypes[type]!).GetField(field)!;
            Assert.Null(definition.FindAppliedDirective(CostDirectives.CostName));
        }
    }

    [Fact]
    public void AnalyticsAddsItsEntityFieldsToEveryKindsType()
    {
        var schema = application.Services.GetRequiredService<TradeGraphSchema>();
        var model = application.Services.GetRequiredService<GraphModel>();
        var added = new[] { "community" }.Concat(Core.Analytics.ScoreMeasures.All.Select(m => m.Field)).ToList();

        foreach (var kind in model.Kinds)
        {
            var type = (IComplexGraphType)schema.AllTypes[kind.Name]!;
            foreach (var name in added)
            {
                var field = type.GetField(name);
                Assert.True(field is not null, $"{kind.Name} has no {name}");
                Assert.Equal(10.0, CostModel.DeclaredWeightOf(field));
            }
        }
    }

    [Fact]
    public void EveryListFilterInputOffersTheRegistrysQuantifiersInOrder()
    {
        var schema = application.Services.GetRequiredService<TradeGraphSchema>();
        var lists = schema.AllTypes.OfType<IInputObjectGraphType>().Where(t => t.Name.Contains("List", StringComparison.Ordinal)).ToList();
        var quantifiers = FilterConvention.Quantifiers.Select(q => q.Name).ToList();

        Assert.NotEmpty(lists);
        foreach (var list in lists)
        {
            var names = list.Fields.Select(f => f.Name).ToList();
            Assert.Equal(quantifiers, names.Where(n => FilterConvention.QuantifierByName.ContainsKey(n)));
            Assert.Contains(FilterConvention.Any, names);
        }
    }

    [Fact]
    public void TheParserReadsEveryQuantifierOfTheRegistryOverARelationshipAndWithIt()
    {
        var model = application.Services.GetRequiredService<GraphModel>();
        var parser = new QueryArgumentParser(model);
        var (kind, field) = model.Kinds
            .SelectMany(k => model.RelationshipFieldsOf(k.Name).Where(f => f.End.Cardinality != Cardinality.One).Select(f => (k, f.End.Field)))
            .First();

        foreach (var quantifier in FilterConvention.Quantifiers)
        {
            foreach (var name in new[] { quantifier.Name, quantifier.Name + QueryInputTypes.EdgeSuffix })
            {
                var where = new Dictionary<string, object?>
                {
                    [field] = new Dictionary<string, object?> { [name] = new Dictionary<string, object?> { ["key"] = new Dictionary<string, object?> { ["eq"] = "x" } } },
                };

                var filter = Assert.IsType<RelationshipFilter>(parser.ParseFilter(kind, where));

                Assert.Equal(quantifier.Relationship, filter.Quantifier);
                Assert.NotNull(filter.Target);
            }
        }
    }
}
