using System.Security.Claims;
using GraphQL;
using GraphQL.Execution;
using GraphQL.Instrumentation;
using GraphQL.Types;
using GraphQL.Validation;
using GraphQLParser.AST;
using ExecutionContext = GraphQL.Execution.ExecutionContext;

namespace TradeGraph.Api.GraphQL.Execution;

/// <summary>
/// What a resolver sees on the compiled path: the same values GraphQL.NET's ReadonlyResolveFieldContext gives (the
/// request's execution context, the field, its coerced arguments, the source), without an execution node per field.
/// Reused for the next field when a resolver finished synchronously with a plain value, as GraphQL.NET reuses its own.
/// </summary>
internal sealed class CompiledFieldContext(ExecutionContext execution) : IResolveFieldContext
{
    private CompiledField _field = null!;
    private ResultObject _parent = null!;

    public object? Source { get; private set; }

    public IObjectGraphType ParentType { get; private set; } = null!;

    public GraphQLField FieldAst => _field.Ast;

    public FieldType FieldDefinition => _field.Definition;

    public IResolveFieldContext? Parent => null;

    public IDictionary<string, ArgumentValue>? Arguments =>
        execution.ArgumentValues?.TryGetValue(_field.Ast, out var values) == true ? values : GraphQLNetInternals.DefaultArgumentValues(_field.Definition);

    public IDictionary<string, DirectiveInfo>? Directives =>
        execution.DirectiveValues?.TryGetValue(_field.Ast, out var values) == true ? values : null;

    public object? RootValue => execution.RootValue;

    public ISchema Schema => execution.Schema;

    public GraphQLDocument Document => execution.Document;

    public GraphQLOperationDefinition Operation => execution.Operation;

    public Variables Variables => execution.Variables;

    public CancellationToken CancellationToken => execution.CancellationToken;

    public Metrics Metrics => execution.Metrics;

    public ExecutionErrors Errors => execution.Errors;

    public IEnumerable<object> Path => _parent.PathTo(_field);

    public IEnumerable<object> ResponsePath => _parent.PathTo(_field);

    public Dictionary<string, (GraphQLField Field, FieldType FieldType)>? SubFields => _field.SubFields();

    public IReadOnlyDictionary<string, object?> InputExtensions => execution.InputExtensions;

    public IDictionary<string, object?> OutputExtensions => execution.OutputExtensions;

    public IServiceProvider? RequestServices => execution.RequestServices;

    public IExecutionArrayPool ArrayPool => execution;

    public ClaimsPrincipal? User => execution.User;

    public IExecutionContext ExecutionContext => execution;

    public IDictionary<string, object?> UserContext => execution.UserContext;

    /// <summary>Points the context at the next field to resolve.</summary>
    public CompiledFieldContext Reset(ResultObject parent, CompiledField field, IObjectGraphType parentType, object? source)
    {
        _parent = parent;
        _field = field;
        ParentType = parentType;
        Source = source;
        return this;
    }
}
