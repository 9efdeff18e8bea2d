using GraphQL;
using Microsoft.Extensions.Options;
using TradeGraph.Core.Model;

namespace TradeGraph.Api.GraphQL.Schema;

/// <summary>
/// The GraphQL schema: the Query root (<see cref="QueryGraphType"/>, then search, analytics and passages), Mutation and
/// Subscription; the model-derived types come from <see cref="ModelGraphTypes"/>, the fixed ones are typed classes in
/// the folders beside this file. A singleton.
/// </summary>
public sealed class TradeGraphSchema : global::GraphQL.Types.Schema
{
    public TradeGraphSchema(
        IServiceProvider services, GraphModel model, IOptions<PagingOptions> paging, IOptions<Api.Analytics.AnalyticsOptions> analytics, IOptions<CostOptions> cost)
        : base(services)
    {
        var types = new ModelGraphTypes(model, paging.Value);
        Directives.Register(new SpecifiedByDirective());
        types.SourceReference.WithMetadata(ListSize.AssumedItemsKey, cost.Value.AssumedSourcesPerFact);
        var query = new QueryGraphType(model, types, paging.Value);
        var (searchEntities, searchTypes) = Search.SearchGraphTypes.Create(model, types, paging.Value);
        query.AddField(searchEntities);

        var analyticsTypes = new Analytics.AnalyticsGraphTypes(model, types, analytics.Value, paging.Value);
        analyticsTypes.AddQueryFields(query);
        analyticsTypes.ExtendKindTypes();

        var provenance = new Provenance.ProvenanceGraphTypes(model, types, paging.Value);
        var passages = new Passages.PassageGraphTypes(types);
        query.AddField(passages.SearchPassagesField());
        var mutations = new MutationTypes(model, types);
        Query = query;
        Mutation = mutations.Mutation;
        Subscription = new Live.SubscriptionGraphType(model, types);
        // Every directive the SDL prints is defined in it (older parsers refuse @oneOf otherwise); the cost model's
        // weights and list sizes are settled, and applied as @cost / @listSize, while the schema initializes.
        Directives.Register(CostDirectives.Cost(), CostDirectives.ListSize(), OneOfDirective.Definition());
        RegisterVisitor(new CostModel(paging.Value, cost.Value));
        foreach (var type in types.AllTypes.Concat(searchTypes).Concat(analyticsTypes.AllTypes).Concat(provenance.AllTypes).Concat(passages.AllTypes).Concat(mutations.AllTypes))
        {
            RegisterType(type);
        }
    }
}
