using TradeGraph.Api.Tests.Hosting;

namespace TradeGraph.Api.Tests.Performance;

/// <summary>
/// The regression guard's first figure: the store round trips each benchmark workload makes, read from the
/// GraphQL-Cost report. It depends on the query's shape only (a level of nesting is one batched call), not on the
/// machine, so it is an exact budget: a resolver that stops batching, or an extra lookup, fails it.
/// </summary>
[Collection(ApplicationCollection.Name)]
public sealed class StoreRoundTripBudgetTests(TradeGraphApplication application)
{
    [Theory]
    [InlineData(Workloads.KeyLookup, 2)] // node(id:) by key, then the country one hop away
    [InlineData(Workloads.Nested, 3)] // meetings, their participants (one batch), the participants' countries (one batch)
    [InlineData(Workloads.FilteredPage, 2)] // the page, then totalCount
    [InlineData(Workloads.Search, 1)] // the ranked hits come back as whole entities
    [InlineData(Workloads.ShortestPath, 1)] // the path's entities in one batch; the path itself comes from the cached projection
    public async Task A_workload_makes_exactly_its_budget_of_store_round_trips(string name, int budget)
    {
        var workload = Workloads.Get(name);
        using var client = application.CreateClient();
        // The first request may build caches (the analytics projection); the budget is for a warm server.
        await WorkloadClient.QueryAsync(client, workload);

        var response = await WorkloadClient.QueryAsync(client, workload, reportCost: true);

        var roundTrips = response["extensions"]?["operationCost"]?["storeRoundTrips"]?.GetValue<int>();
        Assert.True(roundTrips == budget, $"{name}: {roundTrips?.ToString() ?? "no figure"} store round trips per request, budget {budget}");
    }
}
