using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using ServiceRecovery.Web.Data;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Pages.Queue;

namespace ServiceRecovery.Web.Pages.Dashboard;

/// <summary>
/// One dashboard week's totals: every count, share within target and compensation sum comes from the week's rows of the
/// rollup (<see cref="DashboardFact"/>, decisions 0041 and 0049) — a few thousand rows for the whole chain, whatever the
/// cases per week; each median is the middle of the week's times, read by a walk along the (week, time) indexes to the
/// rank the rollup's counts give.
/// </summary>
internal sealed class WeekTotals
{
    private WeekTotals(IsoWeek week) => Week = week;

    public IsoWeek Week { get; }

    private Dictionary<int, StoreCounts> ByStore { get; init; } = [];

    private List<(int StoreId, FailureType Type, int Cases)> ByStoreType { get; init; } = [];

    private Dictionary<Severity, int> BySeverity { get; init; } = [];

    private Dictionary<Channel, int> ByChannel { get; init; } = [];

    private Dictionary<RootCause, int> RootCauses { get; init; } = [];

    private Dictionary<ServiceDimension, int> Dimensions { get; init; } = [];

    private List<CompensationGroup> Compensations { get; init; } = [];

    /// <summary>The reads that give this week's medians (<see cref="MiddleTimes.ReadAsync"/>; run with the other weeks' in one statement).</summary>
    public IReadOnlyList<MiddleTimes.Slice> Slices { get; private set; } = [];

    private IReadOnlyList<QueueStore> StoresWithOwnMedian { get; init; } = [];

    /// <summary>The medians, once <see cref="Slices"/> have been read.</summary>
    private IReadOnlyDictionary<string, List<TimeSpan>> Middles { get; set; } = new Dictionary<string, List<TimeSpan>>();

    private string Key(string part) => Week + " " + part;

    /// <summary>Hands the week its middle values, read by <see cref="MiddleTimes.ReadAsync"/> from <see cref="Slices"/>.</summary>
    public void Take(IReadOnlyDictionary<string, List<TimeSpan>> middles) => Middles = middles;

    private decimal? MedianOf(string part, Func<TimeSpan, double> unit) => Median(Middles.GetValueOrDefault(Key(part), []).Select(unit).ToList());

    private decimal? MinutesToApology => MedianOf("apology", t => t.TotalMinutes);

    private decimal? HoursToFollowUp => MedianOf("followup", t => t.TotalHours);

    /// <summary>
    /// Loads <paramref name="week"/>'s counts from the rollup: per store what the store table, the recurring list and the
    /// costs need; the kinds summed over the stores; and how many apologies and follow-ups were within their store's targets
    /// (two sums over the minute and hour buckets). Prepares the reads of its medians (<see cref="Slices"/>): the week's
    /// minutes to apology and hours to follow-up, and with <paramref name="perStore"/> each store's minutes to apology.
    /// </summary>
    public static async Task<WeekTotals> LoadAsync(AppDbContext db, DashboardScope scope, IsoWeek week, bool perStore, CancellationToken cancellationToken)
    {
        var key = DashboardRollup.WeekKey(week.Year, week.Week);
        // Always by store, even for the whole chain: the rollup's key is (week, store, kind, value).
        var storeIds = scope.InView.Select(s => s.Id).ToArray();
        var facts = db.DashboardFacts.AsNoTracking().Where(f => f.Week == key && storeIds.Contains(f.StoreId));

        var rows = await facts.Where(f => PerStoreKinds.Contains(f.Kind))
            .Select(f => new Row(f.Kind, f.Value, f.StoreId, f.Cases, f.Amount))
            .ToListAsync(cancellationToken);

        // The kinds' totals over the stores (a stream over the key's order), and how many apologies and follow-ups were
        // within their store's targets: each minute or hour bucket against its kind's target, by group of stores sharing targets.
        var marginals = await facts.Where(f => MarginalKinds.Contains(f.Kind))
            .GroupBy(f => new { f.Kind, f.Value })
            .Select(g => new Marginal(g.Key.Kind, g.Key.Value, g.Sum(f => f.Cases)))
            .ToListAsync(cancellationToken);
        var apologiesWithin = scope.InView.Count == 0 ? 0 : await facts.Where(f => DashboardRollup.ApologyKinds.Contains(f.Kind))
            .SumAsync(WithinTarget(scope.InView, DashboardRollup.ApologyKinds, (kind, targets) => DashboardRollup.MinuteOf(DashboardRollup.ApologyTarget(kind, targets))), cancellationToken);
        var followUpsWithin = scope.InView.Count == 0 ? 0 : await facts.Where(f => DashboardRollup.FollowUpKinds.Contains(f.Kind))
            .SumAsync(WithinTarget(scope.InView, DashboardRollup.FollowUpKinds, (kind, targets) => DashboardRollup.HourOf(DashboardRollup.FollowUpTarget(kind, targets))), cancellationToken);

        int Sum(IEnumerable<Row> of, DashboardFactKind kind, int? value = null) => of.Where(r => r.Kind == kind && (value is null || r.Value == value)).Sum(r => r.Cases);
        var byStore = rows.GroupBy(r => r.StoreId).ToDictionary(g => g.Key, g => new StoreCounts(
            Cases: Sum(g, DashboardFactKind.Logged),
            Open: Sum(g, DashboardFactKind.Open),
            Apologised: Sum(g, DashboardFactKind.Apologised),
            FollowedUp: Sum(g, DashboardFactKind.FollowedUp),
            Resolved: Sum(g, DashboardFactKind.Outcome),
            WonBack: Sum(g, DashboardFactKind.Outcome, (int)ResolutionOutcome.WonBack),
            Lost: Sum(g, DashboardFactKind.Outcome, (int)ResolutionOutcome.Lost)));

        Dictionary<TKey, int> Totals<TKey>(DashboardFactKind kind)
            where TKey : struct, Enum =>
            marginals.Where(m => m.Kind == kind).ToDictionary(m => (TKey)Enum.ToObject(typeof(TKey), m.Value), m => m.Cases);

        var totals = new WeekTotals(week)
        {
            ByStore = byStore,
            ByStoreType = rows.Where(r => r.Kind == DashboardFactKind.FailureType).Select(r => (r.StoreId, (FailureType)r.Value, r.Cases)).ToList(),
            BySeverity = Totals<Severity>(DashboardFactKind.Severity),
            ByChannel = Totals<Channel>(DashboardFactKind.Channel),
            RootCauses = Totals<RootCause>(DashboardFactKind.RootCause),
            Dimensions = Totals<ServiceDimension>(DashboardFactKind.Dimension),
            ApologisedWithinTarget = apologiesWithin,
            FollowedUpWithinTarget = followUpsWithin,
            Compensations = rows.Where(r => r.Kind == DashboardFactKind.Compensation).Select(r =>
            {
                var (kind, approval) = DashboardRollup.CompensationOf(r.Value);
                return new CompensationGroup(r.StoreId, kind, approval, r.Cases, r.Amount);
            }).ToList(),
            StoresWithOwnMedian = perStore && scope.InView.Count > 1 ? scope.InView : [],
        };

        // The week's medians: the middle value(s) of its times in order — the whole chain's straight from the (week, time)
        // indexes, each store's from (week, store, time): an ordered walk to the middle, no sort (MiddleTimes).
        var stores = scope.StoreFilter;
        var slices = new List<MiddleTimes.Slice>();
        slices.AddRange(MiddleTimes.Middle(totals.Key("apology"), CaseTime.Apology, week, stores, byStore.Values.Sum(c => c.Apologised)));
        slices.AddRange(MiddleTimes.Middle(totals.Key("followup"), CaseTime.FollowUp, week, stores, byStore.Values.Sum(c => c.FollowedUp)));
        foreach (var store in totals.StoresWithOwnMedian)
        {
            slices.AddRange(MiddleTimes.Middle(totals.Key(StoreKey(store.Id)), CaseTime.Apology, week, [store.Id], byStore.GetValueOrDefault(store.Id)?.Apologised ?? 0));
        }

        totals.Slices = slices;
        return totals;
    }

    /// <summary>The kinds read per store; the others are read summed over the stores that share targets.</summary>
    private static readonly DashboardFactKind[] PerStoreKinds =
    [
        DashboardFactKind.Logged, DashboardFactKind.Apologised, DashboardFactKind.FollowedUp, DashboardFactKind.Open,
        DashboardFactKind.Outcome, DashboardFactKind.FailureType, DashboardFactKind.Compensation,
    ];

    private int ApologisedWithinTarget { get; init; }

    private int FollowedUpWithinTarget { get; init; }

    /// <summary>The kinds summed over the stores in view.</summary>
    private static readonly DashboardFactKind[] MarginalKinds =
        [DashboardFactKind.Severity, DashboardFactKind.Channel, DashboardFactKind.RootCause, DashboardFactKind.Dimension];

    /// <summary>
    /// A rollup row's cases when its bucket is within its store's target for its kind, else 0, as SQL:
    /// <c>CASE WHEN (Kind = k AND Value &lt;= CASE WHEN StoreId IN (…) THEN limit … END) OR … THEN Cases ELSE 0 END</c> — stores
    /// grouped by their limit, the largest group last (the ELSE), so the IN lists stay short. A bucket b holds times up to b
    /// whole units, so "time ≤ target" is exactly "bucket ≤ target in those units".
    /// </summary>
    private static Expression<Func<DashboardFact, int>> WithinTarget(
        IReadOnlyList<QueueStore> stores, IReadOnlyList<DashboardFactKind> kinds, Func<DashboardFactKind, EffectiveTargets, int> limit)
    {
        var fact = Expression.Parameter(typeof(DashboardFact), "f");
        var storeId = Expression.Property(fact, nameof(DashboardFact.StoreId));
        Expression? within = null;
        foreach (var kind in kinds)
        {
            var groups = stores.GroupBy(s => limit(kind, s.Targets)).OrderBy(g => g.Count()).ToList();
            Expression bound = Expression.Constant(groups[^1].Key);
            for (var i = groups.Count - 2; i >= 0; i--)
            {
                var ids = groups[i].Select(s => s.Id).ToArray();
                var contains = Expression.Call(typeof(Enumerable), nameof(Enumerable.Contains), [typeof(int)], Expression.Constant(ids), storeId);
                bound = Expression.Condition(contains, Expression.Constant(groups[i].Key), bound);
            }

            var term = Expression.AndAlso(
                Expression.Equal(Expression.Property(fact, nameof(DashboardFact.Kind)), Expression.Constant(kind)),
                Expression.LessThanOrEqual(Expression.Property(fact, nameof(DashboardFact.Value)), bound));
            within = within is null ? term : Expression.OrElse(within, term);
        }

        var cases = Expression.Condition(within!, Expression.Property(fact, nameof(DashboardFact.Cases)), Expression.Constant(0));
        return Expression.Lambda<Func<DashboardFact, int>>(cases, fact);
    }

    private static string StoreKey(int storeId) => "store " + storeId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static decimal? Median(List<double> values) => values.Count switch
    {
        0 => null,
        1 => Math.Round((decimal)values[0], 1),
        _ => Math.Round((decimal)((values[0] + values[1]) / 2), 1),
    };

    /// <summary>The figures of every store in view.</summary>
    public WeeklyDashboard.WeekFigures Figures(IReadOnlyList<QueueStore> stores)
    {
        var byId = stores.ToDictionary(s => s.Id);
        var given = Compensations.Where(m => m.Approval is CompensationApproval.NotNeeded or CompensationApproval.Approved).ToList();
        var all = ByStore.Values.ToList();

        return new WeeklyDashboard.WeekFigures(
            Week,
            all.Sum(g => g.Cases),
            ByStoreType.GroupBy(r => r.Type).ToDictionary(g => g.Key, g => g.Sum(r => r.Cases)),
            BySeverity,
            ByChannel,
            ByStore.ToDictionary(s => s.Key, s => s.Value.Cases),
            all.Sum(g => g.Apologised),
            MinutesToApology,
            ApologisedWithinTarget,
            all.Sum(g => g.FollowedUp),
            HoursToFollowUp,
            FollowedUpWithinTarget,
            all.Sum(g => g.Resolved),
            all.Sum(g => g.WonBack),
            all.Sum(g => g.Lost),
            given.GroupBy(m => byId[m.StoreId].Store.Currency).ToDictionary(g => g.Key, g => g.Sum(m => m.ValueMinor)),
            given.GroupBy(m => (m.Kind, byId[m.StoreId].Store.Currency)).ToDictionary(g => g.Key, g => g.Sum(m => m.ValueMinor)),
            Compensations.Where(m => m.Approval == CompensationApproval.Pending).Sum(m => m.Count),
            all.Sum(g => g.Open),
            RootCauses,
            Dimensions,
            ByStoreType.Where(g => g.Cases >= 2)
                .OrderByDescending(r => r.Cases).ThenBy(r => r.StoreId).ThenBy(r => r.Type).ToList());
    }

    /// <summary>One store's line of the per-store table (its median is its own when more than one store is in view).</summary>
    public WeeklyDashboard.StoreRow StoreRow(QueueStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        var counts = ByStore.GetValueOrDefault(store.Id) ?? new StoreCounts(0, 0, 0, 0, 0, 0, 0);
        var cost = Compensations
            .Where(m => m.StoreId == store.Id && m.Approval is CompensationApproval.NotNeeded or CompensationApproval.Approved)
            .Sum(m => m.ValueMinor);
        return new WeeklyDashboard.StoreRow(
            store.Id, store.Name, store.Store.Currency, counts.Cases,
            WeeklyDashboard.Percent(counts.Apologised, counts.Cases),
            StoresWithOwnMedian.Any(s => s.Id == store.Id) ? MedianOf(StoreKey(store.Id), t => t.TotalMinutes) : MinutesToApology,
            WeeklyDashboard.Percent(counts.FollowedUp, counts.Cases),
            WeeklyDashboard.Percent(counts.WonBack, counts.Resolved),
            counts.Lost,
            cost,
            counts.Open);
    }

    /// <summary>One rollup row as the page reads it.</summary>
    private sealed record Row(DashboardFactKind Kind, int Value, int StoreId, int Cases, long Amount);

    /// <summary>A store's counts for the week.</summary>
    private sealed record StoreCounts(int Cases, int Open, int Apologised, int FollowedUp, int Resolved, int WonBack, int Lost);

    /// <summary>The rollup's cases of one kind and value over the stores in view.</summary>
    private sealed record Marginal(DashboardFactKind Kind, int Value, int Cases);

    private sealed record CompensationGroup(int StoreId, CompensationKind Kind, CompensationApproval Approval, int Count, long ValueMinor);
}
