using GraphQL;
using GraphQL.Execution;
using GraphQL.Validation;
using TradeGraph.Api.GraphQL;

namespace TradeGraph.Api.GraphQLHttp;

/// <summary>What a client asks for with the <c>GraphQL-Cost</c> header, in Hot Chocolate's terms.</summary>
internal enum CostRequest
{
    /// <summary>No header (or a value it does not know): run the operation, report nothing.</summary>
    None,

    /// <summary><c>report</c>: run the operation (within the limits) and add <c>extensions.operationCost</c>.</summary>
    Report,

    /// <summary><c>validate</c>: parse, validate and estimate, execute nothing; answer 200 with only <c>extensions.operationCost</c>.</summary>
    Validate,
}

/// <summary>The <c>GraphQL-Cost</c> request header and the cost it adds to a response. Neither kind of answer is ever cached.</summary>
internal static class GraphQLCostHeader
{
    public const string Name = "GraphQL-Cost";

    public static CostRequest Read(HttpRequest request)
    {
        var value = request.Headers[Name].ToString().Trim();
        return value.Equals("report", StringComparison.OrdinalIgnoreCase) ? CostRequest.Report
            : value.Equals("validate", StringComparison.OrdinalIgnoreCase) ? CostRequest.Validate
            : CostRequest.None;
    }

    /// <summary>
    /// Adds <c>extensions.operationCost</c> when the rules estimated the operation (an operation refused before the estimate,
    /// such as an unauthenticated mutation, has none). For <c>validate</c>, a valid operation's answer is the cost alone:
    /// no data and no errors, as Hot Chocolate answers; an invalid one keeps its errors.
    /// </summary>
    public static ExecutionResult Apply(CostRequest request, ExecutionResult result, IDictionary<string, object?> userContext, int storeRoundTrips)
    {
        if (request == CostRequest.Validate)
        {
            var errors = result.Errors?.Where(e => e is not ValidateOnlyListener.NotExecuted).ToList() ?? [];
            result = errors.Count == 0
                ? new ExecutionResult { Extensions = result.Extensions }
                : new ExecutionResult { Errors = [.. errors], Extensions = result.Extensions };
        }

        if (userContext.TryGetValue(CostAnalysis.ContextKey, out var cost) && cost is OperationCost estimate)
        {
            (result.Extensions ??= [])["operationCost"] = new Dictionary<string, object?>
            {
                ["fieldCost"] = estimate.FieldCost,
                ["typeCost"] = estimate.TypeCost,
                ["resolvedFields"] = estimate.ResolvedFields,
                ["depth"] = estimate.Depth,
                ["aliases"] = estimate.Aliases,
                ["storeRoundTrips"] = storeRoundTrips,
            };
        }

        return result;
    }
}

/// <summary>
/// Stops the executer after validation for <c>GraphQL-Cost: validate</c>: a valid operation gets <see cref="NotExecuted"/>
/// in the execution context's errors, and the executer runs nothing when that list is not empty (mutations included).
/// <see cref="GraphQLCostHeader.Apply"/> removes the marker from the answer.
/// </summary>
internal sealed class ValidateOnlyListener : DocumentExecutionListenerBase
{
    public static readonly ValidateOnlyListener Instance = new();

    public override Task AfterValidationAsync(IExecutionContext context, IValidationResult validationResult)
    {
        if (validationResult.IsValid)
        {
            context.Errors.Add(new NotExecuted());
        }

        return Task.CompletedTask;
    }

    internal sealed class NotExecuted() : ExecutionError("Validated only (GraphQL-Cost: validate); nothing was executed.");
}
