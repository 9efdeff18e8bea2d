namespace TradeGraph.Api.Startup;

public static class RequestActivityExtensions
{
    /// <summary>The count of requests in flight that start-up work waits on (<see cref="RequestActivity"/>).</summary>
    public static IServiceCollection AddRequestActivity(this IServiceCollection services) => services.AddSingleton<RequestActivity>();

    /// <summary>
    /// Counts every request while it runs; first in the pipeline, so every request is seen. Not a WebSocket: it lasts as
    /// long as its client keeps it open (the explorer keeps one for graphChanged), and counted as in flight it would keep
    /// the server busy for hours, so start-up work and the idle memory upkeep would never find a quiet moment.
    /// </summary>
    public static IApplicationBuilder UseRequestActivity(this IApplicationBuilder app)
    {
        var activity = app.ApplicationServices.GetRequiredService<RequestActivity>();
        return app.Use(async (context, next) =>
        {
            if (context.WebSockets.IsWebSocketRequest)
            {
                await next(context);
                return;
            }

            activity.Begin();
            try
            {
                await next(context);
            }
            finally
            {
                activity.End();
            }
        });
    }
}
