using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace ServiceRecovery.Web.Infrastructure;

/// <summary>Section "Reports" of the configuration: how many report pages are computed at once (decision 0051).</summary>
public sealed class ReportOptions
{
    public const string Section = "Reports";

    /// <summary>Report pages computed at the same time; 0 means one per processor. Negative turns the gate off.</summary>
    public int Permits { get; set; }

    /// <summary>Report requests that may wait for a permit; more are refused with 503 and Retry-After.</summary>
    public int QueueLimit { get; set; } = 128;
}

/// <summary>
/// Admission control for the report pages (the weekly dashboard and its CSV exports; decision 0051): a page costs
/// milliseconds of CPU, all of it on the request's thread, so when many owners open it at once the operating system would
/// slice the two cores between every request in flight, and each one's wait would depend on how the slices fell. The
/// gate lets as many compute as there are processors and queues the rest in arrival order, so the waits are fair and
/// short pages (the queue, logging a failure) are not slowed by a crowd of reports. It runs after authorization (see
/// Program.cs), so only signed-in managers and owners can take a place in the queue.
/// </summary>
public static class ReportGate
{
    public const string Policy = "reports";

    public static IServiceCollection AddReportGate(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(ReportOptions.Section).Get<ReportOptions>() ?? new ReportOptions();
        var permits = options.Permits == 0 ? Environment.ProcessorCount : options.Permits;
        services.Configure<RateLimiterOptions>(limiter =>
        {
            if (permits < 0)
            {
                limiter.AddPolicy(Policy, _ => RateLimitPartition.GetNoLimiter(string.Empty));
                return;
            }

            limiter.AddConcurrencyLimiter(Policy, concurrency =>
            {
                concurrency.PermitLimit = permits;
                concurrency.QueueLimit = Math.Max(0, options.QueueLimit);
                concurrency.QueueProcessingOrder = QueueProcessingOrder.OldestFirst;
            });
        });
        return services;
    }

    /// <summary>Set in a request's items when the gate refused it, so the error page can say the reports are busy.</summary>
    public const string RefusedItem = "ServiceRecovery.ReportGate.Refused";

    /// <summary>True when <paramref name="context"/>'s endpoint is gated by this policy.</summary>
    public static bool Gates(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName == Policy;
    }
}
