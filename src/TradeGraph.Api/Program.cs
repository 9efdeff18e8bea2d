using TradeGraph.Api.Analytics;
using TradeGraph.Api.Commands;
using TradeGraph.Api.Composition;
using TradeGraph.Api.Cors;
using TradeGraph.Api.Exchange;
using TradeGraph.Api.Explorer;
using TradeGraph.Api.GraphQL;
using TradeGraph.Api.GraphQLHttp;
using TradeGraph.Api.GraphQLIde;
using TradeGraph.Api.Mcp;
using TradeGraph.Api.Memory;
using TradeGraph.Api.Passages;
using TradeGraph.Api.Revisions;
using TradeGraph.Api.Security;
using TradeGraph.Api.Semantic;
using TradeGraph.Api.Startup;
using TradeGraph.Api.Storage;
using TradeGraph.Api.Telemetry;

// `export` and `import` (a first word that is not a setting) work on the configured store and exit; no web server.
if (GraphCommands.IsCommand(args))
{
    Environment.ExitCode = await GraphCommands.RunConsoleAsync(args);
    return;
}

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddTradeGraphCore();
builder.Services.AddRequestActivity();
builder.Services.AddMemoryUpkeep();
builder.Services.AddGraphStorage(builder.Configuration);
builder.Services.AddSqliteGraphStore(builder.Configuration);
builder.Services.AddNeo4jGraphStore(builder.Configuration);
builder.Services.AddSemanticSearch(builder.Configuration);
builder.Services.AddPassages();
builder.Services.AddApiKeys();
builder.Services.AddHttpHardening();
builder.Services.AddSocketTransportSettings(builder.Configuration);
builder.Services.AddTradeGraphAnalytics();
builder.Services.AddTradeGraphGraphQL();
builder.Services.AddGraphQLHttpFeatures();
builder.Services.AddTradeGraphCors();
builder.Services.AddTradeGraphLiveUpdates();
builder.Services.AddRevisionFollowing(builder.Configuration);
builder.Services.AddTradeGraphMcp();
builder.Services.AddTradeGraphTelemetry(builder.Configuration);

var app = builder.Build();

app.UseApiKeys();
app.UseRequestActivity();
app.UseHttpHardening("/graphql", "/graphql/schema.graphql", "/graph/export", "/mcp");
app.UseWebSockets();
app.UseTradeGraphCors();
app.UseGraphQLIde("/graphql");
app.UseExplorer("/explore");
app.MapHealthChecks("/health");
app.MapTelemetry();
app.MapGraphQLHttp("/graphql");
app.MapGraphExchange("/graph");
app.MapTradeGraphMcp("/mcp");

app.Run();
