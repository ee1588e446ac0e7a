namespace ServiceRecovery.Web.Infrastructure;

public static class SecurityHeaders
{
    /// <summary>Same-origin only: no inline script, no framing, no sniffing, no referrer leaks.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers["Content-Security-Policy"] = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";
            headers["X-Content-Type-Options"] = "nosniff";
            headers["X-Frame-Options"] = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            await next();
        });

    /// <summary>
    /// Put after the static files: every response that gets here is generated (pages, redirects, errors, health) and
    /// may show customer data, so no browser or proxy may keep a copy — whatever the page or its layout happen to do.
    /// Static assets are served before this and stay cacheable.
    /// </summary>
    public static IApplicationBuilder UseNoStoreForGeneratedResponses(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                if (!headers.CacheControl.ToString().Contains("no-store", StringComparison.OrdinalIgnoreCase))
                {
                    headers.CacheControl = "no-store";
                }

                return Task.CompletedTask;
            });
            await next();
        });
}
