using System.Linq.Expressions;
using MediatR;
using Microsoft.EntityFrameworkCore;
using ServiceRecovery.Web.Data;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Infrastructure.Auth;
using ServiceRecovery.Web.Pages.Queue;

namespace ServiceRecovery.Web.Pages.Dashboard;

/// <summary>
/// Every figure of the owner's weekly dashboard, computed in one place. A week's figures are about the cases
/// <em>logged</em> that week (a cohort): how fast they got their apology and follow-up, how many are resolved and how,
/// what they cost, how many are still open. Counting happens in SQL (GROUP BY over the week's range of the
/// (StoreId, LoggedAt) index); the medians read only the week's apology and follow-up times as a small projected
/// list (a few hundred rows per store and week), because a portable median in SQL needs a window function or an
/// ORDER BY/OFFSET per group, and the list also gives the share within each store's own target.
/// </summary>
public static class WeeklyDashboard
{
    public const int TrendWeeks = 12;

    public enum SortBy
    {
        Store = 1,
        Failures = 2,
        ApologyRate = 3,
        MinutesToApology = 4,
        FollowUpRate = 5,
        WonBack = 6,
        Open = 7,
    }

    [RequiresRole(Roles.Manager, Roles.Owner)]
    public sealed record Query(IsoWeek? Week = null, int? Store = null, SortBy Sort = SortBy.Failures, bool Descending = true) : IRequest<Model>;

    public sealed record Model(
        IsoWeek Week,
        IsoWeek LastComplete,
        IsoWeek Current,
        IReadOnlyList<QueueStore> Stores,
        int? Store,
        WeekFigures ThisWeek,
        WeekFigures PreviousWeek,
        IReadOnlyList<Kpi> Kpis,
        IReadOnlyList<TrendPoint> Trend,
        IReadOnlyList<StoreRow> StoreRows)
    {
        public bool IsPartial => Week >= Current;
    }

    /// <summary>One line of the KPI table: this week, the week before, and the change (null when there is nothing to compare).</summary>
    public sealed record Kpi(string Key, string Name, decimal? ThisWeek, decimal? PreviousWeek, string Unit, string? Currency = null)
    {
        public decimal? Change => ThisWeek is { } now && PreviousWeek is { } before ? now - before : null;
    }

    public sealed record Count(string Key, int ThisWeek, int PreviousWeek);

    public sealed record MoneyCount(string Key, string Currency, long ThisWeekMinor, long PreviousWeekMinor);

    public sealed record Recurring(string StoreName, FailureType Type, int Cases);

    public sealed record TrendPoint(IsoWeek Week, int Failures, decimal? WonBackPercent, decimal? MedianMinutesToApology);

    public sealed record StoreRow(
        int StoreId, string Name, string Currency, int Failures, decimal? ApologyPercent, decimal? MedianMinutesToApology,
        decimal? FollowUpPercent, decimal? WonBackPercent, int Lost, long CostMinor, int StillOpen);

    /// <summary>A week's figures for the stores in view.</summary>
    public sealed record WeekFigures(
        IsoWeek Week,
        int Failures,
        IReadOnlyDictionary<FailureType, int> ByType,
        IReadOnlyDictionary<Severity, int> BySeverity,
        IReadOnlyDictionary<Channel, int> ByChannel,
        IReadOnlyDictionary<int, int> ByStore,
        int Apologised,
        decimal? MedianMinutesToApology,
        int ApologisedWithinTarget,
        int FollowedUp,
        decimal? MedianHoursToFollowUp,
        int FollowedUpWithinTarget,
        int Resolved,
        int WonBack,
        int Lost,
        IReadOnlyDictionary<string, long> CostMinor,
        IReadOnlyDictionary<(CompensationKind Kind, string Currency), long> CostByKindMinor,
        int PendingApprovals,
        int StillOpen,
        IReadOnlyDictionary<RootCause, int> RootCauses,
        IReadOnlyDictionary<ServiceDimension, int> Dimensions,
        IReadOnlyList<(int StoreId, FailureType Type, int Cases)> Recurring)
    {
        public decimal? ApologyPercent => Percent(Apologised, Failures);

        public decimal? ApologyWithinTargetPercent => Percent(ApologisedWithinTarget, Failures);

        public decimal? FollowUpPercent => Percent(FollowedUp, Failures);

        public decimal? FollowUpWithinTargetPercent => Percent(FollowedUpWithinTarget, Failures);

        /// <summary>The headline: resolved cases whose customer left satisfied or delighted, of all resolved cases.</summary>
        public decimal? WonBackPercent => Percent(WonBack, Resolved);

        /// <summary>Cost per case logged, in minor units of each currency (cases of stores with that currency).</summary>
        public decimal? AverageCostMinor(string currency, IReadOnlyList<QueueStore> stores)
        {
            ArgumentNullException.ThrowIfNull(stores);
            var cases = stores.Where(s => s.Store.Currency == currency).Sum(s => ByStore.GetValueOrDefault(s.Id));
            return cases == 0 ? null : Math.Round(CostMinor.GetValueOrDefault(currency) / (decimal)cases, 1);
        }
    }

    public static decimal? Percent(int part, int whole) => whole == 0 ? null : Math.Round(100m * part / whole, 1);

    internal sealed class Handler(AppDbContext db, IStoreAccess access, TimeProvider clock) : IRequestHandler<Query, Model>
    {
        public async Task<Model> Handle(Query request, CancellationToken cancellationToken)
        {
            var scope = await DashboardScope.ResolveAsync(db, access, clock, request.Week, request.Store, cancellationToken);
            var week = scope.Week;

            var thisRaw = await WeekRaw.LoadAsync(db, scope, week, withMoney: true, cancellationToken);
            var previousRaw = await WeekRaw.LoadAsync(db, scope, week.Previous, withMoney: true, cancellationToken);
            var thisWeek = thisRaw.Figures(scope.InView, _ => true);
            var previousWeek = previousRaw.Figures(scope.InView, _ => true);

            var trend = await TrendAsync(db, scope, week, thisWeek, previousWeek, cancellationToken);
            var storeRows = scope.InView.Select(s => StoreRowOf(s, thisRaw.Figures(scope.InView, id => id == s.Id))).ToList();
            return new Model(
                week, scope.LastComplete, scope.Current, scope.Visible, request.Store, thisWeek, previousWeek,
                Kpis(thisWeek, previousWeek, scope.InView), trend, Sorted(storeRows, request.Sort, request.Descending));
        }

        /// <summary>
        /// The 12-week trend: the chosen and previous weeks are already computed; the ten before come from one GROUP BY over
        /// the stored facts (week bucket, standing outcome) and one projected list of apology times for the medians.
        /// </summary>
        private static async Task<List<TrendPoint>> TrendAsync(
            AppDbContext context, DashboardScope scope, IsoWeek week, WeekFigures thisWeek, WeekFigures previousWeek, CancellationToken cancellationToken)
        {
            const int older = TrendWeeks - 2;
            var first = week;
            for (var i = 0; i < TrendWeeks - 1; i++)
            {
                first = first.Previous;
            }

            var weeks = new List<IsoWeek>();
            for (var (w, i) = (first, 0); i < older; i++, w = w.Next)
            {
                weeks.Add(w);
            }

            var index = scope.WeekIndex(first, older);
            var parameter = index.Parameters[0];
            var project = Expression.Lambda<Func<RecoveryCase, TrendCase>>(
                Expression.MemberInit(
                    Expression.New(typeof(TrendCase)),
                    Expression.Bind(typeof(TrendCase).GetProperty(nameof(TrendCase.Week))!, index.Body),
                    Expression.Bind(typeof(TrendCase).GetProperty(nameof(TrendCase.Outcome))!, Expression.Property(parameter, nameof(RecoveryCase.ResolvedOutcome))),
                    Expression.Bind(typeof(TrendCase).GetProperty(nameof(TrendCase.LoggedAt))!, Expression.Property(parameter, nameof(RecoveryCase.LoggedAt))),
                    Expression.Bind(typeof(TrendCase).GetProperty(nameof(TrendCase.ApologisedAt))!, Expression.Property(parameter, nameof(RecoveryCase.ApologisedAt)))),
                parameter);
            var rows = context.Cases.AsNoTracking().Where(scope.LoggedIn(first, older)).Select(project);
            var counts = await rows
                .GroupBy(t => new { t.Week, t.Outcome })
                .Select(g => new { g.Key.Week, g.Key.Outcome, Cases = g.Count() })
                .ToListAsync(cancellationToken);
            var apologies = await rows
                .Where(t => t.ApologisedAt != null)
                .Select(t => new { t.Week, t.LoggedAt, t.ApologisedAt })
                .ToListAsync(cancellationToken);

            var trend = weeks.Select((w, i) =>
            {
                var inWeek = counts.Where(c => c.Week == i).ToList();
                var resolved = inWeek.Where(c => c.Outcome != null).Sum(c => c.Cases);
                var wonBack = inWeek.Where(c => c.Outcome == ResolutionOutcome.WonBack).Sum(c => c.Cases);
                var minutes = apologies.Where(a => a.Week == i).Select(a => (a.ApologisedAt!.Value - a.LoggedAt).TotalMinutes);
                return new TrendPoint(w, inWeek.Sum(c => c.Cases), Percent(wonBack, resolved), WeekRaw.Median(minutes));
            }).ToList();
            trend.Add(new TrendPoint(week.Previous, previousWeek.Failures, previousWeek.WonBackPercent, previousWeek.MedianMinutesToApology));
            trend.Add(new TrendPoint(week, thisWeek.Failures, thisWeek.WonBackPercent, thisWeek.MedianMinutesToApology));
            return trend;
        }

        private static StoreRow StoreRowOf(QueueStore store, WeekFigures f) => new(
            store.Id, store.Name, store.Store.Currency, f.Failures, f.ApologyPercent, f.MedianMinutesToApology, f.FollowUpPercent,
            f.WonBackPercent, f.Lost, f.CostMinor.GetValueOrDefault(store.Store.Currency), f.StillOpen);
    }

    /// <summary>The KPI table, in the order the page and the CSV show it.</summary>
    public static IReadOnlyList<Kpi> Kpis(WeekFigures now, WeekFigures before, IReadOnlyList<QueueStore> stores)
    {
        ArgumentNullException.ThrowIfNull(now);
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(stores);
        var kpis = new List<Kpi>
        {
            new("wonback", "Won back", now.WonBackPercent, before.WonBackPercent, "%"),
            new("resolved", "Resolved", now.Resolved, before.Resolved, "cases"),
            new("wonbackcases", "Won back (cases)", now.WonBack, before.WonBack, "cases"),
            new("lost", "Lost", now.Lost, before.Lost, "cases"),
            new("failures", "Failures logged", now.Failures, before.Failures, "cases"),
            new("apologyrate", "Apology rate", now.ApologyPercent, before.ApologyPercent, "%"),
            new("apologymedian", "Median minutes to apology", now.MedianMinutesToApology, before.MedianMinutesToApology, "min"),
            new("apologytarget", "Apologies within target", now.ApologyWithinTargetPercent, before.ApologyWithinTargetPercent, "%"),
            new("followuprate", "Follow-up rate", now.FollowUpPercent, before.FollowUpPercent, "%"),
            new("followupmedian", "Median hours to follow-up", now.MedianHoursToFollowUp, before.MedianHoursToFollowUp, "h"),
            new("followuptarget", "Follow-ups within target", now.FollowUpWithinTargetPercent, before.FollowUpWithinTargetPercent, "%"),
        };
        foreach (var currency in stores.Select(s => s.Store.Currency).Distinct().Order(StringComparer.Ordinal))
        {
            kpis.Add(new("cost-" + currency, "Compensation cost", Major(now.CostMinor.GetValueOrDefault(currency), currency),
                Major(before.CostMinor.GetValueOrDefault(currency), currency), currency, currency));
            kpis.Add(new("average-" + currency, "Average compensation per case", Major(now.AverageCostMinor(currency, stores), currency),
                Major(before.AverageCostMinor(currency, stores), currency), currency, currency));
        }

        kpis.Add(new("pending", "Compensations waiting for approval", now.PendingApprovals, before.PendingApprovals, "compensations"));
        kpis.Add(new("open", "Cases from the week still open", now.StillOpen, before.StillOpen, "cases"));
        return kpis;
    }

    public static decimal? Major(decimal? minor, string currency) =>
        minor is { } m ? Math.Round(m * Money.ToMajor(1, currency), Money.MinorDigits(currency), MidpointRounding.AwayFromZero) : null;

    public static IReadOnlyList<Count> Counts<TKey>(IReadOnlyDictionary<TKey, int> now, IReadOnlyDictionary<TKey, int> before, Func<TKey, string> label)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(now);
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(label);
        return now.Keys.Union(before.Keys)
            .Select(k => new Count(label(k), now.GetValueOrDefault(k), before.GetValueOrDefault(k)))
            .OrderByDescending(c => c.ThisWeek).ThenByDescending(c => c.PreviousWeek).ThenBy(c => c.Key, StringComparer.Ordinal)
            .ToList();
    }

    private static List<StoreRow> Sorted(List<StoreRow> rows, SortBy sort, bool descending)
    {
        Func<StoreRow, object?> key = sort switch
        {
            SortBy.Store => r => r.Name,
            SortBy.ApologyRate => r => r.ApologyPercent,
            SortBy.MinutesToApology => r => r.MedianMinutesToApology,
            SortBy.FollowUpRate => r => r.FollowUpPercent,
            SortBy.WonBack => r => r.WonBackPercent,
            SortBy.Open => r => r.StillOpen,
            _ => r => r.Failures,
        };
        var ordered = descending ? rows.OrderByDescending(key) : rows.OrderBy(key);
        return ordered.ThenBy(r => r.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>What SQL returns for one week: grouped counts and sums per store, and the week's durations.</summary>
    private sealed class WeekRaw
    {
        private WeekRaw(IsoWeek week) => Week = week;

        private IsoWeek Week { get; }

        private List<CaseGroup> Cases { get; init; } = [];

        private List<Timing> Timings { get; init; } = [];

        private List<ResolutionGroup> Resolutions { get; init; } = [];

        private List<CompensationGroup> Compensations { get; init; } = [];

        public static async Task<WeekRaw> LoadAsync(AppDbContext db, DashboardScope scope, IsoWeek week, bool withMoney, CancellationToken cancellationToken)
        {
            var cases = scope.Cases(db, week);
            var groups = await cases
                .GroupBy(c => new { c.StoreId, c.FailureType, c.Severity, c.Channel, c.ResolvedOutcome, c.ResolvedRootCause, c.ResolvedDimension })
                .Select(g => new CaseGroup(
                    g.Key.StoreId, g.Key.FailureType, g.Key.Severity, g.Key.Channel, g.Key.ResolvedOutcome, g.Key.ResolvedRootCause,
                    g.Key.ResolvedDimension, g.Count(), g.Sum(c => c.IsOpen ? 1 : 0)))
                .ToListAsync(cancellationToken);
            var timings = await cases
                .Where(c => c.ApologisedAt != null || c.FollowedUpAt != null)
                .Select(c => new Timing(c.StoreId, c.Severity, c.LoggedAt, c.ApologisedAt, c.FollowedUpAt))
                .ToListAsync(cancellationToken);

            var compensations = withMoney
                ? await cases
                    .SelectMany(c => c.Compensations, (c, m) => new { c.StoreId, m.Kind, m.Approval, m.ValueMinor })
                    .GroupBy(m => new { m.StoreId, m.Kind, m.Approval })
                    .Select(g => new CompensationGroup(g.Key.StoreId, g.Key.Kind, g.Key.Approval, g.Count(), g.Sum(m => m.ValueMinor)))
                    .ToListAsync(cancellationToken)
                : [];
            // A resolution counts while it stands (a reopened case is not resolved): the case row holds the standing one's facts.
            var resolutions = groups
                .Where(g => g.Outcome is not null)
                .Select(g => new ResolutionGroup(g.StoreId, g.Outcome!.Value, g.RootCause!.Value, g.Dimension!.Value, g.Cases))
                .ToList();
            return new WeekRaw(week) { Cases = groups, Timings = timings, Resolutions = resolutions, Compensations = compensations };
        }

        public WeekFigures Figures(IReadOnlyList<QueueStore> stores, Func<int, bool> storeFilter)
        {
            var byId = stores.ToDictionary(s => s.Id);
            var cases = Cases.Where(g => storeFilter(g.StoreId)).ToList();
            var timings = Timings.Where(t => storeFilter(t.StoreId)).ToList();
            var resolutions = Resolutions.Where(r => storeFilter(r.StoreId)).ToList();
            var compensations = Compensations.Where(m => storeFilter(m.StoreId)).ToList();

            var apologies = timings.Where(t => t.ApologisedAt is not null).Select(t => (t, Minutes: (t.ApologisedAt!.Value - t.LoggedAt).TotalMinutes)).ToList();
            var followUps = timings.Where(t => t.FollowedUpAt is not null).Select(t => (t, Hours: (t.FollowedUpAt!.Value - t.LoggedAt).TotalHours)).ToList();
            var given = compensations.Where(m => m.Approval is CompensationApproval.NotNeeded or CompensationApproval.Approved).ToList();

            return new WeekFigures(
                Week,
                cases.Sum(g => g.Cases),
                Sum(cases, g => g.FailureType, g => g.Cases),
                Sum(cases, g => g.Severity, g => g.Cases),
                Sum(cases, g => g.Channel, g => g.Cases),
                Sum(cases, g => g.StoreId, g => g.Cases),
                apologies.Count,
                Median(apologies.Select(a => a.Minutes)),
                apologies.Count(a => a.Minutes <= byId[a.t.StoreId].Targets.MinutesToApology),
                followUps.Count,
                Median(followUps.Select(f => f.Hours)),
                followUps.Count(f => f.Hours <= FollowUpTargetHours(byId[f.t.StoreId].Targets, f.t.Severity)),
                resolutions.Sum(r => r.Cases),
                resolutions.Where(r => r.Outcome == ResolutionOutcome.WonBack).Sum(r => r.Cases),
                resolutions.Where(r => r.Outcome == ResolutionOutcome.Lost).Sum(r => r.Cases),
                given.GroupBy(m => byId[m.StoreId].Store.Currency).ToDictionary(g => g.Key, g => g.Sum(m => m.ValueMinor)),
                given.GroupBy(m => (m.Kind, byId[m.StoreId].Store.Currency)).ToDictionary(g => g.Key, g => g.Sum(m => m.ValueMinor)),
                compensations.Where(m => m.Approval == CompensationApproval.Pending).Sum(m => m.Count),
                cases.Sum(g => g.Open),
                Sum(resolutions, r => r.RootCause, r => r.Cases),
                Sum(resolutions, r => r.Dimension, r => r.Cases),
                cases.GroupBy(g => (g.StoreId, g.FailureType)).Select(g => (g.Key.StoreId, g.Key.FailureType, Cases: g.Sum(x => x.Cases)))
                    .Where(r => r.Cases >= 2).OrderByDescending(r => r.Cases).ThenBy(r => r.StoreId).ThenBy(r => r.FailureType).ToList());
        }

        private static int FollowUpTargetHours(EffectiveTargets targets, Severity severity) =>
            severity == Severity.Major ? targets.HoursToFollowUpMajor : targets.HoursToFollowUp;

        private static Dictionary<TKey, int> Sum<T, TKey>(IEnumerable<T> rows, Func<T, TKey> key, Func<T, int> count)
            where TKey : notnull =>
            rows.GroupBy(key).ToDictionary(g => g.Key, g => g.Sum(count));

        public static decimal? Median(IEnumerable<double> values)
        {
            var sorted = values.Order().ToList();
            if (sorted.Count == 0)
            {
                return null;
            }

            var middle = sorted.Count / 2;
            var median = sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
            return Math.Round((decimal)median, 1);
        }
    }

    private sealed record CaseGroup(
        int StoreId, FailureType FailureType, Severity Severity, Channel Channel, ResolutionOutcome? Outcome, RootCause? RootCause,
        ServiceDimension? Dimension, int Cases, int Open);

    private sealed class TrendCase
    {
        public int Week { get; init; }

        public ResolutionOutcome? Outcome { get; init; }

        public DateTime LoggedAt { get; init; }

        public DateTime? ApologisedAt { get; init; }
    }

    private sealed record Timing(int StoreId, Severity Severity, DateTime LoggedAt, DateTime? ApologisedAt, DateTime? FollowedUpAt);

    private sealed record ResolutionGroup(int StoreId, ResolutionOutcome Outcome, RootCause RootCause, ServiceDimension Dimension, int Cases);

    private sealed record CompensationGroup(int StoreId, CompensationKind Kind, CompensationApproval Approval, int Count, long ValueMinor);
}
