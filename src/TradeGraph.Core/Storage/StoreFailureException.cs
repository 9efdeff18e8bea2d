namespace TradeGraph.Core.Storage;

/// <summary>
/// A store operation failed in a way the client should be told as it is: the message says what happened and what to do
/// (check whether a write landed, ask for less, retry later), the concrete type's name is the error's code. A store
/// throws its own subclasses; the API catches this type, never a store's.
/// </summary>
public abstract class StoreFailureException(string message, Exception? innerException) : Exception(message, innerException);
