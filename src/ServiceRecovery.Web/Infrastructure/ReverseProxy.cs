using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace ServiceRecovery.Web.Infrastructure;

/// <summary>
/// Behind a reverse proxy (nginx, Caddy, a load balancer) every request arrives from the proxy's address and over plain
/// HTTP. Without the forwarded headers, all customers would share one tell-us and one sign-in rate-limit window, the
/// printed card would carry the internal address, and HTTPS redirection would loop. Only proxies the app trusts may
/// say who the client is: the loopback ones (ASP.NET Core's default) and those listed under
/// <c>ReverseProxy:KnownProxies</c> (IP addresses). A header from anyone else is ignored, so a client cannot pick the
/// address its rate limit is counted under. Decision 0044.
/// </summary>
public static class ReverseProxy
{
    public const string Section = "ReverseProxy";

    public static IServiceCollection AddReverseProxySupport(this IServiceCollection services)
    {
        services.AddOptions<ForwardedHeadersOptions>().Configure<IConfiguration>((options, configuration) =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // One proxy hop: the address the trusted proxy saw, never one the client wrote into the header itself.
            options.ForwardLimit = 1;
            foreach (var text in configuration.GetSection(Section + ":KnownProxies").Get<string[]>() ?? [])
            {
                options.KnownProxies.Add(IPAddress.TryParse(text, out var address)
                    ? address
                    : throw new InvalidOperationException($"{Section}:KnownProxies holds \"{text}\", which is not an IP address."));
            }
        });
        return services;
    }
}
