using System.Globalization;
using TradeGraph.Core.Model;

namespace TradeGraph.Core.Analytics;

/// <summary>
/// Checks a <see cref="ProjectionFilter"/> against the model before anything is built, so a bad argument is the
/// client's clear error and never an exception deep in an algorithm.
/// </summary>
public static class ProjectionFilterValidation
{
    /// <summary>Longest part of a client's value repeated in a message: a 45 KB name is not echoed back whole.</summary>
    private const int EchoLength = 64;

    /// <summary>
    /// Throws <see cref="InvalidProjectionArgumentException"/> when <paramref name="filter"/> names a kind or relationship
    /// type the model lacks, has a date window ending before it starts, or weighs by a property that is not a number
    /// (Int or Float) on the relationship types in play.
    /// </summary>
    public static void Validate(this ProjectionFilter filter, GraphModel model)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(model);
        foreach (var kind in filter.Kinds ?? [])
        {
            if (!model.TryGetKind(kind, out _))
            {
                throw new InvalidProjectionArgumentException("kinds",
                    $"`kinds`: '{Echo(kind)}' is not an entity kind ({string.Join(", ", model.Kinds.Select(k => k.Name))}).");
            }
        }

        foreach (var type in filter.RelationshipTypes ?? [])
        {
            if (!model.TryGetRelationship(type, out _))
            {
                throw new InvalidProjectionArgumentException("relationshipTypes", $"`relationshipTypes`: '{Echo(type)}' is not a relationship type.");
            }
        }

        if (filter.DateWindow is { From: { } from, To: { } until } && from > until)
        {
            throw new InvalidProjectionArgumentException("from", string.Create(CultureInfo.InvariantCulture,
                $"`from` ({from:yyyy-MM-dd}) is after `until` ({until:yyyy-MM-dd}); the window must not end before it starts."));
        }

        if (filter.WeightProperty is { } weight)
        {
            ValidateWeight(weight, filter.RelationshipTypes, model);
        }
    }

    /// <summary>The weight must be declared on some type in play, and numeric on every type in play that declares it.</summary>
    private static void ValidateWeight(string weight, IReadOnlyCollection<string>? types, GraphModel model)
    {
        var inPlay = types is null ? model.RelationshipTypes : [.. model.RelationshipTypes.Where(t => types.Contains(t.Name))];
        var declared = inPlay.Select(t => (Type: t, Property: t.FindProperty(weight))).Where(p => p.Property is not null).ToList();
        if (declared.Count > 0 && declared.All(p => IsNumber(p.Property!.Type)))
        {
            return;
        }

        var numeric = inPlay.SelectMany(t => t.Properties.Where(p => IsNumber(p.Type)).Select(p => $"{p.Name} ({t.Name})")).ToList();
        throw new InvalidProjectionArgumentException("weightProperty",
            $"`weightProperty`: '{Echo(weight)}' is not a numeric property of the relationship types in play; " +
            (numeric.Count == 0 ? "none of them has one." : $"numeric ones are {string.Join(", ", numeric)}."));
    }

    private static bool IsNumber(PropertyType type) => type is PropertyType.Int or PropertyType.Float;

    private static string Echo(string value) => value.Length <= EchoLength ? value : string.Concat(value.AsSpan(0, EchoLength), "…");
}
