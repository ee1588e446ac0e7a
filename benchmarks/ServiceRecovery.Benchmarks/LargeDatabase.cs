using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using ServiceRecovery.Web.Data;
using ServiceRecovery.Web.Data.Demo;

namespace ServiceRecovery.Benchmarks;

/// <summary>
/// Builds the benchmark database: the real schema (migrations), then the demo data generator at benchmark size
/// (<see cref="BenchmarkData"/>): every case built through the domain's methods and bulk-inserted with prepared
/// statements in large transactions, with its timeline, compensations, follow-ups and resolutions.
/// </summary>
internal static class LargeDatabase
{
    /// <summary>The default file's rate: 1,000,000 cases over three years (156 weeks), ~6,400 a week for the chain.</summary>
    private const double SteadyCasesPerWeek = 1_000_000 / 156.0;

    /// <summary>
    /// Weeks of history for <paramref name="cases"/>: <c>--steady</c> keeps the 1,000,000-case file's weekly rate (more
    /// history, not busier weeks; at least the 12 weeks the dashboard's trend shows; decision 0025), else
    /// <c>--weeks N</c> (default 156, three years).
    /// </summary>
    public static int Weeks(string[] args, int cases)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Contains("--steady"))
        {
            return Math.Max(12, (int)Math.Ceiling(cases / SteadyCasesPerWeek));
        }

        var i = Array.IndexOf(args, "--weeks");
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture) : 156;
    }

    public static async Task BuildAsync(string path, string connectionString, int total, int stores, int weeks, double stuckShare, DateTime now)
    {
        var watch = Stopwatch.StartNew();
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { string.Empty, "-wal", "-shm" })
        {
            File.Delete(path + suffix);
        }

        var builder = new DbContextOptionsBuilder<AppDbContext>();
        builder.UseServiceRecoverySqlite(connectionString);
        await using (var db = new AppDbContext(builder.Options))
        {
            await db.Database.MigrateAsync();
        }

        var written = await BenchmarkData.WriteAsync(
            connectionString,
            stores,
            new GeneratorSettings(total, weeks, now, StuckShare: stuckShare),
            exclusive: true,
            progress: n => Console.WriteLine($"  {n:N0} cases written ({watch.Elapsed.TotalSeconds:F0} s)"));
        Console.WriteLine($"Built {path}: {written:N0} cases in {watch.Elapsed.TotalSeconds:F1} s");
    }
}
