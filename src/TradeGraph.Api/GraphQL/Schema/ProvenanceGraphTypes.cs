using GraphQL;
using GraphQL.Types;
using TradeGraph.Api.GraphQL.Loading;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;
using TradeGraph.Core.Querying;
using TradeGraph.Core.Writing;

namespace TradeGraph.Api.GraphQL.Schema;

/// <summary>
/// Where facts come from and how they changed: <c>history</c> on every entity and relationship type (who, when, each
/// field before and after, the sources cited), and <c>supports</c> on Source (the facts a source states, paged).
/// </summary>
internal sealed class ProvenanceGraphTypes
{
    private readonly List<IGraphType> _all = [];

    public ProvenanceGraphTypes(GraphModel model, ModelGraphTypes types, PagingOptions paging)
    {
        var fieldChange = Add(new ObjectGraphType<FieldChange> { Name = "FieldChange", Description = "A field's value before and after, as JSON text (null: absent)." });
        fieldChange.AddField(new FieldType { Name = "field", Type = typeof(NonNullGraphType<StringGraphType>), Resolver = new FieldResolver(c => ((FieldChange)c.Source!).Field) });
        fieldChange.AddField(new FieldType { Name = "previous", Type = typeof(StringGraphType), Resolver = new FieldResolver(c => ((FieldChange)c.Source!).Previous) });
        fieldChange.AddField(new FieldType { Name = "current", Type = typeof(StringGraphType), Resolver = new FieldResolver(c => ((FieldChange)c.Source!).Current) });

        var revision = Add(new ObjectGraphType<Revision> { Name = "Revision", Description = "One change to a fact." });
        revision.AddField(new FieldType { Name = "revision", Description = "The number of the committed batch; later batches have higher numbers.", Type = typeof(NonNullGraphType<LongGraphType>), Resolver = new FieldResolver(c => ((Revision)c.Source!).Number) });
        revision.AddField(new FieldType { Name = "at", ResolvedType = new NonNullGraphType(types.DateTime), Resolver = new FieldResolver(c => ((Revision)c.Source!).At) });
        revision.AddField(new FieldType { Name = "actor", Description = "The name of the API key that wrote it.", Type = typeof(NonNullGraphType<StringGraphType>), Resolver = new FieldResolver(c => ((Revision)c.Source!).Actor) });
        revision.AddField(new FieldType { Name = "change", ResolvedType = new NonNullGraphType(types.ChangeKind), Resolver = new FieldResolver(c => ((Revision)c.Source!).Change) });
        revision.AddField(new FieldType { Name = "changes", ResolvedType = new NonNullGraphType(new ListGraphType(new NonNullGraphType(fieldChange))), Resolver = new FieldResolver(c => ((Revision)c.Source!).Changes) });
        revision.AddField(new FieldType { Name = "sources", Description = "The citations the change gave.", ResolvedType = new NonNullGraphType(new ListGraphType(new NonNullGraphType(types.SourceReference))), Resolver = new FieldResolver(c => ((Revision)c.Source!).Sources) });
        revision.AddField(new FieldType { Name = "editorial", Description = "The change was the editors' own, stated by no source.", Type = typeof(NonNullGraphType<BooleanGraphType>), Resolver = new FieldResolver(c => ((Revision)c.Source!).Editorial) });

        types.ExtendKindTypes(_ => [HistoryField(revision, c => FactKey.Of((Entity)c.Source!))]);

        foreach (var relationship in model.RelationshipTypes)
        {
            types.RelationshipObjectType(relationship.Name).AddField(HistoryField(revision, c => FactKey.Of((Relationship)c.Source!)));
        }

        types.ExtendKindTypes(kind => kind.Name == GraphModel.SourceKind ? [SupportsField(types, paging)] : []);
    }

    public IEnumerable<IGraphType> AllTypes => _all;

    private T Add<T>(T type) where T : IGraphType
    {
        _all.Add(type);
        return type;
    }

    private static FieldType HistoryField(IGraphType revision, Func<IResolveFieldContext, string> fact) => new()
    {
        Name = "history",
        Description = "Every change made to this fact through the API, newest first.",
        ResolvedType = new NonNullGraphType(new ListGraphType(new NonNullGraphType(revision))),
        Resolver = new FieldResolver(c => ModelGraphTypes.Loaders(c).History.Load(fact(c))),
    };

    private FieldType SupportsField(ModelGraphTypes types, PagingOptions paging)
    {
        var fact = Add(new ObjectGraphType<CitedFact> { Name = "CitedFact", Description = "A fact a source states, and where in it." });
        fact.AddField(new FieldType { Name = "locator", Type = typeof(StringGraphType), Resolver = new FieldResolver(c => ((CitedFact)c.Source!).Locator) });
        fact.AddField(new FieldType { Name = "node", Description = "The entity stated; null when the fact is a relationship.", ResolvedType = types.Node, Resolver = new FieldResolver(c => ((CitedFact)c.Source!).Entity) });
        fact.AddField(new FieldType { Name = "relationship", Description = "The relationship stated; null when the fact is an entity.", ResolvedType = types.RelationshipInterface, Resolver = new FieldResolver(c => ((CitedFact)c.Source!).Relationship) });

        var name = types.ConnectionNames.Claim(GraphModel.SourceKind, "supports", fact.Name);
        var edge = Add(new ObjectGraphType<PageItem<CitedFact>> { Name = ConnectionNames.Edge(name) });
        edge.AddField(new FieldType { Name = "cursor", Type = typeof(NonNullGraphType<StringGraphType>), Resolver = new FieldResolver(c => ((PageItem<CitedFact>)c.Source!).Cursor) });
        edge.AddField(new FieldType { Name = "node", ResolvedType = new NonNullGraphType(fact), Resolver = new FieldResolver(c => ((PageItem<CitedFact>)c.Source!).Value) });

        var connection = Add(new ObjectGraphType<Page<CitedFact>> { Name = ConnectionNames.Connection(name), Description = "A page of the facts a source states." });
        connection.AddField(new FieldType { Name = "nodes", ResolvedType = new NonNullGraphType(new ListGraphType(new NonNullGraphType(fact))), Resolver = new FieldResolver(c => ((Page<CitedFact>)c.Source!).Items.Select(i => i.Value)) });
        connection.AddField(new FieldType { Name = "edges", ResolvedType = new NonNullGraphType(new ListGraphType(new NonNullGraphType(edge))), Resolver = new FieldResolver(c => ((Page<CitedFact>)c.Source!).Items) });
        connection.AddField(new FieldType
        {
            Name = "pageInfo",
            ResolvedType = new NonNullGraphType(types.PageInfo),
            Resolver = new FieldResolver(c => ((Page<CitedFact>)c.Source!) is var p
                ? new PageInfoResult(p.HasNextPage, p.HasPreviousPage, p.Items.FirstOrDefault()?.Cursor, p.Items.LastOrDefault()?.Cursor)
                : null),
        });

        return new FieldType
        {
            Name = "supports",
            Description = "The facts this source states (entities first, then relationships), with locators.",
            Arguments = PageArguments.Create(),
            ResolvedType = new NonNullGraphType(connection),
            Resolver = new FieldResolver(c =>
            {
                // Each store makes its own citation cursors and refuses a bad one (INVALID_CURSOR, HC0078).
                var page = PageArguments.Read(c, paging, isCursor: null);
                return new MappedResult<Page<CitedFact>?, Page<CitedFact>>(
                    ModelGraphTypes.Loaders(c).CitedFacts(c.FieldAst, page).Load(((Entity)c.Source!).Key), p => p ?? Page<CitedFact>.Empty);
            }),
        };
    }
}
