using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ServiceRecovery.Web.Data;

/// <summary>
/// One SaveChanges at a time per app (decision 0029). SQLite has a single writer: concurrent writers otherwise meet
/// SQLITE_BUSY and wait in SQLite's busy handler, which sleeps in growing steps (up to 100 ms) instead of waking when the
/// lock frees — under a lunch rush that sleep, not the write, is the p99. Here they queue on a semaphore and go one after
/// the other. A SaveChanges inside an explicit transaction is not gated: its transaction already holds SQLite's write
/// lock, and gating it could wait on a writer that is itself waiting for that lock.
/// </summary>
public sealed class SqliteWriteGate : SaveChangesInterceptor, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ConditionalWeakTable<DbContext, object> _holders = [];

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (NeedsGate(eventData.Context))
        {
            _gate.Wait();
            _holders.AddOrUpdate(eventData.Context!, this);
        }

        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (NeedsGate(eventData.Context))
        {
            await _gate.WaitAsync(cancellationToken);
            _holders.AddOrUpdate(eventData.Context!, this);
        }

        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Release(eventData?.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Release(eventData?.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Release(eventData?.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(eventData?.Context);
        return Task.CompletedTask;
    }

    public override void SaveChangesCanceled(DbContextEventData eventData) => Release(eventData?.Context);

    public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(eventData?.Context);
        return Task.CompletedTask;
    }

    public void Dispose() => _gate.Dispose();

    private static bool NeedsGate(DbContext? context) => context is not null && context.Database.CurrentTransaction is null;

    // Only a context that took the gate gives it back (SaveChanges can fail or be cancelled before it got it).
    private void Release(DbContext? context)
    {
        if (context is not null && _holders.Remove(context))
        {
            _gate.Release();
        }
    }
}
