using System.Collections;
using GraphQL.DataLoader;
using GraphQL.Resolvers;
using GraphQL.Types;
using ExecutionContext = GraphQL.Execution.ExecutionContext;

namespace TradeGraph.Api.GraphQL.Execution;

/// <summary>
/// Runs one request's operation over its compiled selections. The order of work is GraphQL.NET's parallel strategy's, so
/// loaders batch the same: every field that can run runs (level after level), then every pending data loader completes,
/// then the fields below them, until nothing is left. Anything it does not handle — a resolver's error, a null in a
/// non-null position, a value of an unexpected type, a selection not compiled — throws <see cref="FallBack"/>, and the
/// strategy runs the operation again with GraphQL.NET's executor, so errors, paths and partial data are exactly its own.
/// </summary>
internal sealed class CompiledRun(ExecutionContext execution)
{
    private readonly Queue<Work> _ready = new();
    private readonly List<Work> _started = [];
    private readonly List<Work> _loading = [];
    private CompiledFieldContext? _spare;

    /// <summary>Runs the root selection; the answer's data.</summary>
    public async Task<ResultObject> ExecuteAsync(CompiledSelection root, IObjectGraphType rootType)
    {
        var data = new ResultObject(root, null, null, -1);
        Enqueue(data, rootType, execution.RootValue);
        while (_ready.Count > 0 || _loading.Count > 0)
        {
            while (_ready.Count > 0)
            {
                await RunReadyAsync();
            }

            await CompleteLoadersAsync();
        }

        return data;
    }

    /// <summary>After a <see cref="FallBack"/>: waits for every resolver still running, so none overlaps the executor's run.</summary>
    public async Task DrainAsync()
    {
        foreach (var work in _started)
        {
            if (work.Pending is { } task)
            {
                try
                {
                    await task;
                }
                catch (Exception exception) when (exception is not OperationCanceledException || !execution.CancellationToken.IsCancellationRequested)
                {
                    // Its error is the executor's to report when it runs the field again.
                }
            }
        }
    }

    private async Task RunReadyAsync()
    {
        _started.Clear();
        while (_ready.TryDequeue(out var work))
        {
            execution.CancellationToken.ThrowIfCancellationRequested();
            _started.Add(work);
            if (work.Field.IsTypeName)
            {
                work.Value = work.ParentType.Name;
                continue;
            }

            var context = _spare ?? new CompiledFieldContext(execution);
            _spare = null;
            var resolving = (work.Field.Definition.Resolver ?? NameFieldResolver.Instance).ResolveAsync(context.Reset(work.Target, work.Field, work.ParentType, work.Source));
            if (resolving.IsCompletedSuccessfully)
            {
                work.Value = resolving.Result;
                // GraphQL.NET's rule for reusing its context: not after a loader or a list (either may hold on to the context).
                if (work.Value is not IDataLoaderResult && (work.Value is not IEnumerable || work.Value is string))
                {
                    _spare = context;
                }
            }
            else
            {
                work.Pending = resolving.AsTask();
            }
        }

        await SettleStartedAsync();
    }

    private async Task CompleteLoadersAsync()
    {
        var loading = _loading.ToArray();
        _loading.Clear();
        // Every loader's result is asked for before any is awaited: the first ask dispatches the batch they share.
        foreach (var work in loading)
        {
            work.Pending = ((IDataLoaderResult)work.Value!).GetResultAsync(execution.CancellationToken);
            _started.Add(work);
        }

        await SettleStartedAsync();
    }

    /// <summary>Awaits each started field in order: a loader waits for the next round of loaders, a value is completed.</summary>
    private async Task SettleStartedAsync()
    {
        foreach (var work in _started)
        {
            if (work.Pending is { } pending)
            {
                work.Value = await pending;
                work.Pending = null;
            }

            if (work.Value is IDataLoaderResult)
            {
                _loading.Add(work);
            }
            else
            {
                Complete(work);
            }
        }

        _started.Clear();
    }

    private void Complete(Work work) =>
        work.Target.Values[work.Slot] = CompleteValue(work.Field.Definition.ResolvedType!, work.Value, work.Target, work.Field, -1);

    /// <summary>GraphQL.NET's CompleteNode and ValidateNodeResult for one value, or <see cref="FallBack"/> where it would report an error.</summary>
    private object? CompleteValue(IGraphType type, object? value, ResultObject parent, CompiledField field, int index)
    {
        var nonNull = type is NonNullGraphType;
        if (type is NonNullGraphType wrapped)
        {
            type = wrapped.ResolvedType!;
        }

        if (value is IDataLoaderResult)
        {
            // A loader inside a list: GraphQL.NET completes it later; the executor does that here.
            throw new FallBack();
        }

        switch (type)
        {
            case ScalarGraphType scalar:
                var serialized = scalar.Serialize(value);
                return serialized is null && nonNull ? throw new FallBack() : serialized;
            case ListGraphType list when value is null:
                return nonNull ? throw new FallBack() : null;
            case ListGraphType list:
                return CompleteList(list, value, parent, field);
            case IObjectGraphType objectType:
                return value is null ? (nonNull ? throw new FallBack() : null) : CompleteObject(objectType, value, parent, field, index);
            case IAbstractGraphType abstractType:
                if (value is null)
                {
                    return nonNull ? throw new FallBack() : null;
                }

                var runtimeType = abstractType.GetObjectType(value, execution.Schema);
                return runtimeType is null || !field.IsPossibleType(abstractType, runtimeType)
                    ? throw new FallBack()
                    : CompleteObject(runtimeType, value, parent, field, index);
            default:
                throw new FallBack();
        }
    }

    private ResultList CompleteList(ListGraphType list, object value, ResultObject parent, CompiledField field)
    {
        if (value is not IEnumerable items || value is string)
        {
            throw new FallBack();
        }

        var itemType = list.ResolvedType!;
        if (items is IList indexed)
        {
            var completed = new object?[indexed.Count];
            for (var i = 0; i < completed.Length; i++)
            {
                completed[i] = CompleteValue(itemType, indexed[i], parent, field, i);
            }

            return new ResultList(completed);
        }

        var collected = new List<object?>();
        foreach (var item in items)
        {
            collected.Add(CompleteValue(itemType, item, parent, field, collected.Count));
        }

        return new ResultList([.. collected]);
    }

    private ResultObject CompleteObject(IObjectGraphType type, object value, ResultObject parent, CompiledField field, int index)
    {
        if (type.IsTypeOf is { } isTypeOf && !type.SkipTypeCheck && !isTypeOf(value))
        {
            throw new FallBack();
        }

        var selection = field.SelectionFor(type) ?? throw new FallBack(unfit: true);
        var result = new ResultObject(selection, parent, field, index);
        Enqueue(result, type, value);
        return result;
    }

    private void Enqueue(ResultObject target, IObjectGraphType type, object? source)
    {
        var fields = target.Selection.Fields;
        for (var i = 0; i < fields.Length; i++)
        {
            _ready.Enqueue(new Work(target, i, fields[i], type, source));
        }
    }

    /// <summary>Thrown where GraphQL.NET's executor would report an error or do something this path does not: it runs the operation instead.</summary>
    internal sealed class FallBack(bool unfit = false) : Exception
    {
        /// <summary>A selection below the root the compiled path does not handle: no request of the operation will be compiled.</summary>
        public bool Unfit { get; } = unfit;
    }

    /// <summary>One field of one object to resolve, then its value.</summary>
    private sealed class Work(ResultObject target, int slot, CompiledField field, IObjectGraphType parentType, object? source)
    {
        public ResultObject Target { get; } = target;

        public int Slot { get; } = slot;

        public CompiledField Field { get; } = field;

        public IObjectGraphType ParentType { get; } = parentType;

        public object? Source { get; } = source;

        public object? Value { get; set; }

        public Task<object?>? Pending { get; set; }
    }
}
