using GraphQL;
using GraphQL.Transport;
using GraphQLParser.AST;
using Microsoft.Extensions.Options;
using TradeGraph.Api.GraphQL;
using TradeGraph.Api.GraphQL.Errors;
using TradeGraph.Api.GraphQL.Loading;
using TradeGraph.Api.Security;

namespace TradeGraph.Api.GraphQLHttp.Batching;

/// <summary>
/// Runs a batch (<see cref="ReadRequests.IsBatch"/>) as Hot Chocolate, Apollo Server and graphql-dotnet's server do: an
/// array of results in the order of the requests, as application/json. Each operation passes the same rules as alone
/// (persisted documents, access and key kinds, every limit); the field-cost limit holds for the batch as a whole (the sum
/// of the estimates; over it, every operation gets COST_LIMIT_EXCEEDED and none runs). Operations run one after another
/// in the request's DI scope, so they share one <see cref="RequestLoaders"/>: what one loaded, the next reuses without a
/// store round trip — until a mutation runs, after which the loaders forget their values so later operations see its writes.
/// </summary>
internal sealed class GraphQLBatchRunner(
    GraphQLRequestRunner runner,
    IOptions<CostOptions> cost,
    IGraphQLTextSerializer serializer,
    IHostApplicationLifetime lifetime)
{
    public async Task HandleAsync(HttpContext context, IReadOnlyList<GraphQLRequest> requests, Caller caller)
    {
        // GraphQL-Cost: validate promises that nothing runs; rather than run a batch against it, refuse it.
        if (GraphQLCostHeader.Read(context.Request) != CostRequest.None)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            context.Response.ContentType = GraphQLMediaTypes.Json + "; charset=utf-8";
            var refusal = new ExecutionError($"{GraphQLCostHeader.Name} is not served for batches; send the operations one at a time.") { Code = RequestProblem.InvalidRequest };
            await serializer.WriteAsync(context.Response.Body, new ExecutionResult { Errors = [refusal] }, context.RequestAborted);
            return;
        }

        using var ending = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var results = await RunAsync(requests, caller, context.RequestServices, context.User, ending.Token);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = GraphQLMediaTypes.Json + "; charset=utf-8";
        await serializer.WriteAsync(context.Response.Body, results, context.RequestAborted);
    }

    public async Task<ExecutionResult[]> RunAsync(
        IReadOnlyList<GraphQLRequest> requests, Caller caller, IServiceProvider services, System.Security.Claims.ClaimsPrincipal? user, CancellationToken cancellationToken)
    {
        var prepared = requests.Select(request => runner.Prepare(request, caller)).ToList();
        var results = new ExecutionResult[prepared.Count];

        // The limit holds for the batch: estimate every operation first (validation only; nothing runs).
        double fieldCost = 0, resolvedFields = 0;
        foreach (var (request, _) in prepared)
        {
            if (request is not null)
            {
                var context = UserContext(caller);
                await runner.ExecuteAsync(request, GraphQLTransport.HttpPost, services, user, context, cancellationToken, validateOnly: true);
                if (context.TryGetValue(CostAnalysis.ContextKey, out var value) && value is OperationCost estimate)
                {
                    fieldCost += estimate.FieldCost;
                    resolvedFields += estimate.ResolvedFields;
                }
            }
        }

        var limits = cost.Value;
        if (fieldCost > limits.MaxFieldCost || resolvedFields > limits.MaxResolvedFields)
        {
            var over = fieldCost > limits.MaxFieldCost
                ? $"a field cost of {fieldCost:N0} together, over the limit of {limits.MaxFieldCost:N0} ({CostOptions.SectionName}:{nameof(CostOptions.MaxFieldCost)})"
                : $"{resolvedFields:N0} resolved fields together, over the limit of {limits.MaxResolvedFields:N0} ({CostOptions.SectionName}:{nameof(CostOptions.MaxResolvedFields)})";
            var refusal = new TradeGraphError(ErrorCodes.CostLimitExceeded,
                $"The batch has {over}; nothing of it was run. Send fewer operations or smaller pages.");
            Array.Fill(results, new ExecutionResult { Errors = [refusal] });
            return results;
        }

        var loaders = services.GetRequiredService<RequestLoaders>();
        for (var i = 0; i < prepared.Count; i++)
        {
            var (request, refusal) = prepared[i];
            if (request is null)
            {
                results[i] = new ExecutionResult { Errors = [refusal!] };
                continue;
            }

            // In order, one at a time: a mutation commits before the next operation starts.
            results[i] = await runner.ExecuteAsync(request, GraphQLTransport.HttpPost, services, user, UserContext(caller), cancellationToken);
            if (results[i].Operation?.Operation == OperationType.Mutation)
            {
                loaders.ForgetLoadedValues();
            }
        }

        return results;
    }

    private static Dictionary<string, object?> UserContext(Caller caller) => new() { [Caller.ContextKey] = caller };
}
