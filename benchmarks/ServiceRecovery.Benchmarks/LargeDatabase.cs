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
