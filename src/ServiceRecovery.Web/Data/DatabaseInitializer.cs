using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ServiceRecovery.Web.Domain;

namespace ServiceRecovery.Web.Data;

public sealed class DefaultStoreOptions
{
    public const string Section = "DefaultStore";

    public string Name { get; set; } = "Main store";

    public string TimeZone { get; set; } = "Europe/Prague";

    public string Currency { get; set; } = "EUR";
}

/// <summary>Applies migrations and seeds the default store on first start (until store administration exists).</summary>
public sealed partial class DatabaseInitializer(AppDbContext db, IOptions<DefaultStoreOptions> defaultStore, ILogger<DatabaseInitializer> logger)
{
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await db.Database.MigrateAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            await SqliteSetup.UseWriteAheadLogAsync(db, cancellationToken);
        }

        if (!await db.Stores.AnyAsync(cancellationToken))
        {
            var options = defaultStore.Value;
            db.Stores.Add(new Store(options.Name, options.TimeZone, options.Currency));
            await db.SaveChangesAsync(cancellationToken);
            LogSeededStore(logger, options.Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded the default store {StoreName}")]
    private static partial void LogSeededStore(ILogger logger, string storeName);
}
