using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Serilog;
using ServiceRecovery.Web.Data;
using ServiceRecovery.Web.Infrastructure;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddSerilog((services, logger) => logger
    .ReadFrom.Configuration(builder.Configuration)
    .ReadFrom.Services(services)
    .Enrich.FromLogContext(),
    preserveStaticLogger: true); // each host logs through its own logger, not the process-wide Log.Logger (tests run several hosts at once)

var connectionString = SqliteSetup.ResolveConnectionString(
    builder.Configuration.GetConnectionString("ServiceRecovery"), builder.Environment.ContentRootPath);
builder.Services.AddDbContext<AppDbContext>(options => options.UseServiceRecoverySqlite(connectionString));
builder.Services.Configure<DefaultStoreOptions>(builder.Configuration.GetSection(DefaultStoreOptions.Section));
builder.Services.AddScoped<DatabaseInitializer>();
builder.Services.AddHealthChecks().AddDbContextCheck<AppDbContext>();

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddHttpContextAccessor();
builder.Services.AddScoped<ICurrentUser, HttpCurrentUser>();
builder.Services.AddMediatorPipeline();

var developmentUser = builder.Configuration.GetSection("DevelopmentUser");
if (builder.Environment.IsDevelopment() && developmentUser.Exists())
{
    builder.Services.AddAuthentication(DevelopmentUserOptions.Scheme)
        .AddScheme<DevelopmentUserOptions, DevelopmentUserHandler>(DevelopmentUserOptions.Scheme, o => developmentUser.Bind(o));
}
else
{
    // Real sign-in arrives with the "Logins, roles and stores" issue; until then only Development has a user.
    builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie();
}

builder.Services.AddAuthorizationBuilder()
    .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());

builder.Services.AddRazorPages()
    .AddMvcOptions(options =>
    {
        // FluentValidation owns validation; nullable reference types must not add hidden [Required] rules.
        options.SuppressImplicitRequiredAttributeForNonNullableReferenceTypes = true;
    });

var app = builder.Build();

using (var scope = app.Services.CreateScope())
{
    await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync();
}

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error");
    app.UseHsts();
    app.UseHttpsRedirection();
}

app.UseSecurityHeaders();
app.UseSerilogRequestLogging(options => options.Logger = app.Services.GetRequiredService<Serilog.ILogger>());
app.UseStatusCodePagesWithReExecute("/Error/{0}");
app.UseRequestLocalization(new RequestLocalizationOptions().SetDefaultCulture("en-US"));
app.UseStaticFiles();
app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();

app.MapHealthChecks("/health").AllowAnonymous();
app.MapRazorPages();

await app.RunAsync();

/// <summary>Entry point; public so the tests' WebApplicationFactory can host the app.</summary>
public partial class Program;
