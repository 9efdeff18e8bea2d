namespace TradeGraph.Core.Analytics;

/// <summary>
/// Puts a topology's relationships in the order a whole-graph projection numbers them: type names in ordinal order,
/// relationships by (type, from, to), equal ones keeping their order (three stable counting sorts, as the projection's
/// own). A projection that keeps every node, relationship and type then shares the topology's arrays instead of
/// holding a sorted copy (16 MB at 1M; issue 13). Nothing a topology answers depends on its relationships' order: a
/// projection sorts them the same way whatever it is given, and the dates and values move with their relationships.
/// </summary>
internal static class TopologyOrder
{
    /// <summary>
    /// The arrays in projection order: the same instances when they are already (a topology read back from a file
    /// written in that order), else new ones, with the dates and values keyed by the new indexes.
    /// </summary>
    public static (string[] TypeNames, int[] Types, int[] From, int[] To, Dictionary<int, (int, int)> Dates, Dictionary<string, Dictionary<int, object>> Values)
        Apply(int nodeCount, string[] typeNames, int[] types, int[] from, int[] to, Dictionary<int, (int, int)> dates,
            Dictionary<string, Dictionary<int, object>> values)
    {
        var ordinal = typeNames.Order(StringComparer.Ordinal).ToArray();
        var typeIdOf = Array.ConvertAll(typeNames, name => Array.IndexOf(ordinal, name));
        if (typeIdOf.Select((id, old) => id == old).All(same => same) && InOrder(types, from, to))
        {
            return (typeNames, types, from, to, dates, values);
        }

        var m = types.Length;
        var identity = new int[m];
        for (var i = 0; i < m; i++)
        {
            identity[i] = i;
        }

        var byTo = new int[m];
        var byFrom = new int[m];
        var order = new int[m];
        var nodes = new int[nodeCount];
        for (var v = 0; v < nodeCount; v++)
        {
            nodes[v] = v;
        }

        Csr.StableSort(identity, to, nodes, nodeCount, byTo);
        Csr.StableSort(byTo, from, nodes, nodeCount, byFrom);
        Csr.StableSort(byFrom, types, typeIdOf, ordinal.Length, order);

        // order[new] = old; the dates and values are keyed by the new index.
        var newIndex = byTo;
        var (sortedTypes, sortedFrom, sortedTo) = (new int[m], new int[m], new int[m]);
        for (var i = 0; i < m; i++)
        {
            var old = order[i];
            newIndex[old] = i;
            (sortedTypes[i], sortedFrom[i], sortedTo[i]) = (typeIdOf[types[old]], from[old], to[old]);
        }

        var sortedDates = new Dictionary<int, (int, int)>(dates.Count);
        foreach (var (old, span) in dates)
        {
            sortedDates[newIndex[old]] = span;
        }

        var sortedValues = new Dictionary<string, Dictionary<int, object>>(values.Count, StringComparer.Ordinal);
        foreach (var (property, byRelationship) in values)
        {
            var moved = sortedValues[property] = new Dictionary<int, object>(byRelationship.Count);
            foreach (var (old, value) in byRelationship)
            {
                moved[newIndex[old]] = value;
            }
        }

        return (ordinal, sortedTypes, sortedFrom, sortedTo, sortedDates, sortedValues);
    }

    /// <summary>Whether the relationships are by (type, from, to) already.</summary>
    private static bool InOrder(int[] types, int[] from, int[] to)
    {
        for (var i = 1; i < types.Length; i++)
        {
            var order = types[i - 1].CompareTo(types[i]);
            order = order != 0 ? order : from[i - 1].CompareTo(from[i]);
            order = order != 0 ? order : to[i - 1].CompareTo(to[i]);
            if (order > 0)
            {
                return false;
            }
        }

        return true;
    }
}
