using Microsoft.EntityFrameworkCore;
using ServiceRecovery.Web.Data;
using ServiceRecovery.Web.Domain;

namespace ServiceRecovery.Web.Infrastructure.Auth;

/// <summary>
/// Which stores the signed-in user may see. Owners see every store; cashiers and managers only their own.
/// Anything of another store is answered as if it did not exist (404), so nothing leaks through counts or ids.
/// </summary>
public interface IStoreAccess
{
    /// <summary>The ids of the user's stores, or null for "every store" (owners).</summary>
    Task<IReadOnlyCollection<int>?> StoreIdsAsync(CancellationToken cancellationToken);

    Task<bool> CanAccessAsync(int storeId, CancellationToken cancellationToken);

    /// <summary>Throws <see cref="NotFoundException"/> unless the user may see the store.</summary>
    async Task EnsureAccessAsync(int storeId, CancellationToken cancellationToken)
    {
        if (!await CanAccessAsync(storeId, cancellationToken))
        {
            throw new NotFoundException($"Store {storeId} was not found.");
        }
    }
}

internal sealed class StoreAccess(AppDbContext db, ICurrentUser user) : IStoreAccess
{
    private IReadOnlyCollection<int>? _storeIds;
    private bool _loaded;

    public async Task<IReadOnlyCollection<int>?> StoreIdsAsync(CancellationToken cancellationToken)
    {
        if (!_loaded)
        {
            _storeIds = user.IsOwner
                ? null
                : ReferenceData.Of(db) is { } reference
                ? (await reference.GetAsync(db, cancellationToken)).StoresOf(user.Id)
                : await db.StoreMembers.AsNoTracking().Where(m => m.UserId == user.Id).Select(m => m.StoreId).ToListAsync(cancellationToken);
            _loaded = true;
        }

        return _storeIds;
    }

    public async Task<bool> CanAccessAsync(int storeId, CancellationToken cancellationToken) =>
        await StoreIdsAsync(cancellationToken) is not { } ids || ids.Contains(storeId);
}

public static class StoreAccessQueries
{
    /// <summary>Only the rows of stores the user may see.</summary>
    public static IQueryable<Store> Visible(this IQueryable<Store> stores, IReadOnlyCollection<int>? storeIds) =>
        storeIds is null ? stores : stores.Where(s => storeIds.Contains(s.Id));
}
