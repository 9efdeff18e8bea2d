namespace TradeGraph.Storage.Tests.Contract;

/// <summary>The embedding contract on SQLite in a real file, nearest vectors from the in-memory index.</summary>
public sealed class SqliteEmbeddingContractTests() : EmbeddingStoreContract(new SqliteContractBackend())
{
}

/// <summary>The embedding contract on Neo4j's statements acted out by the fake, nearest vectors from the (fake) vector index.</summary>
public sealed class Neo4jFakeEmbeddingContractTests() : EmbeddingStoreContract(new FakeNeo4jContractBackend())
{
}

/// <summary>The embedding contract on a real Neo4j when NEO4J_URI is set (the database is emptied first); skipped, saying so, otherwise.</summary>
public sealed class Neo4jEmbeddingContractTests() : EmbeddingStoreContract(new RealNeo4jContractBackend())
{
}
