using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using ServiceRecovery.Web.Domain;

namespace ServiceRecovery.Web.Data;

/// <summary>
/// The owner's targets and the staff's store memberships: a few rows that change only on the admin pages, yet were read
/// by almost every request (which stores may this user see, which targets hold at this store). They are kept in memory
/// and dropped by any SaveChanges that adds, changes or removes one of them (this interceptor is on every context), both
/// before it writes and after it committed or failed — inside an explicit transaction, when that transaction ends: a
/// reader on another connection meanwhile still reads the old rows — so no reader keeps rows older than a committed
/// change (decision 0046). Every write of the app goes through SaveChanges; raw SQL never touches these tables. Changes
/// made by another process show within <see cref="MaxAge"/>.
/// </summary>
public sealed class ReferenceData(TimeProvider clock) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    /// <summary>
    /// A copy is read again after this long even if this process changed nothing: another process on the same file (a
    /// second instance, a repair with the sqlite3 shell) cannot tell this one, so its changes show within this bound.
    /// </summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    private static readonly object Marker = new();

    // The contexts whose current SaveChanges touches reference rows: their outcome moves the version again.
    private readonly ConditionalWeakTable<DbContext, object> _touching = [];

    private long _version;
    private Snapshot? _snapshot;

    /// <summary>
    /// The instance on this context's options (the app registers one for all its contexts), or null for a context made
    /// without it (a tool or test building its own options): callers then read the tables themselves.
    /// </summary>
    public static ReferenceData? Of(DbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Interceptor<ReferenceData>();
    }

    /// <summary>The rows as of now: from memory, or read once (two small queries) after a change.</summary>
    public async Task<Snapshot> GetAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var version = Interlocked.Read(ref _version);
        var now = clock.GetUtcNow();
        if (Volatile.Read(ref _snapshot) is { } cached && cached.Version == version && now >= cached.ReadAt && now - cached.ReadAt < MaxAge)
        {
            return cached;
        }

        var targets = await db.Targets.AsNoTracking().ToListAsync(cancellationToken);
        var members = await db.StoreMembers.AsNoTracking().Select(m => new { m.UserId, m.StoreId }).ToListAsync(cancellationToken);
        var snapshot = new Snapshot(
            version,
            now,
            targets,
            members.GroupBy(m => m.UserId, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => (IReadOnlyCollection<int>)[.. g.Select(m => m.StoreId).Order()], StringComparer.Ordinal));

        // Stamped with the version read before the queries: a change that landed meanwhile leaves it out of date at once.
        Volatile.Write(ref _snapshot, snapshot);
        return snapshot;
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Saving(eventData);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Saving(eventData);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Done(eventData);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Done(eventData);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Done(eventData);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Done(eventData);
        return Task.CompletedTask;
    }

    private void Saving(DbContextEventData eventData)
    {
        if (eventData.Context is not { } context)
        {
            return;
        }

        var touches = context.ChangeTracker.Entries()
            .Any(e => e.Entity is RecoveryTargets or StoreMember && e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted);
        if (touches)
        {
            _touching.AddOrUpdate(context, Marker);
            Interlocked.Increment(ref _version);
        }
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Ended(eventData);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Ended(eventData);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Ended(eventData);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Ended(eventData);
        return Task.CompletedTask;
    }

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Ended(eventData);

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Ended(eventData);
        return Task.CompletedTask;
    }

    private void Done(DbContextEventData eventData)
    {
        if (eventData.Context is not { } context || !_touching.TryGetValue(context, out _))
        {
            return;
        }

        Interlocked.Increment(ref _version);

        // Inside an explicit transaction the rows are not committed yet: other connections still read the old ones, and
        // may keep them under this version. The transaction's end moves it once more.
        if (context.Database.CurrentTransaction is null)
        {
            _touching.Remove(context);
        }
    }

    private void Ended(DbContextEventData eventData)
    {
        if (eventData.Context is { } context && _touching.Remove(context))
        {
            Interlocked.Increment(ref _version);
        }
    }

    /// <summary>One consistent reading of the reference rows.</summary>
    public sealed class Snapshot(long version, DateTimeOffset readAt, IReadOnlyList<RecoveryTargets> targets, IReadOnlyDictionary<string, IReadOnlyCollection<int>> storesByUser)
    {
        internal long Version { get; } = version;

        internal DateTimeOffset ReadAt { get; } = readAt;

        /// <summary>Every targets row (read through <see cref="TargetQueries.TargetRowsAsync"/>). Shared: never change them.</summary>
        internal IReadOnlyList<RecoveryTargets> Targets { get; } = targets;

        /// <summary>The stores a cashier or manager works at (none for a user without memberships).</summary>
        public IReadOnlyCollection<int> StoresOf(string userId) =>
            storesByUser.TryGetValue(userId, out var stores) ? stores : [];
    }
}
