using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ServiceRecovery.Web.Data;

/// <summary>
/// Reads the durability settings in effect on the app's own connection (they come from <see cref="SqliteSetup"/>'s
/// per-connection pragmas): unhealthy if the database is not in WAL mode with <c>synchronous</c> at the level the
/// durability promise needs (docs/reliability.md).
/// </summary>
public sealed class SqliteHealthCheck(AppDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!db.Database.IsSqlite())
        {
            return HealthCheckResult.Healthy("Not SQLite.");
        }

        var (journalMode, synchronous) = await SqliteSetup.DurabilitySettingsAsync(db, cancellationToken);
        var data = new Dictionary<string, object> { ["journal_mode"] = journalMode, ["synchronous"] = synchronous };
        return journalMode == "wal" && synchronous == SqliteSetup.SynchronousLevel
            ? HealthCheckResult.Healthy("WAL, synchronous as configured.", data)
            : HealthCheckResult.Unhealthy("The database is not running with the configured durability settings.", data: data);
    }
}
