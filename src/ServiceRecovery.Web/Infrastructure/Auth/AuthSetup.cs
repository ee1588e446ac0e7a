using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using ServiceRecovery.Web.Data;

namespace ServiceRecovery.Web.Infrastructure.Auth;

public sealed class SecurityOptions
{
    public const string Section = "Security";

    /// <summary>Sign-in attempts (POSTs to the login page) one client may make per minute before 429.</summary>
    public int LoginAttemptsPerMinute { get; set; } = 10;

    /// <summary>How often a signed-in session is checked against the account (logout elsewhere, disabled, password changed).</summary>
    public TimeSpan SecurityStampValidationInterval { get; set; } = TimeSpan.FromMinutes(1);
}

public static class AuthSetup
{
    public const string LoginRateLimitPolicy = "login";

    public static IServiceCollection AddStaffAccounts(this IServiceCollection services, IConfiguration configuration, IWebHostEnvironment environment, string dataDirectory)
    {
        var security = configuration.GetSection(SecurityOptions.Section).Get<SecurityOptions>() ?? new SecurityOptions();

        services.AddIdentity<AppUser, IdentityRole>(options =>
            {
                // Length, not composition (NIST SP 800-63B).
                options.Password.RequiredLength = 12;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequiredUniqueChars = 1;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.Lockout.AllowedForNewUsers = true;
                options.User.RequireUniqueEmail = true;
                options.SignIn.RequireConfirmedAccount = false;
            })
            .AddEntityFrameworkStores<AppDbContext>()
            .AddUserManager<AppUserManager>()
            .AddSignInManager<AppSignInManager>()
            .AddClaimsPrincipalFactory<AppClaimsFactory>();

        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/Account/Login";
            options.LogoutPath = "/Account/Logout";
            options.AccessDeniedPath = "/Account/AccessDenied";
            options.Cookie.Name = "sr.auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            options.ExpireTimeSpan = TimeSpan.FromHours(12);
            options.SlidingExpiration = true;
        });
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .Configure<TimeProvider>((options, clock) => options.TimeProvider = clock);
        services.AddOptions<SecurityStampValidatorOptions>()
            .Configure<TimeProvider>((options, clock) =>
            {
                options.ValidationInterval = security.SecurityStampValidationInterval;
                options.TimeProvider = clock;
            });
        services.ConfigureExternalCookie(options => options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);

        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "sr.af";
            options.Cookie.SecurePolicy = environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        });
        services.Configure<CookieTempDataProviderOptions>(options =>
            options.Cookie.SecurePolicy = environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always);

        // Keys beside the database, so a restart does not invalidate sign-in cookies or open forms.
        services.AddDataProtection()
            .SetApplicationName("ServiceRecovery")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataDirectory, "keys")));

        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(LoginRateLimitPolicy, context =>
                HttpMethods.IsPost(context.Request.Method)
                    ? RateLimitPartition.GetFixedWindowLimiter(
                        context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                        _ => new FixedWindowRateLimiterOptions { PermitLimit = security.LoginAttemptsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
                    : RateLimitPartition.GetNoLimiter("read"));
            options.OnRejected = async (context, cancellationToken) =>
            {
                if (ReportGate.Gates(context.HttpContext))
                {
                    // Only when the report queue itself is full (decision 0051): busy, not the client's fault.
                    context.HttpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                    context.HttpContext.Response.Headers.RetryAfter = "5";
                    context.HttpContext.Items[ReportGate.RefusedItem] = true;
                    return;
                }

                if (TellUsLimits.IsCardPost(context.HttpContext.Request))
                {
                    // No body: the status-code page re-executes and shows the customer a friendly "too many" page.
                    context.HttpContext.Response.Headers.RetryAfter = "600";
                    return;
                }

                context.HttpContext.Response.ContentType = "text/plain; charset=utf-8";
                context.HttpContext.Response.Headers.RetryAfter = "60";
                await context.HttpContext.Response.WriteAsync("Too many sign-in attempts from this device. Wait a minute and try again.", cancellationToken);
            };
        });

        services.AddHttpContextAccessor();
        services.AddScoped<ICurrentUser, HttpCurrentUser>();
        services.AddScoped<IStoreAccess, StoreAccess>();
        return services;
    }
}

/// <summary>An account created with a temporary password can do nothing but choose its own.</summary>
public sealed class PasswordChangeRequiredFilter : IAsyncPageFilter
{
    private static readonly string[] Allowed = ["/Account/ChangePassword", "/Account/Logout", "/Account/AccessDenied", "/Error"];

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var page = context.ActionDescriptor.ViewEnginePath;
        if (context.HttpContext.User.HasClaim(AppClaims.MustChangePassword, "true") && !Allowed.Contains(page, StringComparer.OrdinalIgnoreCase))
        {
            context.Result = new Microsoft.AspNetCore.Mvc.RedirectToPageResult("/Account/ChangePassword");
            return;
        }

        await next();
    }
}
