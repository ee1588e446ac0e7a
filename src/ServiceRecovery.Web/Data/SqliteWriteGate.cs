using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ServiceRecovery.Web.Data;

/// <summary>
/// One SaveChanges at a time per app (decision 0029). SQLite has a single writer: concurrent writers otherwise meet
/// SQLITE_BUSY and wait in SQLite's busy handler, which sleeps in growing steps (up to 100 ms) instead of waking when the
/// lock frees — under a lunch rush that sleep, not the write, is the p99. Here they queue on a semaphore and go one after
/// the other. <see cref="AppDbContext"/> takes a turn around every SaveChanges (a try/finally, so every way out of
/// SaveChanges gives it back). A SaveChanges inside an explicit transaction takes no turn: its transaction already
/// holds SQLite's write lock, and making it wait for a writer that is itself waiting for that lock would stall both.
/// Registered as an interceptor only so that a context finds it in its options (a pooled context has no other way in).
/// </summary>
public sealed class SqliteWriteGate : IInterceptor, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>The gate in this context's options, if any (none at design time or in a context built without it).</summary>
    public static SqliteWriteGate? Of(DbContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Interceptor<SqliteWriteGate>();
    }

    public async Task<IDisposable?> EnterAsync(DbContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Database.CurrentTransaction is not null)
        {
            return null;
        }

        await _gate.WaitAsync(cancellationToken);
        return new Turn(_gate);
    }

    public IDisposable? Enter(DbContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Database.CurrentTransaction is not null)
        {
            return null;
        }

        _gate.Wait();
        return new Turn(_gate);
    }

    /// <summary>
    /// Read-then-write as one step: takes the app's write turn, then SQLite's write lock (Microsoft.Data.Sqlite begins
    /// transactions IMMEDIATE), so no other writer can change what <paramref name="work"/> reads before it saves — a
    /// cap checked here holds. The SaveChanges inside takes no second turn (see the class summary).
    /// </summary>
    public static async Task<T> ExclusivelyAsync<T>(DbContext context, Func<Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(work);
        using var turn = Of(context) is { } gate ? await gate.EnterAsync(context, cancellationToken) : null;
        await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken);
        var result = await work();
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    public void Dispose() => _gate.Dispose();

    private sealed class Turn(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
