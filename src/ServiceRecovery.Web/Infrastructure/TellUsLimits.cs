using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace ServiceRecovery.Web.Infrastructure;

/// <summary>The public cards' limits (decision 0017); section "TellUs" of the configuration.</summary>
public sealed class TellUsOptions
{
    public const string Section = "TellUs";

    /// <summary>Cards one client (IP address) may post per <see cref="Window"/>, to any store.</summary>
    public int ClientPostsPerWindow { get; set; } = 5;

    /// <summary>Cards one store's page may receive per <see cref="Window"/>, from everyone together.</summary>
    public int StorePostsPerWindow { get; set; } = 30;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Card complaints a store keeps per hour; more are counted as overflow, not kept.</summary>
    public int ComplaintsPerStorePerHour { get; set; } = 10;

    /// <summary>Card complaints a store keeps per 24 hours.</summary>
    public int ComplaintsPerStorePerDay { get; set; } = 30;

    /// <summary>Praise a store keeps per 24 hours.</summary>
    public int PraisePerStorePerDay { get; set; } = 50;

    /// <summary>Suggestions a store keeps per 24 hours.</summary>
    public int SuggestionsPerStorePerDay { get; set; } = 50;
}

/// <summary>
/// Rate limits for posting a card: per client and per store, chained, as the global limiter (every other request gets
/// no limiter from it). A refused post answers 429 with an empty body, so the status-code page renders the friendly page.
/// </summary>
public static class TellUsLimits
{
    public const string PathPrefix = "/tell-us/";

    public static bool IsCardPost(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return HttpMethods.IsPost(request.Method) && request.Path.StartsWithSegments("/tell-us", StringComparison.OrdinalIgnoreCase);
    }

    public static IServiceCollection AddTellUsLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(TellUsOptions.Section).Get<TellUsOptions>() ?? new TellUsOptions();
        services.AddSingleton(options);
        services.Configure<RateLimiterOptions>(limiter => limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(
            PartitionedRateLimiter.Create<HttpContext, string>(context => IsCardPost(context.Request)
                ? RateLimitPartition.GetFixedWindowLimiter("client:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown"), _ => Window(options.ClientPostsPerWindow, options.Window))
                : RateLimitPartition.GetNoLimiter(string.Empty)),
            PartitionedRateLimiter.Create<HttpContext, string>(context => IsCardPost(context.Request)
                ? RateLimitPartition.GetFixedWindowLimiter("store:" + StoreToken(context.Request.Path), _ => Window(options.StorePostsPerWindow, options.Window))
                : RateLimitPartition.GetNoLimiter(string.Empty))));
        return services;
    }

    private static FixedWindowRateLimiterOptions Window(int permits, TimeSpan window) =>
        new() { PermitLimit = Math.Max(1, permits), Window = window, QueueLimit = 0 };

    /// <summary>The token segment of /tell-us/{token}[/...], lower-cased and cut to a token's length (so junk cannot make huge keys).</summary>
    private static string StoreToken(PathString path)
    {
        var rest = path.Value is { } value && value.Length > PathPrefix.Length ? value[PathPrefix.Length..] : string.Empty;
        var token = rest.Split('/')[0];
        return token[..Math.Min(token.Length, Domain.Store.FeedbackTokenLength)].ToLowerInvariant();
    }
}
