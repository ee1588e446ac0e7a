using Microsoft.EntityFrameworkCore;
using ServiceRecovery.Web.Domain;

namespace ServiceRecovery.Web.Data;

public static class TargetQueries
{
    /// <summary>The targets in force at a store: its own overrides over the chain-wide values.</summary>
    public static async Task<EffectiveTargets> EffectiveTargetsAsync(this AppDbContext db, int storeId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (ReferenceData.Of(db) is { } reference)
        {
            return (await reference.GetAsync(db, cancellationToken)).TargetsAt(storeId);
        }

        var rows = await db.Targets.AsNoTracking().Where(t => t.StoreId == null || t.StoreId == storeId).ToListAsync(cancellationToken);
        var chain = rows.FirstOrDefault(t => t.StoreId is null) ?? RecoveryTargets.ChainDefaults();
        return EffectiveTargets.Combine(chain, rows.FirstOrDefault(t => t.StoreId == storeId));
    }

    /// <summary>The targets in force at every store (one read of the targets table, a few rows).</summary>
    public static async Task<IReadOnlyDictionary<int, EffectiveTargets>> EffectiveTargetsByStoreAsync(this AppDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var storeIds = await db.Stores.AsNoTracking().Select(s => s.Id).ToListAsync(cancellationToken);
        var rows = await db.Targets.AsNoTracking().ToListAsync(cancellationToken);
        var chain = rows.FirstOrDefault(t => t.StoreId is null) ?? RecoveryTargets.ChainDefaults();
        return storeIds.ToDictionary(id => id, id => EffectiveTargets.Combine(chain, rows.FirstOrDefault(t => t.StoreId == id)));
    }
}
