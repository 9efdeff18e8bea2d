using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace TradeGraph.Core.Storage.InMemory;

/// <summary>
/// The property names a set of facts share, in their order: one instance per distinct list of names, so a million
/// relationships with the same properties hold one array of names between them.
/// </summary>
internal sealed class PropertyShape(string[] names)
{
    public string[] Names { get; } = names;

    public int IndexOf(string name)
    {
        for (var i = 0; i < Names.Length; i++)
        {
            if (ReferenceEquals(Names[i], name) || Names[i] == name)
            {
                return i;
            }
        }

        return -1;
    }
}

/// <summary>
/// A read-only property map in two arrays (a shared <see cref="PropertyShape"/> and the values) instead of a hash table
/// per fact: a few bytes per property where a dictionary costs a couple of hundred per fact. Lookups scan the names (a
/// fact has a handful).
/// </summary>
internal sealed class CompactProperties(PropertyShape shape, object?[] values) : IReadOnlyDictionary<string, object?>
{
    private readonly PropertyShape _shape = shape;
    private readonly object?[] _values = values;

    /// <summary>Maps of one shape with equal values (what the interner shares one instance of).</summary>
    public static IEqualityComparer<CompactProperties> SameValues { get; } = new ValueComparer();

    public object? this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);

    public IEnumerable<string> Keys => _shape.Names;

    public IEnumerable<object?> Values => _values;

    public int Count => _values.Length;

    public bool ContainsKey(string key) => _shape.IndexOf(key) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object? value)
    {
        var index = _shape.IndexOf(key);
        value = index >= 0 ? _values[index] : null;
        return index >= 0;
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var i = 0; i < _values.Length; i++)
        {
            yield return new KeyValuePair<string, object?>(_shape.Names[i], _values[i]);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private sealed class ValueComparer : IEqualityComparer<CompactProperties>
    {
        public bool Equals(CompactProperties? x, CompactProperties? y) =>
            ReferenceEquals(x, y) || (x is not null && y is not null && ReferenceEquals(x._shape, y._shape) && x._values.AsSpan().SequenceEqual(y._values));

        public int GetHashCode(CompactProperties map)
        {
            var hash = new HashCode();
            hash.Add(map._shape);
            foreach (var value in map._values)
            {
                hash.Add(value);
            }

            return hash.ToHashCode();
        }
    }
}
