using Microsoft.EntityFrameworkCore;
using ServiceRecovery.Web.Data;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Pages.Queue;

namespace ServiceRecovery.Web.Pages.Dashboard;

/// <summary>
/// One dashboard week's totals: every count, share within target and compensation sum comes from the week's rows of the
/// rollup (<see cref="DashboardFact"/>, decisions 0041 and 0049) — a few thousand rows for the whole chain, whatever the
/// cases per week; each median is located in the rollup's minute or hour buckets and read exactly from that bucket's cases.
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

    /// <summary>Median minutes to apology per store in view (filled when more than one is in view).</summary>
    private Dictionary<int, decimal?> StoreMinutesToApology { get; init; } = [];

    private decimal? MinutesToApology { get; init; }

    private decimal? HoursToFollowUp { get; init; }

    /// <summary>
    /// Loads <paramref name="week"/>'s totals: one read of the week's rollup rows (of the stores in view), then one
    /// statement for the medians — the week's minutes to apology and hours to follow-up, and with <paramref name="perStore"/>
    /// each store's minutes to apology — each read from only the bucket of cases that holds its middle value(s).
    /// </summary>
    public static async Task<WeekTotals> LoadAsync(AppDbContext db, DashboardScope scope, IsoWeek week, bool perStore, CancellationToken cancellationToken)
    {
        var key = DashboardRollup.WeekKey(week.Year, week.Week);
        var query = db.DashboardFacts.AsNoTracking().Where(f => f.Week == key);
        if (!scope.AllStores)
        {
            var storeIds = scope.InView.Select(s => s.Id).ToArray();
            query = query.Where(f => storeIds.Contains(f.StoreId));
        }

        var inView = scope.InView.ToDictionary(s => s.Id);
        var rows = (await query.Select(f => new Row(f.Kind, f.Value, f.StoreId, f.Cases, f.Amount)).ToListAsync(cancellationToken))
            .Where(r => inView.ContainsKey(r.StoreId)).ToList();

        var byStore = new Dictionary<int, StoreCounts>();
        foreach (var group in rows.GroupBy(r => r.StoreId))
        {
            var targets = inView[group.Key].Targets;
            int Count(Func<Row, bool> which) => group.Where(which).Sum(r => r.Cases);
            byStore[group.Key] = new StoreCounts(
                Cases: Count(r => r.Kind == DashboardFactKind.FailureType),
                Open: Count(r => r.Kind == DashboardFactKind.Open),
                Apologised: Count(r => IsApology(r.Kind)),
                ApologisedWithinTarget: Count(r => IsApology(r.Kind) && DashboardRollup.ApologyWithin(r.Kind, r.Value, targets)),
                FollowedUp: Count(r => IsFollowUp(r.Kind)),
                FollowedUpWithinTarget: Count(r => IsFollowUp(r.Kind) && DashboardRollup.FollowUpWithin(r.Kind, r.Value, targets)),
                Resolved: Count(r => r.Kind == DashboardFactKind.Outcome),
                WonBack: Count(r => r.Kind == DashboardFactKind.Outcome && r.Value == (int)ResolutionOutcome.WonBack),
                Lost: Count(r => r.Kind == DashboardFactKind.Outcome && r.Value == (int)ResolutionOutcome.Lost));
        }

        Dictionary<TKey, int> Totals<TKey>(DashboardFactKind kind)
            where TKey : struct, Enum =>
            rows.Where(r => r.Kind == kind).GroupBy(r => r.Value).ToDictionary(g => (TKey)Enum.ToObject(typeof(TKey), g.Key), g => g.Sum(r => r.Cases));

        // The medians in one statement (a UNION ALL of range queries each returning its middle one or two values, decision
        // 0034): the buckets' counts say which bucket holds the middle rank(s), so only that bucket's cases are read and sorted.
        var storesWithOwnMedian = perStore && scope.InView.Count > 1 ? scope.InView : [];
        var cases = scope.CasesByWeek(db, week);
        var slices = new List<Slice>();
        slices.AddRange(MedianSlices("apology", cases, Histogram(rows, IsApology), InMinuteBucket));
        foreach (var store in storesWithOwnMedian)
        {
            slices.AddRange(MedianSlices(StoreKey(store.Id), DashboardScope.CasesByWeek(db, week, store), Histogram(rows.Where(r => r.StoreId == store.Id), IsApology), InMinuteBucket));
        }

        slices.AddRange(MedianSlices("followup", cases, Histogram(rows, IsFollowUp), InHourBucket));
        var values = await SlicesAsync(slices, cancellationToken);
        decimal? MedianOf(string key, Func<TimeSpan, double> unit) => Median(values.GetValueOrDefault(key, []).Select(unit).ToList());

        return new WeekTotals(week)
        {
            ByStore = byStore,
            ByStoreType = rows.Where(r => r.Kind == DashboardFactKind.FailureType).Select(r => (r.StoreId, (FailureType)r.Value, r.Cases)).ToList(),
            BySeverity = Totals<Severity>(DashboardFactKind.Severity),
            ByChannel = Totals<Channel>(DashboardFactKind.Channel),
            RootCauses = Totals<RootCause>(DashboardFactKind.RootCause),
            Dimensions = Totals<ServiceDimension>(DashboardFactKind.Dimension),
            Compensations = rows.Where(r => r.Kind == DashboardFactKind.Compensation).Select(r =>
            {
                var (kind, approval) = DashboardRollup.CompensationOf(r.Value);
                return new CompensationGroup(r.StoreId, kind, approval, r.Cases, r.Amount);
            }).ToList(),
            StoreMinutesToApology = storesWithOwnMedian.ToDictionary(s => s.Id, s => MedianOf(StoreKey(s.Id), t => t.TotalMinutes)),
            MinutesToApology = MedianOf("apology", t => t.TotalMinutes),
            HoursToFollowUp = MedianOf("followup", t => t.TotalHours),
        };
    }

    public static bool IsApology(DashboardFactKind kind) => DashboardRollup.ApologyKinds.Contains(kind);

    private static bool IsFollowUp(DashboardFactKind kind) => DashboardRollup.FollowUpKinds.Contains(kind);

    /// <summary>The rows' cases per bucket (their <see cref="DashboardFact.Value"/>) over the stores and the given kinds, in bucket order.</summary>
    private static List<(int Bucket, int Cases)> Histogram(IEnumerable<Row> rows, Func<DashboardFactKind, bool> kinds) =>
        rows.Where(r => kinds(r.Kind)).GroupBy(r => r.Value).OrderBy(g => g.Key).Select(g => (g.Key, g.Sum(r => r.Cases))).ToList();

    private static string StoreKey(int storeId) => "store " + storeId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Reads a few ordered values in one statement: each slice is an <c>ORDER BY … LIMIT take OFFSET skip</c> subquery over
    /// its own (range-limited) values, joined by UNION ALL and tagged with its part; the values come back per key, in order.
    /// </summary>
    public static async Task<Dictionary<string, List<TimeSpan>>> SlicesAsync(IReadOnlyList<Slice> slices, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(slices);
        IQueryable<Middle>? all = null;
        for (var i = 0; i < slices.Count; i++)
        {
            var part = i;
            var middle = slices[i].Values.OrderBy(d => d).Skip(slices[i].Skip).Take(slices[i].Take)
                .Select(d => new Middle { Part = part, Value = d });
            all = all is null ? middle : all.Concat(middle);
        }

        var rows = all is null ? [] : await all.ToListAsync(cancellationToken);
        var values = new Dictionary<string, List<TimeSpan>>();
        for (var i = 0; i < slices.Count; i++)
        {
            var mine = rows.Where(r => r.Part == i).Select(r => r.Value!.Value).Order();
            values[slices[i].Key] = [.. values.GetValueOrDefault(slices[i].Key, []), .. mine];
        }

        return values;
    }

    /// <summary>
    /// The reads that give one median from a histogram of its values: for the middle rank(s) (n−1)/2 and n/2, the bucket
    /// that holds it and its offset there; each becomes an ORDER BY … LIMIT/OFFSET over only that bucket's values
    /// (<paramref name="inBucket"/>: the cases' values in one bucket).
    /// </summary>
    public static List<Slice> MedianSlices(
        string key, IQueryable<RecoveryCase> cases, List<(int Bucket, int Cases)> histogram, Func<IQueryable<RecoveryCase>, int, IQueryable<TimeSpan?>> inBucket)
    {
        var count = histogram.Sum(b => b.Cases);
        if (count == 0)
        {
            return [];
        }

        (int Bucket, int Offset) Locate(int rank)
        {
            var below = 0;
            foreach (var (bucket, count) in histogram)
            {
                if (rank < below + count)
                {
                    return (bucket, rank - below);
                }

                below += count;
            }

            throw new InvalidOperationException("A rank beyond the histogram.");
        }

        var low = Locate((count - 1) / 2);
        var high = Locate(count / 2);
        return low.Bucket == high.Bucket
            ? [new Slice(key, inBucket(cases, low.Bucket), low.Offset, high.Offset - low.Offset + 1)]
            : [new Slice(key, inBucket(cases, low.Bucket), low.Offset, 1), new Slice(key, inBucket(cases, high.Bucket), high.Offset, 1)];
    }

    /// <summary>The times to apology of <paramref name="cases"/> in one bucket of <see cref="DashboardRollup.MinuteOf"/>.</summary>
    public static IQueryable<TimeSpan?> InMinuteBucket(IQueryable<RecoveryCase> cases, int minute)
    {
        TimeSpan? upper = TimeSpan.FromMinutes(minute);
        if (minute == 0)
        {
            return cases.Where(c => c.TimeToApology != null && c.TimeToApology <= upper).Select(c => c.TimeToApology);
        }

        TimeSpan? lower = TimeSpan.FromMinutes(minute - 1);
        return cases.Where(c => c.TimeToApology > lower && c.TimeToApology <= upper).Select(c => c.TimeToApology);
    }

    /// <summary>The times to follow-up of <paramref name="cases"/> in one bucket of <see cref="DashboardRollup.HourOf"/>.</summary>
    private static IQueryable<TimeSpan?> InHourBucket(IQueryable<RecoveryCase> cases, int hour)
    {
        TimeSpan? upper = TimeSpan.FromHours(hour);
        if (hour == 0)
        {
            return cases.Where(c => c.TimeToFollowUp != null && c.TimeToFollowUp <= upper).Select(c => c.TimeToFollowUp);
        }

        TimeSpan? lower = TimeSpan.FromHours(hour - 1);
        return cases.Where(c => c.TimeToFollowUp > lower && c.TimeToFollowUp <= upper).Select(c => c.TimeToFollowUp);
    }

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
            all.Sum(g => g.ApologisedWithinTarget),
            all.Sum(g => g.FollowedUp),
            HoursToFollowUp,
            all.Sum(g => g.FollowedUpWithinTarget),
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
        var counts = ByStore.GetValueOrDefault(store.Id) ?? new StoreCounts(0, 0, 0, 0, 0, 0, 0, 0, 0);
        var cost = Compensations
            .Where(m => m.StoreId == store.Id && m.Approval is CompensationApproval.NotNeeded or CompensationApproval.Approved)
            .Sum(m => m.ValueMinor);
        return new WeeklyDashboard.StoreRow(
            store.Id, store.Name, store.Store.Currency, counts.Cases,
            WeeklyDashboard.Percent(counts.Apologised, counts.Cases),
            StoreMinutesToApology.TryGetValue(store.Id, out var median) ? median : MinutesToApology,
            WeeklyDashboard.Percent(counts.FollowedUp, counts.Cases),
            WeeklyDashboard.Percent(counts.WonBack, counts.Resolved),
            counts.Lost,
            cost,
            counts.Open);
    }

    /// <summary>One rollup row as the page reads it.</summary>
    private sealed record Row(DashboardFactKind Kind, int Value, int StoreId, int Cases, long Amount);

    /// <summary>A store's counts for the week; "within target" against the store's targets in force now.</summary>
    private sealed record StoreCounts(
        int Cases, int Open, int Apologised, int ApologisedWithinTarget, int FollowedUp, int FollowedUpWithinTarget, int Resolved, int WonBack, int Lost);

    /// <summary>Up to <paramref name="Take"/> of <paramref name="Values"/> in order, after the first <paramref name="Skip"/>, filed under <paramref name="Key"/>.</summary>
    public sealed record Slice(string Key, IQueryable<TimeSpan?> Values, int Skip, int Take);

    /// <summary>One value of one part of <see cref="SlicesAsync"/>.</summary>
    private sealed class Middle
    {
        public int Part { get; init; }

        public TimeSpan? Value { get; init; }
    }

    private sealed record CompensationGroup(int StoreId, CompensationKind Kind, CompensationApproval Approval, int Count, long ValueMinor);
}
