using GraphQL;
using GraphQL.Types;
using TradeGraph.Api.GraphQL.Loading;
using TradeGraph.Api.GraphQL.Schema.Connections;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;
using TradeGraph.Core.Querying;
using TradeGraph.Core.Writing;

namespace TradeGraph.Api.GraphQL.Schema.Provenance;

/// <summary>
/// Where facts come from and how they changed: <c>history</c> on every entity and relationship type (who, when, each
/// field before and after, the sources cited), and <c>supports</c> on Source (the facts a source states, paged).
/// </summary>
internal sealed class ProvenanceGraphTypes
{
    private readonly List<IGraphType> _all = [];

    public ProvenanceGraphTypes(GraphModel model, ModelGraphTypes types, PagingOptions paging)
    {
        var fieldChange = Add(new FieldChangeGraphType());
        var revision = Add(new RevisionGraphType(types, fieldChange));

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

    // Added to generated types (every kind, every relationship type), so built as a field, not through a typed class.
    private static FieldType HistoryField(IGraphType revision, Func<IResolveFieldContext, string> fact) => new()
    {
        Name = "history",
        Description = "Every change made to this fact through the API, newest first.",
        ResolvedType = TypeShapes.NonNullList(revision),
        Resolver = new FieldResolver(c => ModelGraphTypes.Loaders(c).History.Load(fact(c))),
    };

    private FieldType SupportsField(ModelGraphTypes types, PagingOptions paging)
    {
        var fact = Add(new CitedFactGraphType(types));
        var name = types.ConnectionNames.Claim(GraphModel.SourceKind, "supports", fact.Name);
        var edge = Add(new EdgeGraphType<PageItem<CitedFact>>(name, null, fact, i => i.Cursor, i => i.Value));
        var connection = Add(new ConnectionGraphType<PageItem<CitedFact>>(name, "A page of the facts a source states.", edge, fact, types.PageInfo));

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
                return new MappedResult<Page<CitedFact>?, Connection<PageItem<CitedFact>>>(
                    ModelGraphTypes.Loaders(c).CitedFacts(c.FieldAst, page).Load(((Entity)c.Source!).Key), p => ConnectionResult.Of(p));
            }),
        };
    }
}
