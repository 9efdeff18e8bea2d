using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;

namespace TradeGraph.Core.Synthetic;

/// <summary>
/// A synthetic trade graph shaped like the seed, of exactly the number of relationships asked for, the same for the
/// same (relationships, seed) on every machine. Keys are <c>&lt;kind-in-kebab-case&gt;-&lt;n&gt;</c> with n from 1
/// (<c>official-1</c>, <c>trade-measure-1</c>), ranked by how connected each entity is: <c>official-1</c> takes part
/// in the most meetings, <c>country-1</c> has the most relationships, <c>source-1</c> is cited most. Degrees are
/// heavy-tailed (Zipf), every entity and relationship cites a generated Source by paragraph (<c>¶N</c>), and the
/// whole document passes the seed validation. Distributions and why: docs/decisions/0012-scale-generator.md.
/// </summary>
public static class ScaleGenerator
{
    public const int MinRelationships = 1_000;
    public const int MaxRelationships = 10_000_000;
    public const long DefaultSeed = 1;

    /// <summary>The graph for (<paramref name="relationships"/>, <paramref name="seed"/>): exactly that many relationships.</summary>
    public static GraphDocument Generate(int relationships, long seed = DefaultSeed, CancellationToken cancellationToken = default) =>
        Generate(TradeModel.Define(), relationships, seed, cancellationToken);

    /// <summary>
    /// The graph for another model: the shaping's kinds, types and enum values are checked against it (a clear
    /// <see cref="InvalidOperationException"/> naming what differs), and whatever else it declares is filled generically.
    /// </summary>
    internal static GraphDocument Generate(GraphModel model, int relationships, long seed, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(relationships, MinRelationships);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(relationships, MaxRelationships);
        return new ScaleGraphBuilder(new ScaleModel(model), relationships, seed, cancellationToken).Build();
    }
}
