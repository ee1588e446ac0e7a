using MediatR;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using ServiceRecovery.Web.Data;
using ServiceRecovery.Web.Infrastructure;
using ServiceRecovery.Web.Infrastructure.Auth;
using ServiceRecovery.Web.Pages.Queue;

namespace ServiceRecovery.Benchmarks;

/// <summary>The app's real handlers in this process, over one SQLite file, for a user the benchmark chooses per request.</summary>
internal static class BenchServices
{
    public static ServiceProvider Build(string connectionString, TimeProvider clock, IInterceptor interceptor)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDbContext<AppDbContext>(db => db.UseServiceRecoverySqlite(connectionString).AddInterceptors(interceptor));
        services.AddSingleton<DataVersion>();
        // Transient: a fresh, empty cache for every request, so the counts' SQL runs (and is measured or captured) each time.
        services.AddTransient<QueueCountsCache>();
        services.AddSingleton(clock);
        services.AddMediatorPipeline();
        services.AddScoped<BenchUser>();
        services.AddScoped<ICurrentUser>(p => p.GetRequiredService<BenchUser>());
        services.AddScoped<IStoreAccess, BenchStoreAccess>();
        return services.BuildServiceProvider();
    }

    /// <summary>Sends a request in its own scope, as a user of <paramref name="role"/> over <paramref name="stores"/> (null: all).</summary>
    public static async Task<TResponse> SendAsync<TResponse>(this ServiceProvider provider, IRequest<TResponse> request, string role, int[]? stores)
    {
        await using var scope = provider.CreateAsyncScope();
        var user = scope.ServiceProvider.GetRequiredService<BenchUser>();
        (user.Role, user.Stores) = (role, stores);
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(request);
    }
}
