using Microsoft.EntityFrameworkCore;
using ServiceRecovery.Web.Domain;

namespace ServiceRecovery.Web.Data;

public static class TargetQueries
{
    /// <summary>
    /// Every targets row (the chain's and the stores' overrides, a few rows): the app's in-memory copy
    /// (<see cref="ReferenceData"/>, decision 0046), or one read of the table for a context made without it. Shared rows:
    /// never change them.
    /// </summary>
    public static async Task<IReadOnlyList<RecoveryTargets>> TargetRowsAsync(this AppDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return ReferenceData.Of(db) is { } reference
            ? (await reference.GetAsync(db, cancellationToken)).Targets
            : await db.Targets.AsNoTracking().ToListAsync(cancellationToken);
    }

    /// <summary>The targets in force at a store: its own overrides over the chain-wide values.</summary>
    public static async Task<EffectiveTargets> EffectiveTargetsAsync(this AppDbContext db, int storeId, CancellationToken cancellationToken) =>
        EffectiveTargets.At(await db.TargetRowsAsync(cancellationToken), storeId);

    /// <summary>The targets in force at every store (one read of the targets table, a few rows).</summary>
    public static async Task<IReadOnlyDictionary<int, EffectiveTargets>> EffectiveTargetsByStoreAsync(this AppDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var storeIds = await db.Stores.AsNoTracking().Select(s => s.Id).ToListAsync(cancellationToken);
        var rows = await db.Targets.AsNoTracking().ToListAsync(cancellationToken);
        return storeIds.ToDictionary(id => id, id => EffectiveTargets.At(rows, id));
    }
}
