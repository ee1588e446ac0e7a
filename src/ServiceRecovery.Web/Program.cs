using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Serilog;
using ServiceRecovery.Web.Data;
using ServiceRecovery.Web.Data.Demo;
using ServiceRecovery.Web.Infrastructure;
using ServiceRecovery.Web.Infrastructure.Auth;
using ServiceRecovery.Web.Pages.Queue;

// Before anything else allocates from many threads: at most two glibc malloc arenas (decision 0050).
GlibcMalloc.CapArenas();

// --seed-demo [--allow-demo-passwords]: see README, "Demo data".
var builder = WebApplication.CreateBuilder(DemoSeedOptions.TranslateArgs(args));

// The app's own logger, not the process-wide static one: several app instances (tests) must not log into each other.
builder.Services.AddSerilog(
    (services, logger) => logger
        .ReadFrom.Configuration(builder.Configuration)
        .ReadFrom.Services(services)
        .Enrich.FromLogContext(),
    preserveStaticLogger: true);

var connectionString = SqliteSetup.ResolveConnectionString(
    builder.Configuration.GetConnectionString("ServiceRecovery"), builder.Environment.ContentRootPath);
builder.Services.AddSingleton<DataVersion>();
builder.Services.AddSingleton<SqliteWriteGate>();
builder.Services.AddSingleton<ReferenceData>();
builder.Services.AddDbContextPool<AppDbContext>((services, options) => options
    .UseServiceRecoverySqlite(connectionString)
    .AddInterceptors(services.GetRequiredService<SqliteWriteGate>(), services.GetRequiredService<DataVersion>(), services.GetRequiredService<ReferenceData>()));
builder.Services.AddSingleton<QueueCountsCache>();
builder.Services.Configure<DefaultStoreOptions>(builder.Configuration.GetSection(DefaultStoreOptions.Section));
builder.Services.AddScoped<DatabaseInitializer>();
builder.Services.AddScoped<DemoSeed>();
builder.Services.AddHealthChecks()
    .AddDbContextCheck<AppDbContext>("database")
    .AddCheck<SqliteHealthCheck>("sqlite-durability");

// --backup <path>: a consistent copy of the live database, then exit (docs/reliability.md).
if (builder.Configuration[DatabaseBackup.ArgumentName] is { Length: > 0 } backupPath)
{
    var integrity = await DatabaseBackup.BackupAsync(connectionString, backupPath);
    Console.WriteLine($"Backed up to {Path.GetFullPath(backupPath)} (integrity_check: {integrity}).");
    return;
}

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddHostedService<GlibcMalloc.Trimmer>();
builder.Services.AddMediatorPipeline();
var dataDirectory = SqliteSetup.DataDirectory(connectionString, builder.Environment.ContentRootPath);
builder.Services.AddSingleton(new OwnerSetup(dataDirectory));
builder.Services.AddStaffAccounts(builder.Configuration, builder.Environment, dataDirectory);
builder.Services.AddTellUsLimits(builder.Configuration);
builder.Services.AddReportGate(builder.Configuration);
builder.Services.AddReverseProxySupport();

builder.Services.AddAuthorizationBuilder()
    .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());

builder.Services.AddRazorPages()
    .AddMvcOptions(options =>
    {
        // FluentValidation owns validation; nullable reference types must not add hidden [Required] rules.
        options.SuppressImplicitRequiredAttributeForNonNullableReferenceTypes = true;
        options.Filters.Add<PasswordChangeRequiredFilter>();
        options.ModelBinderProviders.Insert(0, new InputBindingProvider());
    });

var app = builder.Build();

using (var scope = app.Services.CreateScope())
{
    await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync();
    var demo = app.Configuration.Get<DemoSeedOptions>() ?? new DemoSeedOptions();
    if (demo.SeedDemo)
    {
        await scope.ServiceProvider.GetRequiredService<DemoSeed>().SeedAsync(demo);
    }
}

app.UseForwardedHeaders();
if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error");
    app.UseHsts();
    app.UseHttpsRedirection();
}

app.UseSecurityHeaders();
app.UseSerilogRequestLogging(options => options.Logger = app.Services.GetRequiredService<Serilog.ILogger>());
app.UseClientAbortedAs499();
app.UseStatusCodePagesWithReExecute("/Error/{0}");
app.UseDatabaseFailurePage();
app.UseRequestLocalization(new RequestLocalizationOptions().SetDefaultCulture("en-US"));
app.UseStaticFiles();
app.UseNoStoreForGeneratedResponses();
app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();

// After authorization: a request that is refused or sent to sign in never waits for, or takes, a report's place (decision 0051).
app.UseRateLimiter();

app.MapHealthChecks("/health").AllowAnonymous();
app.MapHealthChecks("/healthz", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions { ResponseWriter = HealthReportJson.WriteAsync }).AllowAnonymous();
app.MapRazorPages();

await app.RunAsync();

/// <summary>Entry point; public so the tests' WebApplicationFactory can host the app.</summary>
public partial class Program;
