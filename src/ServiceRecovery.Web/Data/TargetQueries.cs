using Microsoft.EntityFrameworkCore;
using ServiceRecovery.Web.Domain;

namespace ServiceRecovery.Web.Data;

public static class TargetQueries
{
    /// <summary>The targets in force at a store: its own overrides over the chain-wide values.</summary>
    public static async Task<EffectiveTargets> EffectiveTargetsAsync(this AppDbContext db, int storeId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var rows = await db.Targets.AsNoTracking().Where(t => t.StoreId == null || t.StoreId == storeId).ToListAsync(cancellationToken);
        var chain = rows.FirstOrDefault(t => t.StoreId is null) ?? RecoveryTargets.ChainDefaults();
        return EffectiveTargets.Combine(chain, rows.FirstOrDefault(t => t.StoreId == storeId));
    }
}
