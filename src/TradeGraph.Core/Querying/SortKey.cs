using TradeGraph.Core.Model;

namespace TradeGraph.Core.Querying;

/// <summary>One key of an order. Every order ends, implicitly, with the entity key so it is total and stable.</summary>
public abstract record SortKey(bool Descending)
{
    /// <summary>A stable text naming the key, used to tie a cursor to the order it was made for.</summary>
    public abstract string Signature { get; }
}

/// <summary>Sort by a field of the entity itself: <c>name</c>, <c>key</c>, <c>description</c> or a declared property.</summary>
public sealed record FieldSort(string Field, bool Descending) : SortKey(Descending)
{
    public override string Signature => $"{Field}:{(Descending ? "d" : "a")}";
}

/// <summary>Sort by a field of the entity at the single-valued end of a relationship (meetings by <c>country.name</c>).</summary>
public sealed record RelatedFieldSort(RelationshipType Type, Direction Direction, string Field, bool Descending) : SortKey(Descending)
{
    public override string Signature => $"{Type.Name}/{Direction}/{Field}:{(Descending ? "d" : "a")}";
}

/// <summary>Sort by how many relationships of a type the entity has.</summary>
public sealed record RelationshipCountSort(RelationshipType Type, Direction Direction, bool Descending) : SortKey(Descending)
{
    public override string Signature => $"#{Type.Name}/{Direction}:{(Descending ? "d" : "a")}";
}

/// <summary>Sort by a score computed outside the store (<see cref="ScoreTable"/>); entities without one sort as null.</summary>
public sealed record ScoreSort(ScoreTable Scores, bool Descending) : SortKey(Descending)
{
    public override string Signature => $"score/{Scores.Measure.Name}:{(Descending ? "d" : "a")}";
}
