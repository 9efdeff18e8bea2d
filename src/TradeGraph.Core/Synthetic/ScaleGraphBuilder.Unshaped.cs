using TradeGraph.Core.Model;

namespace TradeGraph.Core.Synthetic;

/// <summary>
/// The generic pass, so that nothing in the model is missing from generated data: a kind the shaping does not know
/// gets entities named from the kind and a number; a type it does not know joins random entities of its end kinds,
/// within what the participation fill leaves of the budget. Required properties the shaping does not write, on any
/// kind or type, are filled by type (<see cref="WithUnwritten"/>).
/// </summary>
internal sealed partial class ScaleGraphBuilder
{
    private static int UnshapedEntityCount(int relationships) => Math.Max(5, relationships / 200);

    /// <param name="reserved">Relationships the participation fill needs at least; the generic pass leaves them.</param>
    private void AddUnshaped(int reserved)
    {
        foreach (var kind in _model.UnshapedKinds)
        {
            var declared = _model.Kinds[kind];
            var label = ScaleModel.Words(declared.Name);
            for (var i = 0; i < _counts[kind]; i++)
            {
                AddEntity(kind, $"{label} {i + 1}", [], null, Empty);
            }
        }

        var types = _model.UnshapedTypes;
        for (var t = 0; t < types.Count; t++)
        {
            // An equal share of what is left, and no more than one relationship in a hundred of the budget per type.
            var left = _target - _drafts.RelationshipCount - reserved;
            AddUnshapedRelationships(types[t], Math.Min(Math.Max(1, _target / 100), left / (types.Count - t)));
        }
    }

    private void AddUnshapedRelationships(byte typeIndex, int count)
    {
        var (type, fromKind, toKind) = _model.Types[typeIndex];
        var fromKinds = EndKinds(fromKind);
        var toKinds = EndKinds(toKind);
        var singleFrom = type.Outgoing.Cardinality == Cardinality.One;
        var singleTo = type.Incoming.Cardinality == Cardinality.One;
        var usedFrom = new HashSet<(int, int)>();
        var usedTo = new HashSet<(int, int)>();
        var pairs = new HashSet<((int, int), (int, int))>();
        // Draws that break a single-valued end, repeat a pair or join an entity to itself are drawn again, a bounded number of times.
        for (int made = 0, attempt = 0; made < count && attempt < (4 * count) + 16; attempt++)
        {
            var from = PickEntity(fromKinds);
            var to = PickEntity(toKinds);
            if (from == to || (singleFrom && usedFrom.Contains(from)) || (singleTo && usedTo.Contains(to)) || !pairs.Add((from, to)))
            {
                continue;
            }

            usedFrom.Add(from);
            usedTo.Add(to);
            var (source, paragraph) = Cite();
            _drafts.AddRelationship(typeIndex, from.Kind, from.Index, to.Kind, to.Index,
                WithUnwritten(_model.UnwrittenTypeProperties[typeIndex], Empty), source, paragraph);
            made++;
        }
    }

    /// <summary>The kinds an end takes: its own, or at an end that takes any entity, every kind that is an Entity.</summary>
    private int[] EndKinds(int kind) =>
        kind != ScaleModel.AnyKind ? [kind] : [.. Enumerable.Range(0, _counts.Length).Where(k => _model.Kinds[k].IsEntity && _counts[k] > 0)];

    /// <summary>An entity drawn evenly from all entities of <paramref name="kinds"/>.</summary>
    private (int Kind, int Index) PickEntity(int[] kinds)
    {
        var draw = _random.Next(kinds.Sum(k => _counts[k]));
        foreach (var kind in kinds)
        {
            if (draw < _counts[kind])
            {
                return (kind, draw);
            }

            draw -= _counts[kind];
        }

        throw new InvalidOperationException("Unreachable: the draw is below the entity total.");
    }

    /// <summary>
    /// <paramref name="properties"/> with a value of its type for each required property the shaping does not write
    /// (dates in the generated span); for TradeModel there is none, so nothing is drawn and the output is unchanged.
    /// </summary>
    private IReadOnlyDictionary<string, object?> WithUnwritten(IReadOnlyList<PropertyDefinition> unwritten, IReadOnlyDictionary<string, object?> properties)
    {
        if (unwritten.Count == 0)
        {
            return properties;
        }

        var values = new Dictionary<string, object?>(properties, StringComparer.Ordinal);
        foreach (var property in unwritten)
        {
            values[property.Name] = property.Type switch
            {
                PropertyType.Date => RandomDate(),
                PropertyType.Enum => _random.Pick(_model.Model.Enum(property.EnumName!).Values),
                PropertyType.Int => (long)_random.Between(1, 100),
                PropertyType.Float => (double)_random.Between(1, 100),
                PropertyType.Boolean => _random.Chance(0.5),
                _ => $"{property.Name} {_random.Between(1, 1_000)}",
            };
        }

        return values;
    }
}
