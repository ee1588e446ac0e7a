using System.Diagnostics;
using System.Globalization;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ServiceRecovery.Benchmarks;
using ServiceRecovery.Web.Data;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Infrastructure;
using ServiceRecovery.Web.Infrastructure.Auth;
using ServiceRecovery.Web.Pages.Dashboard;
using ServiceRecovery.Web.Pages.Queue;

// The open-recoveries queue against a large SQLite file: 1,000,000 cases, 100,000 of them open.
// Usage: dotnet run -c Release --project benchmarks/ServiceRecovery.Benchmarks [-- --rebuild] [--cases N] [--runs N] [--db PATH]
// --load: the HTTP load benchmark against the app as a process (issue 8; see README, "Load benchmark").
if (args.Contains("--load"))
{
    await ServiceRecovery.Benchmarks.Load.LoadBenchmark.RunAsync(args);
    return;
}

var options = BenchOptions.Parse(args);
var connectionString = $"Data Source={options.DatabasePath}";
if (options.Rebuild || !File.Exists(options.DatabasePath))
{
    // Three years of cases; one in ten got stuck somewhere in the playbook, so about 100,000 are open.
    await LargeDatabase.BuildAsync(options.DatabasePath, connectionString, total: options.Cases, stores: 20, weeks: 156, stuckShare: 0.1, now: BenchOptions.Now);
}

var services = new ServiceCollection();
services.AddLogging();
services.AddDbContext<AppDbContext>(db => db.UseServiceRecoverySqlite(connectionString));
services.AddSingleton<DataVersion>();
// Transient: a fresh, empty cache for every request, so the counts' SQL runs (and is measured or captured) each time.
services.AddTransient<QueueCountsCache>();
services.AddSingleton<TimeProvider>(new FixedClock(BenchOptions.Now));
services.AddMediatorPipeline();
services.AddScoped<BenchUser>();
services.AddScoped<ICurrentUser>(p => p.GetRequiredService<BenchUser>());
services.AddScoped<IStoreAccess, BenchStoreAccess>();
await using var provider = services.BuildServiceProvider();

async Task<TResponse> SendAsync<TResponse>(IRequest<TResponse> request, string role, int[]? stores)
{
    await using var scope = provider.CreateAsyncScope();
    var user = scope.ServiceProvider.GetRequiredService<BenchUser>();
    (user.Role, user.Stores) = (role, stores);
    return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(request);
}

Console.WriteLine($"Database: {options.DatabasePath} ({new FileInfo(options.DatabasePath).Length / 1024 / 1024} MB), runs per scenario: {options.Runs}");
await using (var scope = provider.CreateAsyncScope())
{
    var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
    Console.WriteLine($"Cases: {await db.Cases.CountAsync():N0}, open: {await db.Cases.CountAsync(c => c.IsOpen):N0}, stores: {await db.Stores.CountAsync()}");
}

if (args.Contains("--sql"))
{
    await using var scope = provider.CreateAsyncScope();
    var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
    var access = scope.ServiceProvider.GetRequiredService<IStoreAccess>();
    var stores = await QueueFacts.StoresAsync(db, access, CancellationToken.None);
    Console.WriteLine(QueueFacts.Open(db, stores, allStores: true, BenchOptions.Now)
        .OrderByDescending(f => f.UrgentRank).ThenByDescending(f => f.SeverityRank).ThenBy(f => f.LoggedAt).ThenBy(f => f.Id).Take(26).ToQueryString());
    return;
}

var owner = (Role: Roles.Owner, Stores: (int[]?)null);
var manager = (Role: Roles.Manager, Stores: (int[]?)[1, 2]);
var noFilter = new QueueFilter();

// --dashboard measures only the weekly dashboard (and skips walking the queue's pages).
var dashboardOnly = args.Contains("--dashboard");

// The cursor of page 500 (rows 12,476–12,500 of the owner's queue), found once by walking the pages.
string? deepCursor = null;
for (var page = 1; page < (dashboardOnly ? 1 : 500); page++)
{
    deepCursor = (await SendAsync(new OpenRecoveries.Query(noFilter, deepCursor), owner.Role, owner.Stores)).NextAfter;
}

var scenarios = new (string Name, Func<Task> Run)[]
{
    ("Owner, all 20 stores: first page", () => SendAsync(new OpenRecoveries.Query(noFilter), owner.Role, owner.Stores)),
    ("Owner, all 20 stores: page 500 (keyset)", () => SendAsync(new OpenRecoveries.Query(noFilter, deepCursor), owner.Role, owner.Stores)),
    ("Owner: overdue only, Major, first page", () => SendAsync(new OpenRecoveries.Query(new QueueFilter { Overdue = true, Severity = Severity.Major }), owner.Role, owner.Stores)),
    ("Manager of 2 stores: first page", () => SendAsync(new OpenRecoveries.Query(noFilter), manager.Role, manager.Stores)),
    ("Owner: header strip + filter counts", () => SendAsync(new QueueCounts.Query(noFilter), owner.Role, owner.Stores)),
    ("Manager of 2 stores: header strip + filter counts", () => SendAsync(new QueueCounts.Query(noFilter), manager.Role, manager.Stores)),
};
var dashboard = new (string Name, Func<Task> Run)[]
{
    // The last complete week (2026-W10, inside the 30 days of open cases: the busiest weeks of the file) plus its trend.
    ("Dashboard: owner, whole chain, last week", () => SendAsync(new WeeklyDashboard.Query(), owner.Role, owner.Stores)),
    ("Dashboard: owner, one store, last week", () => SendAsync(new WeeklyDashboard.Query(Store: 1), owner.Role, owner.Stores)),
    ("Dashboard: manager of 2 stores, last week", () => SendAsync(new WeeklyDashboard.Query(), manager.Role, manager.Stores)),
    ("Dashboard: owner, whole chain, 2025-W10 (older)", () => SendAsync(new WeeklyDashboard.Query(new IsoWeek(2025, 10)), owner.Role, owner.Stores)),
    ("Dashboard CSV: owner, whole chain, the week's cases", () => SendAsync(new WeekCases.Query(), owner.Role, owner.Stores)),
};
scenarios = dashboardOnly ? dashboard : [.. scenarios, .. dashboard];

Console.WriteLine();
Console.WriteLine($"{"scenario",-52} {"p50 ms",8} {"p95 ms",8} {"p99 ms",8} {"max ms",8}");
foreach (var (name, run) in scenarios)
{
    for (var i = 0; i < 3; i++)
    {
        await run();
    }

    var times = new List<double>(options.Runs);
    for (var i = 0; i < options.Runs; i++)
    {
        var watch = Stopwatch.StartNew();
        await run();
        times.Add(watch.Elapsed.TotalMilliseconds);
    }

    times.Sort();
    double P(double q) => times[Math.Min(times.Count - 1, (int)Math.Ceiling(q * times.Count) - 1)];
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-52} {P(0.50),8:F1} {P(0.95),8:F1} {P(0.99),8:F1} {times[^1],8:F1}"));
}

namespace ServiceRecovery.Benchmarks
{
    internal sealed record BenchOptions(string DatabasePath, bool Rebuild, int Runs, int Cases)
    {
        public static readonly DateTime Now = new(2026, 3, 10, 11, 30, 0, DateTimeKind.Utc);

        public static BenchOptions Parse(string[] args)
        {
            string Value(string name, string fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
            return new BenchOptions(
                Path.GetFullPath(Value("--db", Path.Combine(Path.GetTempPath(), "servicerecovery-bench-1m.db"))),
                args.Contains("--rebuild"),
                int.Parse(Value("--runs", "100"), CultureInfo.InvariantCulture),
                int.Parse(Value("--cases", "1000000"), CultureInfo.InvariantCulture));
        }
    }

    internal sealed class FixedClock(DateTime now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(now, TimeSpan.Zero);
    }

    internal sealed class BenchUser : ICurrentUser
    {
        public string Role { get; set; } = Roles.Owner;

        public int[]? Stores { get; set; }

        public string Id => "bench-" + Role;

        public string Name => "Benchmark " + Role;

        public bool IsInRole(string role) => role == Role;
    }

    internal sealed class BenchStoreAccess(BenchUser user) : IStoreAccess
    {
        public Task<IReadOnlyCollection<int>?> StoreIdsAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyCollection<int>?>(user.Stores);

        public Task<bool> CanAccessAsync(int storeId, CancellationToken cancellationToken) => Task.FromResult(user.Stores is null || user.Stores.Contains(storeId));
    }
}
