using System.Diagnostics;
using MediatR;

namespace ServiceRecovery.Web.Infrastructure;

/// <summary>One structured line per request: its name, outcome and duration. Never the request's contents (they may hold personal data).</summary>
public sealed partial class LoggingBehavior<TRequest, TResponse>(ILogger<LoggingBehavior<TRequest, TResponse>> logger)
    : IPipelineBehavior<TRequest, TResponse>
{
    private static readonly string RequestName = NameOf(typeof(TRequest));

    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await next();
            Log(started, "ok");
            return response;
        }
        catch (Exception ex)
        {
            Log(started, ex.GetType().Name);
            throw;
        }
    }

    private void Log(long started, string outcome)
    {
        if (logger.IsEnabled(LogLevel.Information))
        {
            var elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            LogHandled(logger, RequestName, outcome, elapsedMs);
        }
    }

    // "LogFailure.Command" rather than "Command": slices nest their requests inside a feature class.
    private static string NameOf(Type type) => type.DeclaringType is { } outer ? $"{outer.Name}.{type.Name}" : type.Name;

    [LoggerMessage(Level = LogLevel.Information, Message = "Handled {RequestName}: {Outcome} in {ElapsedMs:0.0} ms")]
    private static partial void LogHandled(ILogger logger, string requestName, string outcome, double elapsedMs);
}
