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

    private List<CaseGroup> Cases { get; init; } = [];

    private List<CompensationGroup> Compensations { get; init; } = [];

    /// <summary>Median minutes to apology per store (key: store id) and for every store in view (key: null).</summary>
    private Dictionary<int, decimal?> StoreMinutesToApology { get; init; } = [];

    private decimal? MinutesToApology { get; init; }

    private decimal? HoursToFollowUp { get; init; }

    /// <summary>Loads <paramref name="week"/>'s totals; with <paramref name="perStore"/> also each store's median minutes to apology (the per-store table).</summary>
    public static async Task<WeekTotals> LoadAsync(AppDbContext db, DashboardScope scope, IsoWeek week, bool perStore, CancellationToken cancellationToken)
    {
        var cases = scope.Cases(db, week);
        var apologyWithin = scope.WithinTarget(nameof(RecoveryCase.TimeToApology), t => TimeSpan.FromMinutes(t.MinutesToApology), t => TimeSpan.FromMinutes(t.MinutesToApology));
        var followUpWithin = scope.WithinTarget(nameof(RecoveryCase.TimeToFollowUp), t => TimeSpan.FromHours(t.HoursToFollowUp), t => TimeSpan.FromHours(t.HoursToFollowUpMajor));
        var groups = await cases
            .GroupBy(c => new GroupKey
            {
                StoreId = c.StoreId,
                FailureType = c.FailureType,
                Severity = c.Severity,
                Channel = c.Channel,
                ResolvedOutcome = c.ResolvedOutcome,
                ResolvedRootCause = c.ResolvedRootCause,
                ResolvedDimension = c.ResolvedDimension,
            })
            .Select(Grouped(apologyWithin, followUpWithin))
            .ToListAsync(cancellationToken);

        var compensations = await cases
            .SelectMany(c => c.Compensations, (c, m) => new { c.StoreId, m.Kind, m.Approval, m.ValueMinor })
            .GroupBy(m => new { m.StoreId, m.Kind, m.Approval })
            .Select(g => new CompensationGroup(g.Key.StoreId, g.Key.Kind, g.Key.Approval, g.Count(), g.Sum(m => m.ValueMinor)))
            .ToListAsync(cancellationToken);

        var storeMedians = new Dictionary<int, decimal?>();
        if (perStore && scope.InView.Count > 1)
        {
            foreach (var store in scope.InView)
            {
                var count = groups.Where(g => g.StoreId == store.Id).Sum(g => g.Apologised);
                storeMedians[store.Id] = await MedianAsync(cases.Where(c => c.StoreId == store.Id), c => c.TimeToApology, count, t => t.TotalMinutes, cancellationToken);
            }
        }

        return new WeekTotals(week)
        {
            Cases = groups,
            Compensations = compensations,
            StoreMinutesToApology = storeMedians,
            MinutesToApology = await MedianAsync(cases, c => c.TimeToApology, groups.Sum(g => g.Apologised), t => t.TotalMinutes, cancellationToken),
            HoursToFollowUp = await MedianAsync(cases, c => c.TimeToFollowUp, groups.Sum(g => g.FollowedUp), t => t.TotalHours, cancellationToken),
        };
    }

    /// <summary>
    /// The median of a stored duration over <paramref name="cases"/>, of which <paramref name="count"/> have one: the database
    /// sorts the (range-limited) values and returns only the middle one or two (ORDER BY … LIMIT 2 OFFSET n), the same
    /// statement in SQLite and PostgreSQL.
    /// </summary>
    public static async Task<decimal?> MedianAsync(
        IQueryable<RecoveryCase> cases, Expression<Func<RecoveryCase, TimeSpan?>> duration, int count, Func<TimeSpan, double> unit, CancellationToken cancellationToken)
    {
        if (count == 0)
        {
            return null;
        }

        var middle = await cases.Select(duration).Where(d => d != null).OrderBy(d => d)
            .Skip((count - 1) / 2).Take(count % 2 == 1 ? 1 : 2)
            .ToListAsync(cancellationToken);
        var values = middle.Select(d => unit(d!.Value)).ToList();
        return values.Count switch
        {
            0 => null,
            1 => Math.Round((decimal)values[0], 1),
            _ => Math.Round((decimal)((values[0] + values[1]) / 2), 1),
        };
    }

    /// <summary>The figures of the stores in view (<paramref name="storeId"/> null) or of one of them.</summary>
    public WeeklyDashboard.WeekFigures Figures(IReadOnlyList<QueueStore> stores, int? storeId)
    {
        var byId = stores.ToDictionary(s => s.Id);
        var cases = Cases.Where(g => storeId is null || g.StoreId == storeId).ToList();
        var compensations = Compensations.Where(m => storeId is null || m.StoreId == storeId).ToList();
        var resolutions = cases.Where(g => g.Outcome is not null).ToList();
        var given = compensations.Where(m => m.Approval is CompensationApproval.NotNeeded or CompensationApproval.Approved).ToList();
        var minutesToApology = storeId is { } id && StoreMinutesToApology.TryGetValue(id, out var storeMedian) ? storeMedian : MinutesToApology;

        return new WeeklyDashboard.WeekFigures(
            Week,
            cases.Sum(g => g.Cases),
            Sum(cases, g => g.FailureType, g => g.Cases),
            Sum(cases, g => g.Severity, g => g.Cases),
            Sum(cases, g => g.Channel, g => g.Cases),
            Sum(cases, g => g.StoreId, g => g.Cases),
            cases.Sum(g => g.Apologised),
            minutesToApology,
            cases.Sum(g => g.ApologisedWithinTarget),
            cases.Sum(g => g.FollowedUp),
            HoursToFollowUp,
            cases.Sum(g => g.FollowedUpWithinTarget),
            resolutions.Sum(r => r.Cases),
            resolutions.Where(r => r.Outcome == ResolutionOutcome.WonBack).Sum(r => r.Cases),
            resolutions.Where(r => r.Outcome == ResolutionOutcome.Lost).Sum(r => r.Cases),
            given.GroupBy(m => byId[m.StoreId].Store.Currency).ToDictionary(g => g.Key, g => g.Sum(m => m.ValueMinor)),
            given.GroupBy(m => (m.Kind, byId[m.StoreId].Store.Currency)).ToDictionary(g => g.Key, g => g.Sum(m => m.ValueMinor)),
            compensations.Where(m => m.Approval == CompensationApproval.Pending).Sum(m => m.Count),
            cases.Sum(g => g.Open),
            Sum(resolutions, r => r.RootCause!.Value, r => r.Cases),
            Sum(resolutions, r => r.Dimension!.Value, r => r.Cases),
            cases.GroupBy(g => (g.StoreId, g.FailureType)).Select(g => (g.Key.StoreId, g.Key.FailureType, Cases: g.Sum(x => x.Cases)))
                .Where(r => r.Cases >= 2).OrderByDescending(r => r.Cases).ThenBy(r => r.StoreId).ThenBy(r => r.FailureType).ToList());
    }

    private static Dictionary<TKey, int> Sum<T, TKey>(IEnumerable<T> rows, Func<T, TKey> key, Func<T, int> count)
        where TKey : notnull =>
        rows.GroupBy(key).ToDictionary(g => g.Key, g => g.Sum(count));

    /// <summary>
    /// The GROUP BY's select, built as an expression because "within target" is a SQL CASE over each store's own target
    /// (<see cref="DashboardScope.WithinTarget"/>): COUNT(*), SUM(open), COUNT(apologised), SUM(within target), … per group.
    /// </summary>
    private static Expression<Func<IGrouping<GroupKey, RecoveryCase>, CaseGroup>> Grouped(
        Expression<Func<RecoveryCase, int>> apologyWithin, Expression<Func<RecoveryCase, int>> followUpWithin)
    {
        Expression<Func<IGrouping<GroupKey, RecoveryCase>, CaseGroup>> template = g => new CaseGroup(
            g.Key.StoreId, g.Key.FailureType, g.Key.Severity, g.Key.Channel, g.Key.ResolvedOutcome, g.Key.ResolvedRootCause, g.Key.ResolvedDimension,
            g.Count(), g.Sum(c => c.IsOpen ? 1 : 0),
            g.Sum(c => c.TimeToApology != null ? 1 : 0), g.Sum(c => 0),
            g.Sum(c => c.TimeToFollowUp != null ? 1 : 0), g.Sum(c => 1));
        return (Expression<Func<IGrouping<GroupKey, RecoveryCase>, CaseGroup>>)new SubstituteWithin(apologyWithin, followUpWithin).Visit(template);
    }

    /// <summary>Puts the within-target expressions in place of the template's <c>g.Sum(c => 0)</c> and <c>g.Sum(c => 1)</c>.</summary>
    private sealed class SubstituteWithin(Expression<Func<RecoveryCase, int>> apology, Expression<Func<RecoveryCase, int>> followUp) : ExpressionVisitor
    {
        protected override Expression VisitLambda<T>(Expression<T> node) =>
            node.Parameters.Count == 1 && node.Parameters[0].Type == typeof(RecoveryCase) && node.Body is ConstantExpression { Value: int marker }
                ? marker == 0 ? apology : followUp
                : base.VisitLambda(node);
    }

    private sealed class GroupKey
    {
        public int StoreId { get; init; }

        public FailureType FailureType { get; init; }

        public Severity Severity { get; init; }

        public Channel Channel { get; init; }

        public ResolutionOutcome? ResolvedOutcome { get; init; }

        public RootCause? ResolvedRootCause { get; init; }

        public ServiceDimension? ResolvedDimension { get; init; }
    }

    private sealed record CaseGroup(
        int StoreId, FailureType FailureType, Severity Severity, Channel Channel, ResolutionOutcome? Outcome, RootCause? RootCause,
        ServiceDimension? Dimension, int Cases, int Open, int Apologised, int ApologisedWithinTarget, int FollowedUp, int FollowedUpWithinTarget);

    private sealed record CompensationGroup(int StoreId, CompensationKind Kind, CompensationApproval Approval, int Count, long ValueMinor);
}
