using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using ServiceRecovery.Web.Tests.Infrastructure;

namespace ServiceRecovery.Web.Tests.Data;

/// <summary>The TellUsCards migration gives every store that existed before it a random card token of its own.</summary>
public sealed class TellUsCardsMigrationTests(AppFactory factory) : IClassFixture<AppFactory>
{
    private const string MigrationBefore = "20261122170321_StoredResolution";

    [Fact]
    public async Task Existing_stores_get_distinct_random_tokens_and_the_schema_matches_the_model()
    {
        _ = await factory.DefaultStoreIdAsync();
        await factory.WithDbAsync(async db =>
        {
            var migrator = db.GetService<IMigrator>();
            await migrator.MigrateAsync(MigrationBefore);
            await db.Database.ExecuteSqlRawAsync("""INSERT INTO "Stores" ("Name", "TimeZoneId", "Currency") VALUES ('Old store 1', 'Europe/Prague', 'EUR'), ('Old store 2', 'Europe/London', 'GBP')""");
            await migrator.MigrateAsync();
        });

        var tokens = await factory.WithDbAsync(db => db.Stores.Select(s => s.FeedbackToken).ToListAsync());
        Assert.Equal(3, tokens.Count);
        Assert.All(tokens, t => Assert.Matches("^[0-9a-f]{32}$", t));
        Assert.Equal(3, tokens.Distinct().Count());
        Assert.False(await factory.WithDbAsync(db => Task.FromResult(db.Database.HasPendingModelChanges())));
    }
}
