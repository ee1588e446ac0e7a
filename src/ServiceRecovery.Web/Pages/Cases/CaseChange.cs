using Microsoft.EntityFrameworkCore;
using ServiceRecovery.Web.Data;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Infrastructure;
using ServiceRecovery.Web.Infrastructure.Auth;

namespace ServiceRecovery.Web.Pages.Cases;

/// <summary>What every action on an existing case carries: which case, and the version the user was looking at.</summary>
public interface ICaseCommand
{
    int CaseId { get; }

    int Version { get; }
}

/// <summary>Base of the case actions: each returns the case's new version.</summary>
public abstract class CaseCommand : MediatR.IRequest<int>, ICaseCommand
{
    public int CaseId { get; set; }

    public int Version { get; set; }
}

/// <summary>
/// Load → check the user may see the case's store (else 404) → check the version the user saw → apply one domain
/// change → save with the concurrency token.
/// </summary>
internal static class CaseChange
{
    public static async Task<int> ApplyAsync(
        AppDbContext db, IStoreAccess access, ICaseCommand command, Action<RecoveryCase, Store, EffectiveTargets> change, CancellationToken cancellationToken)
    {
        var recoveryCase = await db.Cases
            .Include(c => c.Compensations)
            .Include(c => c.FollowUps)
            .Include(c => c.Resolutions)
            .AsSplitQuery()
            .FirstOrDefaultAsync(c => c.Id == command.CaseId, cancellationToken)
            ?? throw new NotFoundException($"Case {command.CaseId} was not found.");
        await access.EnsureAccessAsync(recoveryCase.StoreId, cancellationToken);

        if (recoveryCase.Version != command.Version)
        {
            throw new ConcurrencyConflictException();
        }

        // Tracked (never changed here): the week rollup in SaveChanges reads the store's time zone from the context instead
        // of querying the store again (decision 0046).
        var store = await db.Stores.FirstAsync(s => s.Id == recoveryCase.StoreId, cancellationToken);
        var targets = await db.EffectiveTargetsAsync(store.Id, cancellationToken);
        recoveryCase.MeasureAgainst(targets);
        change(recoveryCase, store, targets);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException ex)
        {
            throw new ConcurrencyConflictException("This case just changed. Here is the latest — check it and try again.", ex);
        }

        return recoveryCase.Version;
    }
}
