using Microsoft.Extensions.Options;

namespace TradeGraph.Api.GraphQLHttp.Persisted;

/// <summary>
/// Documents registered by clients through Apollo's automatic persisted queries, by their SHA-256 (lowercase hex). An LRU
/// bounded by count (<see cref="PersistedOperationOptions.MaxDocuments"/>) and total characters
/// (<see cref="PersistedOperationOptions.MaxTotalCharacters"/>): anyone may register documents, so the store must not grow
/// without end; a document dropped is simply registered again by the client's next retry.
/// </summary>
internal sealed class AutomaticPersistedQueries(IOptions<PersistedOperationOptions> options)
{
    private readonly Lock _sync = new();
    private readonly Dictionary<string, LinkedListNode<(string Hash, string Document)>> _byHash = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Hash, string Document)> _recency = new();
    private long _characters;

    /// <summary>How many documents are kept.</summary>
    public int Count
    {
        get
        {
            lock (_sync)
            {
                return _byHash.Count;
            }
        }
    }

    /// <summary>Characters of all documents kept.</summary>
    public long Characters => Interlocked.Read(ref _characters);

    /// <summary>The document registered under <paramref name="hash"/>, now the most recently used; null when unknown.</summary>
    public string? Find(string hash)
    {
        lock (_sync)
        {
            if (!_byHash.TryGetValue(hash, out var node))
            {
                return null;
            }

            _recency.Remove(node);
            _recency.AddFirst(node);
            return node.Value.Document;
        }
    }

    /// <summary>Keeps <paramref name="document"/> under its verified <paramref name="hash"/>, dropping the least recently used over the bounds.</summary>
    public void Keep(string hash, string document)
    {
        var limits = options.Value;
        if (document.Length > limits.MaxTotalCharacters)
        {
            return;
        }

        lock (_sync)
        {
            if (_byHash.TryGetValue(hash, out var known))
            {
                _recency.Remove(known);
                _recency.AddFirst(known);
                return;
            }

            _byHash[hash] = _recency.AddFirst((hash, document));
            var characters = Interlocked.Add(ref _characters, document.Length);
            while (_byHash.Count > limits.MaxDocuments || characters > limits.MaxTotalCharacters)
            {
                var oldest = _recency.Last!;
                _recency.RemoveLast();
                _byHash.Remove(oldest.Value.Hash);
                characters = Interlocked.Add(ref _characters, -oldest.Value.Document.Length);
            }
        }
    }
}
