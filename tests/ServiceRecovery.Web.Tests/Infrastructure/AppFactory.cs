using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Serilog.Core;
using ServiceRecovery.Web.Data;

namespace ServiceRecovery.Web.Tests.Infrastructure;

/// <summary>
/// The real app on a real SQLite file of its own (migrated at start like production), with a controllable
/// clock and every log event captured so tests can assert what is — and is not — logged.
/// </summary>
public class AppFactory : WebApplicationFactory<Program>
{
    private readonly string _databasePath = Path.Combine(Path.GetTempPath(), $"servicerecovery-test-{Guid.NewGuid():N}.db");

    public FakeTimeProvider Clock { get; } = TestClock.Create();

    public CapturedLogs Logs { get; } = new();

    public string ConnectionString => $"Data Source={_databasePath}";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:ServiceRecovery", ConnectionString);
        builder.UseSetting("DevelopmentUser:Name", "Test cashier");
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton<ILogEventSink>(Logs);
        });
    }

    /// <summary>A scope with the app's own DbContext, to arrange or inspect data directly.</summary>
    public async Task<T> WithDbAsync<T>(Func<AppDbContext, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await action(db);
    }

    public Task WithDbAsync(Func<AppDbContext, Task> action) => WithDbAsync(async db =>
    {
        await action(db);
        return true;
    });

    public async Task<TResponse> SendAsync<TResponse>(MediatR.IRequest<TResponse> request)
    {
        await using var scope = Services.CreateAsyncScope();
        var accessor = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Http.IHttpContextAccessor>();
        accessor.HttpContext = new Microsoft.AspNetCore.Http.DefaultHttpContext
        {
            User = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
                [new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.Name, "Test manager")], "Test")),
            RequestServices = scope.ServiceProvider,
        };
        try
        {
            return await scope.ServiceProvider.GetRequiredService<MediatR.IMediator>().Send(request);
        }
        finally
        {
            accessor.HttpContext = null;
        }
    }

    public Task<int> DefaultStoreIdAsync() => WithDbAsync(db => db.Stores.OrderBy(s => s.Id).Select(s => s.Id).FirstAsync());

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { string.Empty, "-wal", "-shm" })
            {
                try
                {
                    File.Delete(_databasePath + suffix);
                }
                catch (IOException)
                {
                    // Best effort: a temp file left behind is harmless.
                }
            }
        }
    }
}
