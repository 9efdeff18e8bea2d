namespace TradeGraph.Core.Querying.Filtering;

/// <summary>
/// One method per form of <see cref="Filter"/>, called through <see cref="Filter.Accept"/>: a new form adds a method
/// here, and then no store compiles until it translates it. <typeparamref name="TScope"/> is what a store carries down
/// the tree (the row or variable a condition applies to); <typeparamref name="TResult"/> what it builds (SQL text,
/// Cypher text, a predicate). Comparisons inside a form go through <see cref="Comparisons"/>.
/// </summary>
public interface IFilterVisitor<in TScope, out TResult>
{
    TResult AllOf(AllOf filter, TScope scope);

    TResult AnyOf(AnyOf filter, TScope scope);

    TResult Not(Not filter, TScope scope);

    TResult Field(FieldComparison filter, TScope scope);

    TResult Aliases(AliasesFilter filter, TScope scope);

    TResult Citations(CitationsFilter filter, TScope scope);

    TResult Relationship(RelationshipFilter filter, TScope scope);

    TResult RelationshipCount(RelationshipCountFilter filter, TScope scope);

    TResult Score(ScoreComparison filter, TScope scope);
}
