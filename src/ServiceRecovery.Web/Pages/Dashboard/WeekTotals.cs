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

    private int ApologisedWithinTarget { get; init; }

    private int FollowedUpWithinTarget { get; init; }

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
    /// <paramref name="week"/>'s counts from the rollup rows the page read (<see cref="PageFacts"/>): per store what the
    /// store table, the recurring list and the costs need; the kinds summed over the stores; and how many apologies and
    /// follow-ups were within their store's targets. Prepares the reads of its medians (<see cref="Slices"/>): the week's
    /// minutes to apology and hours to follow-up, and with <paramref name="perStore"/> each store's minutes to apology.
    /// </summary>
    public static WeekTotals From(PageFacts facts, DashboardScope scope, IsoWeek week, bool perStore)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(scope);
        var rows = facts.PerStore(week);
        var marginals = facts.Marginal(week);

        var byStore = rows.GroupBy(r => r.StoreId).ToDictionary(g => g.Key, g => new StoreCounts(
            Cases: PageFacts.Sum(g, DashboardFactKind.Logged),
            Open: PageFacts.Sum(g, DashboardFactKind.Open),
            Apologised: PageFacts.Sum(g, DashboardFactKind.Apologised),
            FollowedUp: PageFacts.Sum(g, DashboardFactKind.FollowedUp),
            Resolved: PageFacts.Sum(g, DashboardFactKind.Outcome),
            WonBack: PageFacts.Sum(g, DashboardFactKind.Outcome, (int)ResolutionOutcome.WonBack),
            Lost: PageFacts.Sum(g, DashboardFactKind.Outcome, (int)ResolutionOutcome.Lost)));

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
            ApologisedWithinTarget = facts.ApologiesWithinTarget(week),
            FollowedUpWithinTarget = facts.FollowUpsWithinTarget(week),
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

    /// <summary>A store's counts for the week.</summary>
    private sealed record StoreCounts(int Cases, int Open, int Apologised, int FollowedUp, int Resolved, int WonBack, int Lost);

    private sealed record CompensationGroup(int StoreId, CompensationKind Kind, CompensationApproval Approval, int Count, long ValueMinor);
}
