using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using ServiceRecovery.Web.Data;

namespace ServiceRecovery.Web.Tests.Data;

/// <summary>
/// An index a migration adds to a file the bulk loader analysed gets statistics like the others at start-up, so SQLite does
/// not take it for far more selective than it is (decision 0052); a file never analysed is left as it is.
/// </summary>
public sealed class PlannerStatisticsTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"servicerecovery-stats-{Guid.NewGuid():N}.db");

    [Fact]
    public async Task Only_indexes_without_statistics_in_an_analysed_file_are_analysed()
    {
        var options = new DbContextOptionsBuilder<AppDbContext>();
        options.UseServiceRecoverySqlite($"Data Source={_path}");
        await using var db = new AppDbContext(options.Options);
        await db.Database.MigrateAsync();
        Assert.Empty(await SqliteSetup.AnalyzeNewIndexesAsync(db, CancellationToken.None));
        Assert.Equal(0, await CountAsync(db, "SELECT COUNT(*) AS \"Value\" FROM \"sqlite_master\" WHERE \"name\" = 'sqlite_stat1'"));

        // As the bulk loader leaves a file, then a migration adds an index: it alone is analysed.
        await db.Database.ExecuteSqlRawAsync("""
            INSERT INTO "Stores" ("Name", "TimeZoneId", "Currency", "FeedbackToken") VALUES ('Statistics', 'Europe/Prague', 'EUR', 'stats-token');
            ANALYZE;
            CREATE INDEX "IX_Stores_Added" ON "Stores" ("Currency", "Name");
            """);
        var analysed = await SqliteSetup.AnalyzeNewIndexesAsync(db, CancellationToken.None);
        Assert.Contains("IX_Stores_Added", analysed);
        Assert.DoesNotContain("IX_Stores_Name", analysed);
        Assert.Equal(1, await CountAsync(db, "SELECT COUNT(*) AS \"Value\" FROM \"sqlite_stat1\" WHERE \"idx\" = 'IX_Stores_Added'"));
        Assert.DoesNotContain("IX_Stores_Added", await SqliteSetup.AnalyzeNewIndexesAsync(db, CancellationToken.None));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }
    }

    private static Task<int> CountAsync(AppDbContext db, string sql) => db.Database.SqlQueryRaw<int>(sql).SingleAsync();
}
