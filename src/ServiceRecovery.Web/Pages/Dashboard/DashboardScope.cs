using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using ServiceRecovery.Web.Data;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Infrastructure;
using ServiceRecovery.Web.Infrastructure.Auth;
using ServiceRecovery.Web.Pages.Queue;

namespace ServiceRecovery.Web.Pages.Dashboard;

/// <summary>
/// What the dashboard looks at: the stores in view (one, or every store the user may see) and which week. A week is
/// always the store's own local week, so for the whole chain each store contributes its own Monday-to-Sunday.
/// </summary>
public sealed class DashboardScope
{
    private DashboardScope(IReadOnlyList<QueueStore> visible, IReadOnlyList<QueueStore> inView, bool allStores, IsoWeek week, IsoWeek lastComplete, IsoWeek current)
    {
        Visible = visible;
        InView = inView;
        AllStores = allStores;
        Week = week;
        LastComplete = lastComplete;
        Current = current;
    }

    /// <summary>Every store the user may pick.</summary>
    public IReadOnlyList<QueueStore> Visible { get; }

    /// <summary>The stores the figures cover.</summary>
    public IReadOnlyList<QueueStore> InView { get; }

    /// <summary>True when the figures cover every store in the database (an owner's whole chain): no store filter needed.</summary>
    public bool AllStores { get; }

    public IsoWeek Week { get; }

    /// <summary>The last week that has ended at every store in view (the default).</summary>
    public IsoWeek LastComplete { get; }

    /// <summary>The week running now ("this week so far").</summary>
    public IsoWeek Current { get; }

    public static async Task<DashboardScope> ResolveAsync(
        AppDbContext db, IStoreAccess access, TimeProvider clock, IsoWeek? week, int? storeId, CancellationToken cancellationToken)
    {
        var visible = await QueueFacts.StoresAsync(db, access, cancellationToken);
        var ownerView = await access.StoreIdsAsync(cancellationToken) is null;
        IReadOnlyList<QueueStore> inView = visible;
        if (storeId is { } id)
        {
            inView = visible.Where(s => s.Id == id).ToList();
            if (inView.Count == 0)
            {
                throw new NotFoundException($"Store {id} was not found.");
            }
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var localDates = inView.Select(s => s.Store.ToLocal(now).Date).DefaultIfEmpty(now.Date).ToList();
        var current = IsoWeek.Containing(localDates.Max());
        var lastComplete = IsoWeek.Containing(localDates.Min()).Previous;
        return new DashboardScope(visible, inView, ownerView && storeId is null, week ?? lastComplete, lastComplete, current);
    }

    /// <summary>
    /// "Logged in <paramref name="week"/>, at a store in view": each time zone's local Monday 00:00 to the next Monday
    /// 00:00 as UTC bounds, OR-ed per zone — range conditions on (StoreId, LoggedAt) that the index serves.
    /// </summary>
    public Expression<Func<RecoveryCase, bool>> LoggedIn(IsoWeek week) => LoggedIn(week, 1, InView);

    private static Expression<Func<RecoveryCase, bool>> LoggedIn(IsoWeek first, int weeks, IEnumerable<QueueStore> stores) =>
        ByZone<RecoveryCase>(first, weeks, stores, (ids, start, end) =>
        {
            var only = ids[0];
            // Always by store, even for an owner's whole chain: "StoreId IN (...) AND LoggedAt range" probes the index per store.
            return ids.Length == 1
                ? c => c.StoreId == only && c.LoggedAt >= start && c.LoggedAt < end
                : c => ids.Contains(c.StoreId) && c.LoggedAt >= start && c.LoggedAt < end;
        });

    /// <summary>
    /// "In <paramref name="week"/>, at a store in view" for any row with a store and a UTC time: <paramref name="range"/>
    /// gives the condition for one time zone's stores and that zone's local Monday-to-Monday as UTC bounds; the zones'
    /// conditions are OR-ed, so the whole view is one statement.
    /// </summary>
    public Expression<Func<T, bool>> During<T>(IsoWeek week, Func<int[], DateTime, DateTime, Expression<Func<T, bool>>> range) =>
        ByZone(week, 1, InView, range);

    private static Expression<Func<T, bool>> ByZone<T>(
        IsoWeek first, int weeks, IEnumerable<QueueStore> stores, Func<int[], DateTime, DateTime, Expression<Func<T, bool>>> range)
    {
        var parameter = Expression.Parameter(typeof(T), "x");
        Expression? body = null;
        foreach (var zone in stores.GroupBy(s => s.Store.TimeZoneId))
        {
            var store = zone.First().Store;
            var condition = range(zone.Select(s => s.Id).ToArray(), store.LocalToUtc(first.Monday), store.LocalToUtc(first.Monday.AddDays(7 * weeks)));
            var part = new Replace(condition.Parameters[0], parameter).Visit(condition.Body);
            body = body is null ? part : Expression.OrElse(body, part);
        }

        return Expression.Lambda<Func<T, bool>>(body ?? Expression.Constant(false), parameter);
    }

    public IQueryable<RecoveryCase> Cases(AppDbContext db, IsoWeek week) => db.Cases.AsNoTracking().Where(LoggedIn(week));

    /// <summary>
    /// The stores a read by stored week (<see cref="DashboardRollup.WeekColumn"/>, decision 0049) must name: none for the
    /// whole chain (every store in the database), so the medians walk the (week, time) indexes without a store filter.
    /// </summary>
    public IReadOnlyList<int>? StoreFilter => AllStores ? null : InView.Select(s => s.Id).ToArray();

    private sealed class Replace(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
