namespace TradeGraph.Core.Storage;

/// <summary>
/// The store cannot be reached now (down, overloaded, circuit open). Clients see a GraphQL error coded
/// STORE_UNAVAILABLE and may retry later; the service recovers by itself when the store is back.
/// </summary>
public sealed class StoreUnavailableException(string message, Exception? innerException = null) : Exception(message, innerException);
