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
    public object? this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);

    public IEnumerable<string> Keys => shape.Names;

    public IEnumerable<object?> Values => values;

    public int Count => values.Length;

    public bool ContainsKey(string key) => shape.IndexOf(key) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object? value)
    {
        var index = shape.IndexOf(key);
        value = index >= 0 ? values[index] : null;
        return index >= 0;
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var i = 0; i < values.Length; i++)
        {
            yield return new KeyValuePair<string, object?>(shape.Names[i], values[i]);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
