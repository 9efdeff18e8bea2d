using TradeGraph.Core.Model;
using TradeGraph.Core.Storage;
using TradeGraph.Storage.Neo4j.QueryApi;

namespace TradeGraph.Storage.Neo4j;

/// <summary>
/// The store on Neo4j, through the HTTP Query API (<see cref="INeo4jQueryRunner"/>). Nodes carry their kind as label
/// (and :Entity), relationships the model's type; provenance is the parallel lists sourceKeys / sourceLocators on
/// each node and relationship — the same shape the Cypher export writes. Reads are in Neo4jGraphStore.Reads.cs,
/// schema, import and writes in Neo4jGraphStore.Writes.cs.
/// </summary>
public sealed partial class Neo4jGraphStore(INeo4jQueryRunner runner, GraphModel model) : IGraphStore
{
    private readonly INeo4jQueryRunner _runner = runner;
    private readonly GraphModel _model = model;

    internal INeo4jQueryRunner Runner => _runner;

    internal GraphModel Model => _model;
}
