namespace TradeGraph.Storage.Tests.Contract;

/// <summary>The passage contract on SQLite in a real file, nearest vectors from the in-memory index.</summary>
public sealed class SqlitePassageContractTests() : PassageStoreContract(new SqliteContractBackend())
{
}

/// <summary>The passage contract on Neo4j's statements acted out by the fake, nearest vectors from the (fake) vector index.</summary>
public sealed class Neo4jFakePassageContractTests() : PassageStoreContract(new FakeNeo4jContractBackend())
{
}

/// <summary>The passage contract on a real Neo4j when NEO4J_URI is set (the database is emptied first); skipped, saying so, otherwise.</summary>
public sealed class Neo4jPassageContractTests() : PassageStoreContract(new RealNeo4jContractBackend())
{
}
