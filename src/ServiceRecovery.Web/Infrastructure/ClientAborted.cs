namespace ServiceRecovery.Web.Infrastructure;

/// <summary>
/// The client went away before its answer: a tablet lost its Wi-Fi mid-save, a tab was closed, a load generator stopped.
/// The request's work was cancelled (a save in progress rolled back with its transaction), and nobody is left to read
/// an answer. That is not a server error: it is answered 499, "client closed request" (as nginx, and ASP.NET Core's own
/// exception handler, call it), so the request log says "responded 499" at Information instead of a 500 at Error.
/// </summary>
public static class ClientAborted
{
    public const int StatusCode = 499;

    /// <summary>Goes right inside the request log, so the log line carries the 499.</summary>
    public static IApplicationBuilder UseClientAbortedAs499(this IApplicationBuilder app) => app.Use(HandleAsync);

    public static async Task HandleAsync(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            await next(context);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException && context.RequestAborted.IsCancellationRequested)
        {
            if (!context.Response.HasStarted)
            {
                context.Response.StatusCode = StatusCode;
            }
        }
    }
}
