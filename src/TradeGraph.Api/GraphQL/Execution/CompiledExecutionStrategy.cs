using System.Runtime.CompilerServices;
using GraphQL;
using GraphQL.Execution;
using GraphQLParser.AST;
using Microsoft.Extensions.Options;
using ExecutionContext = GraphQL.Execution.ExecutionContext;

namespace TradeGraph.Api.GraphQL.Execution;

/// <summary>
/// Queries run over selections collected once per cached operation (<see cref="CompiledSelection"/>), resolvers called
/// directly (<see cref="CompiledRun"/>) and the answer written straight to UTF-8 (<see cref="CompiledResultConverter"/>),
/// instead of GraphQL.NET's execution node and task per field, field collection per object and per-value serializer
/// dispatch. Whatever the compiled path does not handle — directives, merged fields, introspection, any error — runs
/// on GraphQL.NET's parallel strategy (this class's base), so every answer and error is byte for byte the executor's.
/// Mutations and subscriptions keep their own strategies.
/// </summary>
internal sealed class CompiledExecutionStrategy(IOptions<CompiledExecutionOptions> options) : ParallelExecutionStrategy
{
    private readonly ConditionalWeakTable<GraphQLOperationDefinition, CompiledOperation> _operations = [];
    private long _compiled;
    private long _fellBack;
    private long _notCompiled;

    /// <summary>Operations answered on the compiled path.</summary>
    public long Compiled => Interlocked.Read(ref _compiled);

    /// <summary>Operations the compiled path started and handed to the executor (an error, a null in a non-null position, …).</summary>
    public long FellBack => Interlocked.Read(ref _fellBack);

    /// <summary>Operations whose selection the compiled path does not handle (the executor ran them from the start).</summary>
    public long NotCompiled => Interlocked.Read(ref _notCompiled);

    public override async Task<ExecutionResult> ExecuteAsync(ExecutionContext context)
    {
        if (!options.Value.Enabled || context.Operation.Operation != OperationType.Query || context.Schema.Query is not { } queryType)
        {
            return await base.ExecuteAsync(context);
        }

        if (!_operations.TryGetValue(context.Operation, out var operation) || operation.Schema != context.Schema)
        {
            operation = new CompiledOperation(context.Schema, CompiledSelection.Collect(context.Schema, context.Document, queryType, context.Operation.SelectionSet));
            _operations.AddOrUpdate(context.Operation, operation);
        }

        if (operation.Root is null || operation.Unfit)
        {
            Interlocked.Increment(ref _notCompiled);
            return await base.ExecuteAsync(context);
        }

        // The run reports into a list of its own: a resolver that reports an error itself (none of ours does) keeps it on
        // this path, and a run handed to the executor leaves nothing behind for the executor to report twice.
        var errors = context.Errors;
        context.Errors = [];
        var run = new CompiledRun(context);
        try
        {
            var data = await run.ExecuteAsync(operation.Root, queryType);
            errors.AddRange(context.Errors);
            context.Errors = errors;
            Interlocked.Increment(ref _compiled);
            // As GraphQL.NET's own strategy builds its result (its constructor from the context is internal).
            return new ExecutionResult
            {
                Query = context.Document.Source,
                Document = context.Document,
                Operation = context.Operation,
                Extensions = context.OutputExtensions,
                Executed = true,
                Data = data,
            };
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !context.CancellationToken.IsCancellationRequested)
        {
            operation.Unfit |= exception is CompiledRun.FallBack { Unfit: true };
            await run.DrainAsync();
        }
        finally
        {
            context.Errors = errors;
        }

        Interlocked.Increment(ref _fellBack);
        return await base.ExecuteAsync(context);
    }

    /// <summary>An operation's root selection (null: not handled) and the schema it was collected against.</summary>
    private sealed record CompiledOperation(global::GraphQL.Types.ISchema Schema, CompiledSelection? Root)
    {
        /// <summary>A selection below the root turned out not to be handled (found when a value first reached it).</summary>
        public bool Unfit { get; set; }
    }
}

/// <summary>The compiled execution of queries (GraphQL:CompiledExecution); on by default, off runs every query on GraphQL.NET's executor.</summary>
public sealed class CompiledExecutionOptions
{
    public const string SectionName = "GraphQL:CompiledExecution";

    public bool Enabled { get; set; } = true;
}
