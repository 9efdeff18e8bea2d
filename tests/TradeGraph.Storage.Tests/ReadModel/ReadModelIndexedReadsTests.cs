using TradeGraph.Core.Querying;

namespace TradeGraph.Storage.Tests.ReadModel;

/// <summary>
/// The conditions the read model's indexed orders answer (an <c>eq</c> on an enum, text, date or number, ranges, with
/// the sort field or another condition after it) give the SQLite store's pages, counts and aggregates — and so do the
/// ones they must not answer alone: <c>in</c>, null equality, folded text (a case-sensitive index would miss its
/// matches), conditions beyond the two an order holds, <c>or</c> and <c>not</c>.
/// </summary>
public sealed class ReadModelIndexedReadsTests(GeneratedStores stores) : IClassFixture<GeneratedStores>
{
    private static readonly IReadOnlyList<SortKey>[] Orders =
        [[new FieldSort("startsOn", true), new FieldSort("name", false)], [new FieldSort("name", false)], [new FieldSort("round", false)], []];

    [Fact]
    public async Task IndexedConditionsAnswerAsTheStoreDoes()
    {
        var meetings = stores.Graph.Entities.Where(e => e.Kind == "Meeting").ToList();
        var sample = meetings[meetings.Count / 3];
        var dated = meetings.Where(m => m.Property("startsOn") is not null).Select(m => m.Property("startsOn")).Order().ToList();
        var (early, late) = (dated[dated.Count / 4], dated[dated.Count * 3 / 4]);
        var format = meetings.First(m => m.Property("format") is not null).Property("format")!;
        var round = meetings.First(m => m.Property("round") is not null).Property("round")!;
        var folded = new FieldComparison("name", ComparisonOperator.Equal, sample.Name.ToUpperInvariant(), IgnoreCaseAndAccents: true);
        Filter[] filters =
        [
            Eq("format", format),
            Eq("status", sample.Property("status")),
            new AllOf([Eq("format", format), new FieldComparison("startsOn", ComparisonOperator.GreaterThanOrEqual, early)]),
            new AllOf([Eq("format", format), new FieldComparison("startsOn", ComparisonOperator.GreaterThanOrEqual, early), Eq("status", sample.Property("status"))]),
            new AllOf([Eq("format", format), new AllOf([new FieldComparison("startsOn", ComparisonOperator.LessThan, late)])]),
            new AllOf([Eq("format", format), Eq("format", "SUMMIT")]),
            Eq("startsOn", sample.Property("startsOn") ?? early),
            new AllOf([new FieldComparison("startsOn", ComparisonOperator.GreaterThan, early), new FieldComparison("startsOn", ComparisonOperator.LessThanOrEqual, late)]),
            Eq("round", round),
            Eq("round", Convert.ToDouble(round, System.Globalization.CultureInfo.InvariantCulture)),
            new AllOf([Eq("round", round), new FieldComparison("endsOn", ComparisonOperator.LessThan, late)]),
            Eq("name", sample.Name),
            Eq("key", sample.Key),
            new FieldComparison("format", ComparisonOperator.In, new object?[] { format, "SUMMIT" }),
            new AllOf([new FieldComparison("format", ComparisonOperator.In, new object?[] { format }), new FieldComparison("startsOn", ComparisonOperator.GreaterThanOrEqual, early)]),
            Eq("format", null),
            new AllOf([Eq("format", null), Eq("status", sample.Property("status"))]),
            folded,
            new AllOf([folded, Eq("format", sample.Property("format"))]),
            new AnyOf([Eq("format", format), Eq("status", sample.Property("status"))]),
            new Not(Eq("format", format)),
        ];

        foreach (var filter in filters)
        {
            foreach (var order in Orders)
            {
                foreach (var page in new[] { new PageRequest(First: 4), new PageRequest(Last: 3) })
                {
                    var query = new EntityQuery("Meeting", page, filter, order);
                    Assert.Equal(await ReadModelParityTests.DescribeWalk(stores.Sqlite, query), await ReadModelParityTests.DescribeWalk(stores.ReadModel, query));
                }
            }

            string[] ranged = ["startsOn", "endsOn", "round"];
            Assert.Equal(ReadModelParityTests.Describe(await stores.Sqlite.AggregateEntitiesAsync("Meeting", filter, ranged, default)),
                ReadModelParityTests.Describe(await stores.ReadModel.AggregateEntitiesAsync("Meeting", filter, ranged, default)));
            Assert.Equal(await stores.Sqlite.CountEntitiesAsync("Meeting", filter, default), await stores.ReadModel.CountEntitiesAsync("Meeting", filter, default));
        }

        // The folded condition finds the meeting its upper-cased name names: a case-sensitive index would have found none.
        Assert.NotEqual(sample.Name, folded.Value);
        Assert.True(await stores.ReadModel.CountEntitiesAsync("Meeting", folded, default) >= 1);
        Assert.True(await stores.ReadModel.CountEntitiesAsync("Meeting", filters[2], default) > 0);
    }

    private static FieldComparison Eq(string field, object? value) => new(field, ComparisonOperator.Equal, value);
}
