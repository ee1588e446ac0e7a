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
/// what they cost, how many are still open. The counts, shares within target and sums come from the rollup kept by every
/// save (<see cref="DashboardFact"/>, decisions 0041 and 0049); each median is read exactly, at the rank its counts give, from
/// the week's ordered index range of times (<see cref="WeekTotals"/>) — so the page's cost does not grow with history.
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
            // One connection for all of the page's queries: EF would otherwise open (and run the connection's pragmas) and
            // close it around each of them (decision 0034). The scope's disposal closes it. And one read snapshot over all of
            // them (decision 0048), so a case saved while the page is computed is in every figure or in none: a deferred
            // read transaction, which blocks no writer.
            await db.Database.OpenConnectionAsync(cancellationToken);
            await using var snapshot = await db.BeginReadSnapshotAsync(cancellationToken);
            var scope = await DashboardScope.ResolveAsync(db, access, clock, request.Week, request.Store, cancellationToken);
            var week = scope.Week;

            // Every rollup row of the page in one statement, then every median in one more (decision 0051).
            var trendWeeks = TrendWeeksBefore(week);
            var facts = await PageFacts.ReadAsync(db, scope.InView, [week, week.Previous], trendWeeks, cancellationToken);
            var thisTotals = WeekTotals.From(facts, scope, week, perStore: true);
            var previousTotals = WeekTotals.From(facts, scope, week.Previous, perStore: false);
            var trend = trendWeeks.Select(w => TrendCounts(facts, scope, w)).ToList();

            // Every median of the page — the two weeks' and the trend's — in one statement.
            var middles = await MiddleTimes.ReadAsync(db, [.. thisTotals.Slices, .. previousTotals.Slices, .. trend.SelectMany(t => t.Slices)], cancellationToken);
            thisTotals.Take(middles);
            previousTotals.Take(middles);
            var thisWeek = thisTotals.Figures(scope.InView);
            var previousWeek = previousTotals.Figures(scope.InView);
            List<TrendPoint> points =
            [
                .. trend.Select(t => new TrendPoint(t.Week, t.Failures, Percent(t.WonBack, t.Resolved), WeekTotals.Median(middles.GetValueOrDefault(t.Key, []).Select(m => m.TotalMinutes).ToList()))),
                new TrendPoint(week.Previous, previousWeek.Failures, previousWeek.WonBackPercent, previousWeek.MedianMinutesToApology),
                new TrendPoint(week, thisWeek.Failures, thisWeek.WonBackPercent, thisWeek.MedianMinutesToApology),
            ];
            var storeRows = scope.InView.Select(thisTotals.StoreRow).ToList();
            return new Model(
                week, scope.LastComplete, scope.Current, scope.Visible, request.Store, thisWeek, previousWeek,
                Kpis(thisWeek, previousWeek, scope.InView), points, Sorted(storeRows, request.Sort, request.Descending));
        }

        /// <summary>The ten weeks of the trend before the previous one, oldest first.</summary>
        private static List<IsoWeek> TrendWeeksBefore(IsoWeek week)
        {
            var first = week;
            for (var i = 0; i < TrendWeeks - 1; i++)
            {
                first = first.Previous;
            }

            var weeks = new List<IsoWeek>();
            for (var w = first; w < week.Previous; w = w.Next)
            {
                weeks.Add(w);
            }

            return weeks;
        }

        /// <summary>
        /// A trend week's failures, resolved and won back cases and apologies: sums of the rollup's rows (a few per store),
        /// so no case of those weeks is read for the counts; its median minutes to apology is the middle value(s) of the
        /// apologised cases, read in order (the whole chain's from the (week, time to apology) index, a few stores' from
        /// their week's ranges of cases).
        /// </summary>
        private static TrendWeek TrendCounts(PageFacts facts, DashboardScope scope, IsoWeek week)
        {
            var rows = facts.Trend(week);
            int Sum(DashboardFactKind kind, int? value = null) => PageFacts.Sum(rows, kind, value);
            var key = "trend " + week;
            return new TrendWeek(
                week, key, Sum(DashboardFactKind.Logged), Sum(DashboardFactKind.Outcome), Sum(DashboardFactKind.Outcome, (int)ResolutionOutcome.WonBack),
                MiddleTimes.Middle(key, CaseTime.Apology, week, scope.StoreFilter, Sum(DashboardFactKind.Apologised)));
        }

        private sealed record TrendWeek(IsoWeek Week, string Key, int Failures, int Resolved, int WonBack, IReadOnlyList<MiddleTimes.Slice> Slices);
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
}
