using Microsoft.EntityFrameworkCore;
using ServiceRecovery.Web.Tests.Infrastructure;

namespace ServiceRecovery.Web.Tests.Data;

/// <summary>What the app does to its database when it starts.</summary>
public sealed class DatabaseStartTests(AppFactory factory) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task After_start_the_database_is_migrated_and_in_write_ahead_log_mode()
    {
        _ = factory.Server;

        var (journalMode, busyTimeout, foreignKeys) = await factory.WithDbAsync(async db =>
        {
            await db.Database.OpenConnectionAsync();
            try
            {
                return (
                    await ScalarAsync(db, "PRAGMA journal_mode"),
                    await ScalarAsync(db, "PRAGMA busy_timeout"),
                    await ScalarAsync(db, "PRAGMA foreign_keys"));
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        });

        Assert.Equal("wal", journalMode);
        Assert.Equal("5000", busyTimeout);
        Assert.Equal("1", foreignKeys);
        Assert.Empty(await factory.WithDbAsync(async db => (await db.Database.GetPendingMigrationsAsync()).ToList()));
        Assert.NotEmpty(await factory.WithDbAsync(async db => (await db.Database.GetAppliedMigrationsAsync()).ToList()));
    }

    [Fact]
    public async Task After_the_first_start_the_default_store_exists()
    {
        _ = factory.Server;

        var stores = await factory.WithDbAsync(db => db.Stores.AsNoTracking().ToListAsync());

        var store = Assert.Single(stores);
        Assert.Equal("Main store", store.Name);
        Assert.Equal("Europe/Prague", store.TimeZoneId);
        Assert.Equal("EUR", store.Currency);
    }

    private static async Task<string> ScalarAsync(ServiceRecovery.Web.Data.AppDbContext db, string sql)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture)!;
    }
}
