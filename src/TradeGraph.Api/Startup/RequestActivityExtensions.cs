namespace TradeGraph.Api.Startup;

public static class RequestActivityExtensions
{
    /// <summary>The count of requests in flight that start-up work waits on (<see cref="RequestActivity"/>).</summary>
    public static IServiceCollection AddRequestActivity(this IServiceCollection services) => services.AddSingleton<RequestActivity>();

    /// <summary>Counts every request while it runs; first in the pipeline, so every request is seen.</summary>
    public static IApplicationBuilder UseRequestActivity(this IApplicationBuilder app)
    {
        var activity = app.ApplicationServices.GetRequiredService<RequestActivity>();
        return app.Use(async (context, next) =>
        {
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
