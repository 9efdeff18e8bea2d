using TradeGraph.Core.Analytics;
using TradeGraph.Core.Model;
using TradeGraph.Core.Querying;
using TradeGraph.Core.Querying.Filtering;
using TradeGraph.Core.Storage.InMemory;
using TradeGraph.Storage.Neo4j.Cypher;
using TradeGraph.Storage.Sqlite;
using static TradeGraph.Core.Querying.ComparisonOperator;

namespace TradeGraph.Storage.Tests.Filtering;

/// <summary>
/// The guard that a new filter form or operator cannot be half-added: every form reaches its own visitor method, every
/// operator is mapped by Core's one dispatch onto the dialect (negations as "missing or not" of their comparison), every
/// dialect method is used, and each store supplies both a visitor and a dialect. The compiler enforces the rest: a new
/// form must override <see cref="Filter.Accept"/>, a visitor or dialect method added fails every store, and an operator
/// added to the enum fails <see cref="Comparisons"/> (CS8509, no default arm).
/// </summary>
public sealed class FilterVisitorGuardTests
{
    private static readonly GraphModel Model = TradeModel.Define();

    /// <summary>What Core must ask of a dialect for each operator (subject s, operand v); a new operator needs a line here.</summary>
    private static readonly Dictionary<ComparisonOperator, string> Expected = new()
    {
        [Equal] = "Equal(s, v)",
        [NotEqual] = "NotEqual(s, v)",
        [In] = "In(s, [v])",
        [NotIn] = "MissingOrNot(s, In(s, [v]))",
        [GreaterThan] = "GreaterThan(s, v)",
        [GreaterThanOrEqual] = "GreaterThanOrEqual(s, v)",
        [LessThan] = "LessThan(s, v)",
        [LessThanOrEqual] = "LessThanOrEqual(s, v)",
        [Contains] = "Contains(s, v)",
        [NotContains] = "MissingOrNot(s, Contains(s, v))",
        [StartsWith] = "StartsWith(s, v)",
        [NotStartsWith] = "MissingOrNot(s, StartsWith(s, v))",
        [EndsWith] = "EndsWith(s, v)",
        [NotEndsWith] = "MissingOrNot(s, EndsWith(s, v))",
    };

    [Fact]
    public void CoreMapsEveryOperatorOntoTheDialect()
    {
        Assert.Equal(Enum.GetValues<ComparisonOperator>().Order(), Expected.Keys.Order());
        var dialect = new RecordingDialect();
        foreach (var op in Enum.GetValues<ComparisonOperator>())
        {
            object value = op is In or NotIn ? new object?[] { "v" } : "v";
            Assert.Equal(Expected[op], dialect.Apply("s", new FieldComparison("name", op, value)));
        }
    }

    [Fact]
    public void NullEqualityIsAskedAsIsNullAndFoldingFoldsBothSides()
    {
        var dialect = new RecordingDialect();
        Assert.Equal("IsNull(s)", dialect.Apply("s", new FieldComparison("name", Equal, null, IgnoreCaseAndAccents: true)));
        Assert.Equal("IsNotNull(s)", dialect.Apply("s", new FieldComparison("name", NotEqual, null)));
        Assert.Equal("Equal(fold(s), xi jinping)", dialect.Apply("s", new FieldComparison("name", Equal, "XÍ JÌNPÍNG", IgnoreCaseAndAccents: true)));
        Assert.Equal("MissingOrNot(fold(s), In(fold(s), [li, ]))",
            dialect.Apply("s", new FieldComparison("name", NotIn, new object?[] { "Lí", null }, IgnoreCaseAndAccents: true)));
        // Folding applies to text only: a number is compared as it is.
        Assert.Equal("Equal(s, 2)", dialect.Apply("s", new FieldComparison("round", Equal, 2L, IgnoreCaseAndAccents: true)));
    }

    [Fact]
    public void EveryDialectMethodIsReachedFromSomeComparison()
    {
        var dialect = new RecordingDialect();
        foreach (var op in Enum.GetValues<ComparisonOperator>())
        {
            dialect.Apply("s", new FieldComparison("name", op, op is In or NotIn ? new object?[] { "v" } : "v", IgnoreCaseAndAccents: true));
            dialect.Apply("s", new FieldComparison("name", op, op is In or NotIn ? new object?[] { "v" } : "v"));
        }

        dialect.Apply("s", new FieldComparison("name", Equal, null));
        dialect.Apply("s", new FieldComparison("name", NotEqual, null));
        var declared = typeof(IComparisonDialect<string, string>).GetMethods().Select(m => m.Name).Order(StringComparer.Ordinal);
        Assert.Equal(declared, dialect.Called.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ARelationshipCountTakesOneNumberInEveryStore()
    {
        var count = new RelationshipCountFilter(Model.Relationship("PARTICIPATES_IN"), Direction.Incoming, In, 1);
        Assert.Throws<ArgumentException>(() => new RecordingDialect().Apply("s", count));
        Assert.Throws<ArgumentException>(() => new SqlQueryTranslator(Model, new SqlParameters()).Where(count, "e", Model.Kind("Meeting")));
        Assert.Throws<ArgumentException>(() => new CypherReads(Model).AggregateEntities("Meeting", count, []));
    }

    [Fact]
    public void EveryQuantifierHasItsOwnSpelling()
    {
        Assert.Equal(["some", "none", "all", "notEmpty"],
            Enum.GetValues<ListQuantifier>().Select(q => Quantifiers.Match(q, () => "some", () => "none", () => "all", () => "notEmpty")));
        Assert.Equal(["some", "none", "all"],
            Enum.GetValues<RelationshipQuantifier>().Select(q => Quantifiers.Match(q, () => "some", () => "none", () => "all")));
    }

    /// <summary>One sample of every form of filter; a form added to Core without a sample here fails the first assertion.</summary>
    private static readonly Filter[] Forms =
    [
        new AllOf([]),
        new AnyOf([]),
        new Not(new AllOf([])),
        new FieldComparison("name", Equal, "x"),
        new AliasesFilter(ListQuantifier.Any, []),
        new CitationsFilter(ListQuantifier.Any, []),
        new RelationshipFilter(Model.Relationship("PARTICIPATES_IN"), Direction.Incoming, RelationshipQuantifier.Some, null, null),
        new RelationshipCountFilter(Model.Relationship("PARTICIPATES_IN"), Direction.Incoming, Equal, 1),
        new ScoreComparison(ScoreTable.Pending(ScoreMeasures.PageRank), GreaterThan, 0.5),
    ];

    [Fact]
    public void EveryFormReachesItsOwnVisitorMethod()
    {
        var forms = typeof(Filter).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(Filter)) && !t.IsAbstract);
        Assert.Equal(forms.Select(t => t.Name).Order(StringComparer.Ordinal), Forms.Select(f => f.GetType().Name).Order(StringComparer.Ordinal));

        var reached = Forms.Select(f => f.Accept(new NamingVisitor(), 0)).ToList();
        var methods = typeof(IFilterVisitor<int, string>).GetMethods().Select(m => m.Name);
        Assert.Equal(methods.Order(StringComparer.Ordinal), reached.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(typeof(SqlQueryTranslator), typeof(IFilterVisitor<,>))]
    [InlineData(typeof(SqlQueryTranslator), typeof(IComparisonDialect<,>))]
    [InlineData(typeof(CypherQueryTranslator), typeof(IFilterVisitor<,>))]
    [InlineData(typeof(CypherQueryTranslator), typeof(IComparisonDialect<,>))]
    [InlineData(typeof(FilterCompiler), typeof(IFilterVisitor<,>))]
    [InlineData(typeof(FilterCompiler), typeof(IComparisonDialect<,>))]
    public void EveryStoreImplementsTheVisitorAndADialect(Type translator, Type port)
    {
        // The store's assembly holds an implementation of the port (the translator, its nested visitors, its dialect).
        var implementations = translator.Assembly.GetTypes().Where(t => t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == port));
        Assert.NotEmpty(implementations);
    }

    /// <summary>Writes each dialect call as text, so a mapping reads as a formula.</summary>
    private sealed class RecordingDialect : IComparisonDialect<string, string>
    {
        public HashSet<string> Called { get; } = [];

        public string Folded(string subject) => Call($"fold({subject})");

        public string IsNull(string subject) => Call($"IsNull({subject})");

        public string IsNotNull(string subject) => Call($"IsNotNull({subject})");

        public string Equal(string subject, object value) => Call($"Equal({subject}, {value})");

        public string NotEqual(string subject, object value) => Call($"NotEqual({subject}, {value})");

        public string In(string subject, IReadOnlyList<object?> values) => Call($"In({subject}, [{string.Join(", ", values)}])");

        public string GreaterThan(string subject, object? value) => Call($"GreaterThan({subject}, {value})");

        public string GreaterThanOrEqual(string subject, object? value) => Call($"GreaterThanOrEqual({subject}, {value})");

        public string LessThan(string subject, object? value) => Call($"LessThan({subject}, {value})");

        public string LessThanOrEqual(string subject, object? value) => Call($"LessThanOrEqual({subject}, {value})");

        public string Contains(string subject, object? value) => Call($"Contains({subject}, {value})");

        public string StartsWith(string subject, object? value) => Call($"StartsWith({subject}, {value})");

        public string EndsWith(string subject, object? value) => Call($"EndsWith({subject}, {value})");

        public string MissingOrNot(string subject, string condition) => Call($"MissingOrNot({subject}, {condition})");

        private string Call(string text)
        {
            Called.Add(text[..text.IndexOf('(', StringComparison.Ordinal)] is "fold" ? nameof(Folded) : text[..text.IndexOf('(', StringComparison.Ordinal)]);
            return text;
        }
    }

    /// <summary>Answers with the name of the visitor method a form reached.</summary>
    private sealed class NamingVisitor : IFilterVisitor<int, string>
    {
        public string AllOf(AllOf filter, int scope) => nameof(AllOf);

        public string AnyOf(AnyOf filter, int scope) => nameof(AnyOf);

        public string Not(Not filter, int scope) => nameof(Not);

        public string Field(FieldComparison filter, int scope) => nameof(Field);

        public string Aliases(AliasesFilter filter, int scope) => nameof(Aliases);

        public string Citations(CitationsFilter filter, int scope) => nameof(Citations);

        public string Relationship(RelationshipFilter filter, int scope) => nameof(Relationship);

        public string RelationshipCount(RelationshipCountFilter filter, int scope) => nameof(RelationshipCount);

        public string Score(ScoreComparison filter, int scope) => nameof(Score);
    }
}
