using TradeGraph.Api.GraphQL;
using TradeGraph.Api.GraphQLHttp;
using TradeGraph.Api.GraphQLIde;
using TradeGraph.Api.Security;
using TradeGraph.Api.Storage;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddGraphStore();
builder.Services.AddApiKeys();
builder.Services.AddTradeGraphGraphQL();
builder.Services.AddTradeGraphLiveUpdates();

var app = builder.Build();

app.UseWebSockets();
app.UseGraphQLIde("/graphql");
app.MapHealthChecks("/health");
app.MapGraphQLHttp("/graphql");

app.Run();
