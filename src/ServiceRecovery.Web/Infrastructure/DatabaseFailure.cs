using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace ServiceRecovery.Web.Infrastructure;

/// <summary>
/// The database did not do what was asked (busy beyond the busy timeout, I/O error, disk full, ...). The transaction
/// was rolled back, so nothing was half-saved; the user is told so and can try again. Decision 0022.
/// </summary>
public static partial class DatabaseFailure
{
    public const string Message = "We could not save that just now: the database did not answer. Nothing was saved — press the button again in a moment.";

    /// <summary>A failure of the database itself — not a concurrency conflict, which the pages answer with "This case just changed".</summary>
    public static bool Is(Exception exception) => exception switch
    {
        DbUpdateConcurrencyException => false,
        DbUpdateException { InnerException: DbException } => true,
        DbException => true,
        _ => exception.InnerException is { } inner && Is(inner),
    };

    /// <summary>
    /// Anything a page did not handle itself becomes 503 with Retry-After, shown by the error page (re-executed by the
    /// status code pages) in every environment, never a 500 or a stack trace.
    /// </summary>
    public static IApplicationBuilder UseDatabaseFailurePage(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (Exception ex) when (Is(ex) && !context.Response.HasStarted)
            {
                var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseFailure));
                LogFailure(logger, context.Request.Method, context.Request.Path, ex.GetBaseException().GetType().Name, ex);
                context.Response.Clear();
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                context.Response.Headers.RetryAfter = "5";
            }
        });

    [LoggerMessage(Level = LogLevel.Error, Message = "Database failure during {Method} {Path}: {Kind}; answered 503")]
    private static partial void LogFailure(ILogger logger, string method, PathString path, string kind, Exception exception);
}
