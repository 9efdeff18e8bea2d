namespace TradeGraph.Api.Tests.Hosting;

/// <summary>Tests that only read share one seeded application.</summary>
[CollectionDefinition(Name)]
public sealed class ApplicationCollection : ICollectionFixture<TradeGraphApplication>
{
    public const string Name = "application";
}
