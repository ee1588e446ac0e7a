using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using MediatR;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.EntityFrameworkCore;
using ServiceRecovery.Web.Data;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Infrastructure.Auth;

namespace ServiceRecovery.Web.Pages.Queue;

/// <summary>
/// The header strip (the user's stores, unfiltered) and how many cases each filter value would show given the other
/// filters, summed here from a few hundred groups (store, type, severity, next step, overdue). Without a date range the
/// groups come from the open cases' rollup (<see cref="DashboardFactKind.OpenCase"/>, decision 0052), less the cases not
/// yet overdue (a range of the index on their stored deadline), so their cost does not grow with the open set. A date
/// range groups the open cases logged in it. The answer is kept for a few seconds per store set and filter, and dropped as
/// soon as the app writes anything (<see cref="QueueCountsCache"/>, decision 0028).
/// </summary>
public static class QueueCounts
{
    [RequiresRole(Roles.Manager, Roles.Owner)]
    public sealed record Query(QueueFilter Filter) : IRequest<Model>;

    public sealed record Header(int Open, int Overdue, int PendingApprovals, TimeSpan? OldestAge);

    public sealed record Model(
        Header Header,
        IReadOnlyDictionary<int, int> ByStore,
        IReadOnlyDictionary<FailureType, int> ByType,
        IReadOnlyDictionary<Severity, int> BySeverity,
        IReadOnlyDictionary<NextStep, int> ByNext,
        int Overdue,
        int Matching);

    public sealed record Group(int StoreId, FailureType Type, Severity Severity, NextStep Next, bool Overdue, int Count);

    internal sealed class Handler(AppDbContext db, IStoreAccess access, TimeProvider clock, QueueCountsCache cache, DataVersion version) : IRequestHandler<Query, Model>
    {
        public async Task<Model> Handle(Query request, CancellationToken cancellationToken)
        {
            // Read before computing: a write that lands meanwhile leaves the entry already out of date.
            var dataVersion = version.Current;
            var asOf = clock.GetUtcNow();
            var key = QueueCountsCache.Key(await access.StoreIdsAsync(cancellationToken), request.Filter);
            if (cache.TryGet(key, dataVersion, asOf, out var cached))
            {
                return cached;
            }

            // Only time has passed since the last answer (nothing was written): one request recomputes it, and the others
            // keep that answer meanwhile instead of all waiting for the grouped query (decision 0036).
            IDisposable? turn = null;
            if (cache.TryGetUnchanged(key, dataVersion, asOf, out var previous))
            {
                turn = cache.TryEnter(key);
                if (turn is null)
                {
                    return previous;
                }
            }

            // One computation per key at a time: requests that miss together wait for it instead of all running it.
            using (turn ?? await cache.EnterAsync(key, cancellationToken))
            {
                if (cache.TryGet(key, dataVersion, asOf, out cached))
                {
                    return cached;
                }

                var model = await ComputeAsync(request.Filter, asOf.UtcDateTime, cancellationToken);
                cache.Set(key, dataVersion, asOf, model);
                return model;
            }
        }

        private async Task<Model> ComputeAsync(QueueFilter filter, DateTime now, CancellationToken cancellationToken)
        {
            var stores = await QueueFacts.StoresAsync(db, access, cancellationToken);
            var allStores = await access.StoreIdsAsync(cancellationToken) is null;
            var all = await OpenNowAsync(db, stores, now, cancellationToken);
            var dated = filter.From is null && filter.To is null
                ? all
                : await GroupsAsync(QueueFacts.Open(db, stores, allStores, now).Filtered(new QueueFilter { From = filter.From, To = filter.To }, stores), cancellationToken);

            var oldest = all.Count > 0 ? await OldestAsync(db, stores, cancellationToken) : null;
            var header = new Header(
                all.Sum(g => g.Count),
                all.Where(g => g.Overdue).Sum(g => g.Count),
                all.Where(g => g.Next == NextStep.Approve).Sum(g => g.Count),
                oldest is { } first ? now - first : null);

            IEnumerable<Group> Except(QueueFacts.Facet facet) => dated.Where(g =>
                (facet == QueueFacts.Facet.Store || filter.Store is null || g.StoreId == filter.Store)
                && (facet == QueueFacts.Facet.Type || filter.Type is null || g.Type == filter.Type)
                && (facet == QueueFacts.Facet.Severity || filter.Severity is null || g.Severity == filter.Severity)
                && (facet == QueueFacts.Facet.Next || filter.Next is null || g.Next == filter.Next)
                && (facet == QueueFacts.Facet.Overdue || !filter.Overdue || g.Overdue));

            return new Model(
                header,
                Except(QueueFacts.Facet.Store).GroupBy(g => g.StoreId).ToDictionary(x => x.Key, x => x.Sum(g => g.Count)),
                Except(QueueFacts.Facet.Type).GroupBy(g => g.Type).ToDictionary(x => x.Key, x => x.Sum(g => g.Count)),
                Except(QueueFacts.Facet.Severity).GroupBy(g => g.Severity).ToDictionary(x => x.Key, x => x.Sum(g => g.Count)),
                Except(QueueFacts.Facet.Next).GroupBy(g => g.Next).ToDictionary(x => x.Key, x => x.Sum(g => g.Count)),
                Except(QueueFacts.Facet.Overdue).Where(g => g.Overdue).Sum(g => g.Count),
                Except(QueueFacts.Facet.None).Sum(g => g.Count));
        }

        /// <summary>Every open case at these stores, grouped, computed from the cases themselves: what the rollup must equal.</summary>
        internal static async Task<List<Group>> GroupsAsync(IQueryable<CaseFacts> facts, CancellationToken cancellationToken) =>
            await facts
                .GroupBy(f => new { f.StoreId, f.FailureType, f.Severity, f.Next, Overdue = f.ApologyLate || f.FollowUpLate })
                .Select(g => new Group(g.Key.StoreId, g.Key.FailureType, g.Key.Severity, g.Key.Next, g.Key.Overdue, g.Count()))
                .ToListAsync(cancellationToken);

        /// <summary>
        /// Every open case at these stores, grouped, from the rollup: its rows count the cases with a target pending, and of
        /// those the ones not yet overdue are read from the cases (<see cref="QueueFacts.NotYetOverdue"/>).
        /// </summary>
        internal static async Task<List<Group>> OpenNowAsync(AppDbContext db, IReadOnlyList<QueueStore> stores, DateTime now, CancellationToken cancellationToken)
        {
            var ids = stores.Select(s => s.Id).ToArray();
            var rows = await db.DashboardFacts.AsNoTracking()
                .Where(f => f.Week == DashboardRollup.OpenCasesWeek && ids.Contains(f.StoreId) && f.Kind == DashboardFactKind.OpenCase)
                .Select(f => new { f.StoreId, f.Value, f.Cases })
                .ToListAsync(cancellationToken);
            if (rows.Count == 0)
            {
                return [];
            }

            var notYetDue = (await QueueFacts.NotYetOverdue(db, ids, now)
                    .GroupBy(f => new { f.StoreId, f.FailureType, f.Severity, f.Next })
                    .Select(g => new { g.Key.StoreId, g.Key.FailureType, g.Key.Severity, g.Key.Next, Count = g.Count() })
                    .ToListAsync(cancellationToken))
                .ToDictionary(g => (g.StoreId, g.FailureType, g.Severity, g.Next), g => g.Count);

            var groups = new List<Group>(rows.Count + notYetDue.Count);
            foreach (var row in rows)
            {
                var (type, severity, next, pending) = DashboardRollup.OpenCaseOf(row.Value);
                if (!pending)
                {
                    groups.Add(new Group(row.StoreId, type, severity, next, false, row.Cases));
                    continue;
                }

                // Never more than the row counts while the rollup agrees with the cases (it is kept by every save).
                var waiting = Math.Min(row.Cases, notYetDue.GetValueOrDefault((row.StoreId, type, severity, next)));
                groups.Add(new Group(row.StoreId, type, severity, next, false, waiting));
                groups.Add(new Group(row.StoreId, type, severity, next, true, row.Cases - waiting));
            }

            return groups;
        }

        /// <summary>When the oldest open case at these stores was logged: one step into the open cases' index per store.</summary>
        private static async Task<DateTime?> OldestAsync(AppDbContext db, IReadOnlyList<QueueStore> stores, CancellationToken cancellationToken)
        {
            var ids = stores.Select(s => s.Id).ToArray();
            return await db.Stores.AsNoTracking()
                .Where(s => ids.Contains(s.Id))
                .Select(s => db.Cases.Where(c => c.IsOpen && c.StoreId == s.Id).OrderBy(c => c.LoggedAt).Select(c => (DateTime?)c.LoggedAt).FirstOrDefault())
                .MinAsync(cancellationToken);
        }
    }
}

/// <summary>
/// The queue counts last computed for a store set and filter, reused for at most <see cref="Lifetime"/> on the app's
/// clock and only while <see cref="DataVersion"/> has not moved: anyone's write (in this app) shows at the next load,
/// and overdue flags that turn with time lag by at most the lifetime (plus one computation, while the answer that is out
/// of time is served to others as one request recomputes it, decision 0036). Requests that miss at the same moment compute
/// once (<see cref="EnterAsync"/>): without that, a burst of misses all ran the grouped query at once, and under load
/// each finished too late for its entry to be fresh for anyone.
/// </summary>
public sealed class QueueCountsCache : IDisposable
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);

    // Bounded: one entry per store set and filter combination in use, each gone a minute after it was written.
    private readonly MemoryCache _entries = new(new MemoryCacheOptions { SizeLimit = 1_000 });

    // Striped, so their number stays fixed however many keys there are; two keys sharing a stripe just take turns.
    private readonly SemaphoreSlim[] _computing = [.. Enumerable.Range(0, 16).Select(_ => new SemaphoreSlim(1, 1))];

    public static string Key(IReadOnlyCollection<int>? storeIds, QueueFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var stores = storeIds is null ? "*" : string.Join(',', storeIds.Order());
        return string.Create(CultureInfo.InvariantCulture,
            $"{stores}|{filter.Store}|{filter.Type}|{filter.Severity}|{filter.Next}|{filter.Overdue}|{filter.From:yyyy-MM-dd}|{filter.To:yyyy-MM-dd}");
    }

    public bool TryGet(string key, long dataVersion, DateTimeOffset now, [NotNullWhen(true)] out QueueCounts.Model? model)
    {
        model = _entries.TryGetValue(key, out Entry? entry) && entry is not null && entry.DataVersion == dataVersion && now >= entry.At && now - entry.At < Lifetime
            ? entry.Model
            : null;
        return model is not null;
    }

    /// <summary>The last answer for this key when nothing was written since, however old: served while one request recomputes it.</summary>
    public bool TryGetUnchanged(string key, long dataVersion, DateTimeOffset now, [NotNullWhen(true)] out QueueCounts.Model? model)
    {
        model = _entries.TryGetValue(key, out Entry? entry) && entry is not null && entry.DataVersion == dataVersion && now >= entry.At
            ? entry.Model
            : null;
        return model is not null;
    }

    public void Set(string key, long dataVersion, DateTimeOffset now, QueueCounts.Model model) =>
        _entries.Set(key, new Entry(dataVersion, now, model), new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1) });

    /// <summary>Waits until no one else computes this key's counts; dispose the answer when done.</summary>
    public async Task<IDisposable> EnterAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var stripe = Stripe(key);
        await stripe.WaitAsync(cancellationToken);
        return new Turn(stripe);
    }

    /// <summary>This key's turn to compute if no one has it now; null when someone is computing it.</summary>
    public IDisposable? TryEnter(string key)
    {
        var stripe = Stripe(key);
        return stripe.Wait(0) ? new Turn(stripe) : null;
    }

    public void Dispose()
    {
        _entries.Dispose();
        foreach (var stripe in _computing)
        {
            stripe.Dispose();
        }
    }

    private SemaphoreSlim Stripe(string key) => _computing[(key.GetHashCode(StringComparison.Ordinal) & int.MaxValue) % _computing.Length];

    private sealed class Turn(SemaphoreSlim stripe) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                stripe.Release();
            }
        }
    }

    private sealed record Entry(long DataVersion, DateTimeOffset At, QueueCounts.Model Model);
}
