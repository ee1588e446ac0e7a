using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Infrastructure.Auth;

namespace ServiceRecovery.Web.Data;

public sealed class DefaultStoreOptions
{
    public const string Section = "DefaultStore";

    public string Name { get; set; } = "Main store";

    public string TimeZone { get; set; } = "Europe/Prague";

    public string Currency { get; set; } = "EUR";
}

/// <summary>
/// Applies migrations and seeds what the app cannot run without: the roles, the chain's targets and, on an empty
/// database, one store. With no owner yet it prepares the one-time setup code for /Setup.
/// </summary>
public sealed partial class DatabaseInitializer(
    AppDbContext db,
    RoleManager<IdentityRole> roles,
    UserManager<AppUser> users,
    OwnerSetup ownerSetup,
    IOptions<DefaultStoreOptions> defaultStore,
    ILogger<DatabaseInitializer> logger)
{
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await db.Database.MigrateAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            await SqliteSetup.UseWriteAheadLogAsync(db, cancellationToken);
            await SqliteSetup.AnalyzeNewIndexesAsync(db, cancellationToken);
        }

        // The migration that adds the dashboard's rollup cannot fill it in SQL (a store's week needs its time zone).
        await DashboardRollup.RebuildIfMissingAsync(db, cancellationToken);

        if (!await db.Stores.AnyAsync(cancellationToken))
        {
            var options = defaultStore.Value;
            db.Stores.Add(new Store(options.Name, options.TimeZone, options.Currency));
            await db.SaveChangesAsync(cancellationToken);
            LogSeededStore(logger, options.Name);
        }

        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }

        if (!await db.Targets.AnyAsync(t => t.StoreId == null, cancellationToken))
        {
            db.Targets.Add(RecoveryTargets.ChainDefaults());
            await db.SaveChangesAsync(cancellationToken);
        }

        if ((await users.GetUsersInRoleAsync(Roles.Owner)).Count == 0)
        {
            LogNoOwner(logger, ownerSetup.EnsureCode());
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No owner account yet: open /Setup to create it. Outside Development it asks for the one-time code in {SetupCodePath}")]
    private static partial void LogNoOwner(ILogger logger, string setupCodePath);

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded the default store {StoreName}")]
    private static partial void LogSeededStore(ILogger logger, string storeName);
}
