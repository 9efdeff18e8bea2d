using TradeGraph.Core.Model;
using TradeGraph.Core.Storage;
using TradeGraph.Storage.Neo4j.QueryApi;

namespace TradeGraph.Storage.Neo4j;

/// <summary>
/// The store on Neo4j, through the HTTP Query API (<see cref="INeo4jQueryRunner"/>). Nodes carry their kind as label
/// (and :Entity), relationships the model's type; provenance is the parallel lists sourceKeys / sourceLocators on
/// each node and relationship — the same shape the Cypher export writes. Reads are in Neo4jGraphStore.Reads.cs,
/// the whole-graph export in Neo4jGraphStore.Export.cs, schema, import and writes in Neo4jGraphStore.Writes.cs.
/// <paramref name="exportAttempts"/> is <see cref="Neo4jOptions.ExportAttempts"/>.
/// </summary>
public sealed partial class Neo4jGraphStore(INeo4jQueryRunner runner, GraphModel model, int exportAttempts = Neo4jOptions.DefaultExportAttempts)
    : IGraphStore
{
    private readonly INeo4jQueryRunner _runner = runner;
    private readonly GraphModel _model = model;

    internal INeo4jQueryRunner Runner => _runner;

    internal GraphModel Model => _model;
}
