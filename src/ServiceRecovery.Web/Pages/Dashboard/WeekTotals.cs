using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using ServiceRecovery.Web.Data;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Pages.Queue;

namespace ServiceRecovery.Web.Pages.Dashboard;

/// <summary>
/// What SQL returns for one dashboard week: counts and shares within target grouped per store and kind, compensation sums,
/// and the medians — every one computed by the database over the (StoreId, LoggedAt) range of <c>IX_Cases_Dashboard</c>;
/// nothing but grouped rows and the one or two middle values of each median reach the app (decision 0024).
/// </summary>
internal sealed class WeekTotals
{
    private WeekTotals(IsoWeek week) => Week = week;

    public IsoWeek Week { get; }

    private List<StoreTypeGroup> ByStoreType { get; init; } = [];

    private List<KindGroup> ByKind { get; init; } = [];

    private List<CompensationGroup> Compensations { get; init; } = [];

    /// <summary>Median minutes to apology per store in view (filled when more than one is in view).</summary>
    private Dictionary<int, decimal?> StoreMinutesToApology { get; init; } = [];

    private decimal? MinutesToApology { get; init; }

    private decimal? HoursToFollowUp { get; init; }

    /// <summary>
    /// Loads <paramref name="week"/>'s totals in a few range scans, each returning only grouped rows: per store and failure
    /// type (counts, rates, shares within target, outcomes), per severity/channel/root cause/dimension, compensations per
    /// store/kind/approval, and the medians; with <paramref name="perStore"/> also each store's median minutes to apology.
    /// </summary>
    public static async Task<WeekTotals> LoadAsync(AppDbContext db, DashboardScope scope, IsoWeek week, bool perStore, CancellationToken cancellationToken)
    {
        var cases = scope.Cases(db, week);
        // Each case against its own apology target (RecoveryCase.ApologyTarget): a card complaint's apology comes with the
        // contact, so it is within target when it came within the follow-up target (decision 0047).
        var followUpTarget = (Limit: (Func<EffectiveTargets, TimeSpan>)(t => RecoveryCase.FollowUpTarget(Severity.Minor, t)),
            MajorLimit: (Func<EffectiveTargets, TimeSpan>)(t => RecoveryCase.FollowUpTarget(Severity.Major, t)));
        var apologyWithin = scope.WithinTarget(nameof(RecoveryCase.TimeToApology), t => TimeSpan.FromMinutes(t.MinutesToApology), t => TimeSpan.FromMinutes(t.MinutesToApology),
            atContact: followUpTarget);
        var followUpWithin = scope.WithinTarget(nameof(RecoveryCase.TimeToFollowUp), followUpTarget.Limit, followUpTarget.MajorLimit);
        var byStoreType = await cases
            .GroupBy(c => new StoreTypeKey { StoreId = c.StoreId, FailureType = c.FailureType })
            .Select(Grouped(apologyWithin, followUpWithin))
            .ToListAsync(cancellationToken);
        var byKind = await cases
            .GroupBy(c => new { c.Severity, c.Channel, c.ResolvedRootCause, c.ResolvedDimension })
            .Select(g => new KindGroup(g.Key.Severity, g.Key.Channel, g.Key.ResolvedRootCause, g.Key.ResolvedDimension, g.Count()))
            .ToListAsync(cancellationToken);
        var compensations = await cases
            .SelectMany(c => c.Compensations, (c, m) => new { c.StoreId, m.Kind, m.Approval, m.ValueMinor })
            .GroupBy(m => new { m.StoreId, m.Kind, m.Approval })
            .Select(g => new CompensationGroup(g.Key.StoreId, g.Key.Kind, g.Key.Approval, g.Count(), g.Sum(m => m.ValueMinor)))
            .ToListAsync(cancellationToken);

        // The week's medians in one statement (a UNION ALL of range queries each returning its middle one or two values,
        // decision 0034). Minutes to apology — the week's and, with perStore, each store's — start from the rollup's minute
        // histogram (decision 0041): only the middle values' bucket of cases is read and sorted. Hours to follow-up (not in
        // the rollup) is still an ORDER BY … OFFSET over the week's follow-ups.
        var storesWithOwnMedian = perStore && scope.InView.Count > 1 ? scope.InView : [];
        var histograms = await ApologyMinutesAsync(db, scope, week, cancellationToken);
        var slices = new List<Slice>();
        slices.AddRange(MedianSlices("apology", cases, Merge(scope.InView.Select(s => histograms.GetValueOrDefault(s.Id, [])))));
        foreach (var store in storesWithOwnMedian)
        {
            slices.AddRange(MedianSlices(StoreKey(store.Id), DashboardScope.Cases(db, week, store), histograms.GetValueOrDefault(store.Id, [])));
        }

        var followedUp = byStoreType.Sum(g => g.FollowedUp);
        if (followedUp > 0)
        {
            slices.Add(new Slice("followup", cases.Select(c => c.TimeToFollowUp).Where(d => d != null), (followedUp - 1) / 2, followedUp % 2 == 1 ? 1 : 2));
        }

        var values = await SlicesAsync(slices, cancellationToken);
        decimal? MedianOf(string key, Func<TimeSpan, double> unit) => Median(values.GetValueOrDefault(key, []).Select(unit).ToList());

        return new WeekTotals(week)
        {
            ByStoreType = byStoreType,
            ByKind = byKind,
            Compensations = compensations,
            StoreMinutesToApology = storesWithOwnMedian.ToDictionary(s => s.Id, s => MedianOf(StoreKey(s.Id), t => t.TotalMinutes)),
            MinutesToApology = MedianOf("apology", t => t.TotalMinutes),
            HoursToFollowUp = MedianOf("followup", t => t.TotalHours),
        };
    }

    /// <summary>Each store's minute histogram of time to apology in <paramref name="week"/>, from the rollup (a few hundred rows at most).</summary>
    private static async Task<Dictionary<int, List<(int Minute, int Cases)>>> ApologyMinutesAsync(
        AppDbContext db, DashboardScope scope, IsoWeek week, CancellationToken cancellationToken)
    {
        var key = DashboardRollup.WeekKey(week.Year, week.Week);
        var rows = db.DashboardWeeks.AsNoTracking().Where(r => r.Week == key && r.ApologyMinute != DashboardRollup.NoApology);
        if (!scope.AllStores)
        {
            var storeIds = scope.InView.Select(s => s.Id).ToArray();
            rows = rows.Where(r => storeIds.Contains(r.StoreId));
        }

        return (await rows.Select(r => new { r.StoreId, r.ApologyMinute, r.Cases }).ToListAsync(cancellationToken))
            .GroupBy(r => r.StoreId)
            .ToDictionary(g => g.Key, g => g.OrderBy(r => r.ApologyMinute).Select(r => (r.ApologyMinute, r.Cases)).ToList());
    }

    private static List<(int Minute, int Cases)> Merge(IEnumerable<List<(int Minute, int Cases)>> histograms) =>
        histograms.SelectMany(h => h).GroupBy(b => b.Minute).OrderBy(g => g.Key).Select(g => (g.Key, g.Sum(b => b.Cases))).ToList();

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
    /// The reads that give one median from a minute histogram of its values: for the middle rank(s) (n−1)/2 and n/2, the
    /// bucket that holds it and its offset there; each becomes an ORDER BY … LIMIT/OFFSET over only that bucket's values.
    /// </summary>
    public static List<Slice> MedianSlices(string key, IQueryable<RecoveryCase> cases, List<(int Minute, int Cases)> histogram)
    {
        var count = histogram.Sum(b => b.Cases);
        if (count == 0)
        {
            return [];
        }

        (int Minute, int Offset) Locate(int rank)
        {
            var below = 0;
            foreach (var (minute, inBucket) in histogram)
            {
                if (rank < below + inBucket)
                {
                    return (minute, rank - below);
                }

                below += inBucket;
            }

            throw new InvalidOperationException("A rank beyond the histogram.");
        }

        var low = Locate((count - 1) / 2);
        var high = Locate(count / 2);
        return low.Minute == high.Minute
            ? [new Slice(key, InBucket(cases, low.Minute), low.Offset, high.Offset - low.Offset + 1)]
            : [new Slice(key, InBucket(cases, low.Minute), low.Offset, 1), new Slice(key, InBucket(cases, high.Minute), high.Offset, 1)];
    }

    /// <summary>The times to apology of <paramref name="cases"/> in one bucket of <see cref="DashboardRollup.MinuteOf"/>.</summary>
    private static IQueryable<TimeSpan?> InBucket(IQueryable<RecoveryCase> cases, int minute)
    {
        TimeSpan? upper = TimeSpan.FromMinutes(minute);
        if (minute == 0)
        {
            return cases.Where(c => c.TimeToApology != null && c.TimeToApology <= upper).Select(c => c.TimeToApology);
        }

        TimeSpan? lower = TimeSpan.FromMinutes(minute - 1);
        return cases.Where(c => c.TimeToApology > lower && c.TimeToApology <= upper).Select(c => c.TimeToApology);
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
        var resolved = ByKind.Where(k => k.RootCause is not null).ToList();

        return new WeeklyDashboard.WeekFigures(
            Week,
            ByStoreType.Sum(g => g.Cases),
            Sum(ByStoreType, g => g.FailureType, g => g.Cases),
            Sum(ByKind, k => k.Severity, k => k.Cases),
            Sum(ByKind, k => k.Channel, k => k.Cases),
            Sum(ByStoreType, g => g.StoreId, g => g.Cases),
            ByStoreType.Sum(g => g.Apologised),
            MinutesToApology,
            ByStoreType.Sum(g => g.ApologisedWithinTarget),
            ByStoreType.Sum(g => g.FollowedUp),
            HoursToFollowUp,
            ByStoreType.Sum(g => g.FollowedUpWithinTarget),
            ByStoreType.Sum(g => g.Resolved),
            ByStoreType.Sum(g => g.WonBack),
            ByStoreType.Sum(g => g.Lost),
            given.GroupBy(m => byId[m.StoreId].Store.Currency).ToDictionary(g => g.Key, g => g.Sum(m => m.ValueMinor)),
            given.GroupBy(m => (m.Kind, byId[m.StoreId].Store.Currency)).ToDictionary(g => g.Key, g => g.Sum(m => m.ValueMinor)),
            Compensations.Where(m => m.Approval == CompensationApproval.Pending).Sum(m => m.Count),
            ByStoreType.Sum(g => g.Open),
            Sum(resolved, k => k.RootCause!.Value, k => k.Cases),
            Sum(resolved, k => k.Dimension!.Value, k => k.Cases),
            ByStoreType.Where(g => g.Cases >= 2).Select(g => (g.StoreId, g.FailureType, g.Cases))
                .OrderByDescending(r => r.Cases).ThenBy(r => r.StoreId).ThenBy(r => r.FailureType).ToList());
    }

    /// <summary>One store's line of the per-store table (its median is its own when more than one store is in view).</summary>
    public WeeklyDashboard.StoreRow StoreRow(QueueStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        var groups = ByStoreType.Where(g => g.StoreId == store.Id).ToList();
        var failures = groups.Sum(g => g.Cases);
        var cost = Compensations
            .Where(m => m.StoreId == store.Id && m.Approval is CompensationApproval.NotNeeded or CompensationApproval.Approved)
            .Sum(m => m.ValueMinor);
        return new WeeklyDashboard.StoreRow(
            store.Id, store.Name, store.Store.Currency, failures,
            WeeklyDashboard.Percent(groups.Sum(g => g.Apologised), failures),
            StoreMinutesToApology.TryGetValue(store.Id, out var median) ? median : MinutesToApology,
            WeeklyDashboard.Percent(groups.Sum(g => g.FollowedUp), failures),
            WeeklyDashboard.Percent(groups.Sum(g => g.WonBack), groups.Sum(g => g.Resolved)),
            groups.Sum(g => g.Lost),
            cost,
            groups.Sum(g => g.Open));
    }

    private static Dictionary<TKey, int> Sum<T, TKey>(IEnumerable<T> rows, Func<T, TKey> key, Func<T, int> count)
        where TKey : notnull =>
        rows.GroupBy(key).ToDictionary(g => g.Key, g => g.Sum(count));

    /// <summary>
    /// The per store and type GROUP BY's select, built as an expression because "within target" is a SQL CASE over each
    /// store's own target (<see cref="DashboardScope.WithinTarget"/>): COUNT(*), SUM(open), COUNT(apologised), SUM(within target), ….
    /// </summary>
    private static Expression<Func<IGrouping<StoreTypeKey, RecoveryCase>, StoreTypeGroup>> Grouped(
        Expression<Func<RecoveryCase, int>> apologyWithin, Expression<Func<RecoveryCase, int>> followUpWithin)
    {
        Expression<Func<IGrouping<StoreTypeKey, RecoveryCase>, StoreTypeGroup>> template = g => new StoreTypeGroup(
            g.Key.StoreId, g.Key.FailureType, g.Count(), g.Sum(c => c.IsOpen ? 1 : 0),
            g.Sum(c => c.TimeToApology != null ? 1 : 0), g.Sum(c => 0),
            g.Sum(c => c.TimeToFollowUp != null ? 1 : 0), g.Sum(c => 1),
            g.Sum(c => c.ResolvedOutcome != null ? 1 : 0),
            g.Sum(c => c.ResolvedOutcome == ResolutionOutcome.WonBack ? 1 : 0),
            g.Sum(c => c.ResolvedOutcome == ResolutionOutcome.Lost ? 1 : 0));
        return (Expression<Func<IGrouping<StoreTypeKey, RecoveryCase>, StoreTypeGroup>>)new SubstituteWithin(apologyWithin, followUpWithin).Visit(template);
    }

    /// <summary>Puts the within-target expressions in place of the template's <c>g.Sum(c => 0)</c> and <c>g.Sum(c => 1)</c>.</summary>
    private sealed class SubstituteWithin(Expression<Func<RecoveryCase, int>> apology, Expression<Func<RecoveryCase, int>> followUp) : ExpressionVisitor
    {
        protected override Expression VisitLambda<T>(Expression<T> node) =>
            node.Parameters.Count == 1 && node.Parameters[0].Type == typeof(RecoveryCase) && node.Body is ConstantExpression { Value: int marker }
                ? marker == 0 ? apology : followUp
                : base.VisitLambda(node);
    }

    private sealed class StoreTypeKey
    {
        public int StoreId { get; init; }

        public FailureType FailureType { get; init; }
    }

    private sealed record StoreTypeGroup(
        int StoreId, FailureType FailureType, int Cases, int Open, int Apologised, int ApologisedWithinTarget, int FollowedUp, int FollowedUpWithinTarget,
        int Resolved, int WonBack, int Lost);

    private sealed record KindGroup(Severity Severity, Channel Channel, RootCause? RootCause, ServiceDimension? Dimension, int Cases);

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
