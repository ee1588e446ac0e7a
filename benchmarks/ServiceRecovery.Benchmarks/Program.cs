using System.Diagnostics;
using System.Globalization;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ServiceRecovery.Benchmarks;
using ServiceRecovery.Web.Data;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Infrastructure.Auth;
using ServiceRecovery.Web.Pages.Dashboard;
using ServiceRecovery.Web.Pages.Queue;

// The open-recoveries queue against a large SQLite file: 1,000,000 cases, 100,000 of them open.
// Usage: dotnet run -c Release --project benchmarks/ServiceRecovery.Benchmarks [-- --rebuild] [--cases N] [--weeks N | --steady] [--runs N] [--db PATH]
//        [--dashboard] [--profile] [--now 2026-11-23T00:00:00Z]
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
    // Three years of cases (or, with --steady, as many weeks as keep the 1,000,000-case file's rate of cases per week);
    // one in ten got stuck somewhere in the playbook, so about a tenth are open.
    Console.WriteLine($"Building {options.Cases:N0} cases over {options.Weeks} weeks");
    await LargeDatabase.BuildAsync(options.DatabasePath, connectionString, total: options.Cases, stores: 20, weeks: options.Weeks, stuckShare: 0.1, now: options.Now);
}

else
{
    // An existing file gets the migrations it lacks (their back-fills timed: that is what an upgrade costs at this size).
    var builder = new DbContextOptionsBuilder<AppDbContext>();
    builder.UseServiceRecoverySqlite(connectionString);
    await using var db = new AppDbContext(builder.Options);
    var pending = (await db.Database.GetPendingMigrationsAsync()).ToList();
    if (pending.Count > 0)
    {
        var watch = Stopwatch.StartNew();
        await db.Database.MigrateAsync();
        Console.WriteLine($"Migrated {string.Join(", ", pending)} in {watch.Elapsed.TotalSeconds:F1} s");
    }

    // As the app does at start-up: indexes a migration added get the planner's statistics the others have.
    if (await SqliteSetup.AnalyzeNewIndexesAsync(db, CancellationToken.None) is { Count: > 0 } analysed)
    {
        Console.WriteLine($"Analysed {string.Join(", ", analysed)}");
    }

    // As the app does at start-up: a rollup added by a migration is filled from the cases (decision 0041).
    var rollupWatch = Stopwatch.StartNew();
    if (await DashboardRollup.RebuildIfMissingAsync(db))
    {
        Console.WriteLine($"Built the dashboard rollup in {rollupWatch.Elapsed.TotalSeconds:F1} s");
    }
}

// --profile: every SQL command timed and its plan printed, per scenario (slower; for finding the cost, not for figures).
var profiler = new CommandProfiler { Enabled = args.Contains("--profile") };
using var compilations = new QueryCompilations();
await using var provider = BenchServices.Build(connectionString, new FixedClock(options.Now), profiler);

Task<TResponse> SendAsync<TResponse>(IRequest<TResponse> request, string role, int[]? stores) => provider.SendAsync(request, role, stores);

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
    var views = new (string Name, IReadOnlyList<QueueStore> Stores, bool All, QueueFilter Filter)[]
    {
        ("owner", stores, true, new QueueFilter()),
        ("manager of stores 1 and 2", stores.Where(s => s.Id is 1 or 2).ToList(), false, new QueueFilter()),
        ("owner, store 3, major, overdue", stores, true, new QueueFilter { Store = 3, Severity = Severity.Major, Overdue = true }),
    };
    // A deep page: after a cursor in the urgent band, the band is two ranges (the rest of the cursor's priority, then the later ones).
    var deep = new OpenRecoveries.Cursor(options.Now, 1, 2, options.Now.AddDays(-200), 1);
    foreach (var (name, visible, all, filter) in views)
    {
        var ranges = QueueSql.Bands
            .SelectMany(urgent => OpenRecoveries.Band(OpenRecoveries.Facts(db, visible, all, filter, options.Now), urgent, options.Now, after: null)
                .Select(q => (Query: q, Name: urgent ? "urgent band" : "the rest")))
            .Concat(OpenRecoveries.Band(OpenRecoveries.Facts(db, visible, all, filter, options.Now), urgent: true, options.Now, deep)
                .Select((q, i) => (Query: q, Name: $"urgent band after a cursor, range {i + 1}")));
        foreach (var (range, part) in ranges)
        {
            var query = range.Take(26);
            Console.WriteLine($"-- {name}, {part}");
            Console.WriteLine(query.ToQueryString());
            await using var command = query.CreateDbCommand();
            command.CommandText = "EXPLAIN QUERY PLAN " + command.CommandText;
            await db.Database.OpenConnectionAsync();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                Console.WriteLine("-- plan: " + reader.GetString(3));
            }

            Console.WriteLine();
        }
    }

    return;
}

var owner = (Role: Roles.Owner, Stores: (int[]?)null);
var manager = (Role: Roles.Manager, Stores: (int[]?)[1, 2]);
var noFilter = new QueueFilter();
var today = DateOnly.FromDateTime(options.Now);
var lastWeek = new QueueFilter { From = today.AddDays(-6), To = today };

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
    ("Owner: logged in the last 7 days, first page", () => SendAsync(new OpenRecoveries.Query(lastWeek), owner.Role, owner.Stores)),
    ("Owner: counts, logged in the last 7 days", () => SendAsync(new QueueCounts.Query(lastWeek), owner.Role, owner.Stores)),
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
Console.WriteLine($"{"scenario",-52} {"p50 ms",8} {"p95 ms",8} {"p99 ms",8} {"max ms",8} {"cpu p50",8}");
foreach (var (name, run) in scenarios)
{
    for (var i = 0; i < 3; i++)
    {
        await run();
    }

    profiler.Reset();
    var warmUpCompilations = compilations.Count;
    compilations.Reset();

    var times = new List<double>(options.Runs);
    var cpu = new List<double>(options.Runs);
    using var process = Process.GetCurrentProcess();
    for (var i = 0; i < options.Runs; i++)
    {
        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        await run();
        times.Add(watch.Elapsed.TotalMilliseconds);
        process.Refresh();
        cpu.Add((process.TotalProcessorTime - cpuBefore).TotalMilliseconds);
    }

    // CPU time of this process (app + SQLite, which runs in-process) per run: less sensitive than wall time to other
    // work on the machine, so before/after comparisons under load use it beside p50/p99.
    cpu.Sort();

    times.Sort();
    double P(double q) => times[Math.Min(times.Count - 1, (int)Math.Ceiling(q * times.Count) - 1)];
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-52} {P(0.50),8:F1} {P(0.95),8:F1} {P(0.99),8:F1} {times[^1],8:F1} {cpu[cpu.Count / 2],8:F1}"));
    if (profiler.Enabled)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"EF query compilations: {warmUpCompilations} in the warm-up, {compilations.Count / (double)options.Runs:F1} per run after"));
        profiler.Report(connectionString);
    }
}

namespace ServiceRecovery.Benchmarks
{
    internal static class QueueSql
    {
        public static readonly bool[] Bands = [true, false];
    }

    internal sealed record BenchOptions(string DatabasePath, bool Rebuild, int Runs, int Cases, int Weeks, DateTime Now)
    {
        /// <summary>The moment the files this benchmark builds end at, and its clock unless <c>--now</c> names another (a load run's file ends when it was filled).</summary>
        public static readonly DateTime BuiltAt = new(2026, 3, 10, 11, 30, 0, DateTimeKind.Utc);

        public static BenchOptions Parse(string[] args)
        {
            string Value(string name, string fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
            var cases = int.Parse(Value("--cases", "1000000"), CultureInfo.InvariantCulture);
            var weeks = LargeDatabase.Weeks(args, cases);
            return new BenchOptions(
                Path.GetFullPath(Value("--db", Path.Combine(Path.GetTempPath(), "servicerecovery-bench-1m.db"))),
                args.Contains("--rebuild"),
                int.Parse(Value("--runs", "100"), CultureInfo.InvariantCulture),
                cases,
                weeks,
                Value("--now", string.Empty) is { Length: > 0 } now
                    ? DateTime.Parse(now, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal)
                    : BuiltAt);
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
