using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using ServiceRecovery.Web.Data;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Infrastructure.Auth;

namespace ServiceRecovery.Web.Pages.Queue;

/// <summary>The queue's filters, as they appear in the query string (so a view can be bookmarked).</summary>
public sealed class QueueFilter
{
    public int? Store { get; set; }

    public FailureType? Type { get; set; }

    public Severity? Severity { get; set; }

    public NextStep? Next { get; set; }

    public bool Overdue { get; set; }

    /// <summary>Logged on or after this day, in each store's own calendar.</summary>
    public DateOnly? From { get; set; }

    /// <summary>Logged on or before this day, in each store's own calendar.</summary>
    public DateOnly? To { get; set; }

    public bool IsEmpty => Store is null && Type is null && Severity is null && Next is null && !Overdue && From is null && To is null;
}

/// <summary>A store the user may see, with the targets in force there.</summary>
public sealed record QueueStore(Store Store, EffectiveTargets Targets)
{
    public int Id => Store.Id;

    public string Name => Store.Name;
}

/// <summary>One open case as the queue's SQL sees it: the row's own columns plus the flags computed from its store's targets.</summary>
public sealed record CaseFacts
{
    public int Id { get; init; }

    public int StoreId { get; init; }

    /// <summary>Always true in the queue's queries; named again in the date conditions, so SQLite can seek the open cases' index.</summary>
    public bool IsOpen { get; init; }

    public DateTime LoggedAt { get; init; }

    public FailureType FailureType { get; init; }

    public Severity Severity { get; init; }

    public bool Apologised { get; init; }

    public bool FollowedUp { get; init; }

    public bool AwaitsApproval { get; init; }

    public bool ApologyLate { get; init; }

    public bool FollowUpLate { get; init; }

    /// <summary>Stored: the case is urgent (a target missed or an approval waiting) at any moment after this (decision 0035).</summary>
    public DateTime? UrgentAfter { get; init; }

    /// <summary>Stored: major 1, moderate 2, minor 3 (severity is stored as its name, which does not sort).</summary>
    public int Priority { get; init; }

    public NextStep Next { get; init; }
}

/// <summary>
/// The queue's query, shared by the page and the counts. The page's order comes from the stored deadline
/// (<see cref="RecoveryCase.UrgentAfter"/>, decision 0035); the overdue flags and filter are decided in SQL: every store's targets become a
/// "logged before" threshold (now minus the target), and stores with the same targets share one condition, so a
/// chain with a few overrides yields a few ORs — plain comparisons that SQLite and PostgreSQL both index and plan.
/// </summary>
public static class QueueFacts
{
    private static readonly Expression<Func<RecoveryCase, bool, bool, CaseFacts>> Template = (c, apologyIsLate, followUpIsLate) => new CaseFacts
    {
        Id = c.Id,
        StoreId = c.StoreId,
        IsOpen = c.IsOpen,
        LoggedAt = c.LoggedAt,
        FailureType = c.FailureType,
        Severity = c.Severity,
        Apologised = c.ApologisedAt != null,
        FollowedUp = c.FollowedUpAt != null,
        AwaitsApproval = c.AwaitsApproval,
        ApologyLate = c.ApologisedAt == null && apologyIsLate,
        FollowUpLate = c.FollowedUpAt == null && followUpIsLate,
        UrgentAfter = c.UrgentAfter,
        Priority = c.Priority,
        Next = c.AwaitsApproval ? NextStep.Approve
            : c.ApologisedAt == null ? NextStep.Apologise
            : c.FollowedUpAt == null ? NextStep.FollowUp
            : NextStep.Resolve,
    };

    // The template with both late flags false, rewritten once rather than on every queue page.
    private static readonly Expression<Func<RecoveryCase, CaseFacts>> WithoutLateFlags = Substitute(Template, c => false, c => false);

    // Compiled once: read on every queue page (decision 0053).
    private static readonly Func<AppDbContext, bool, int[], IAsyncEnumerable<Store>> VisibleStores = EF.CompileAsyncQuery<AppDbContext, bool, int[], Store>(
        (AppDbContext db, bool all, int[] ids) => db.Stores.AsNoTracking().Where(s => all || ids.Contains(s.Id)).OrderBy(s => s.Name));

    public static async Task<IReadOnlyList<QueueStore>> StoresAsync(AppDbContext db, IStoreAccess access, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(access);
        var ids = await access.StoreIdsAsync(cancellationToken);
        var stores = await VisibleStores(db, ids is null, [.. ids ?? []]).ToListAsync(cancellationToken);
        var targets = await db.TargetRowsAsync(cancellationToken);
        return stores.Select(s => new QueueStore(s, EffectiveTargets.At(targets, s.Id))).ToList();
    }

    /// <summary>
    /// The open cases with the stored columns only, the late flags left false: for the page, which needs the flags on its
    /// own rows only (<see cref="WithLateFlags"/>) — the per-store threshold conditions would lengthen every statement SQLite
    /// prepares. Never filter it on overdue (<see cref="Open"/> decides that in SQL).
    /// </summary>
    public static IQueryable<CaseFacts> OpenWithoutLateFlags(AppDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Cases.AsNoTracking().Where(c => c.IsOpen).Select(WithoutLateFlags);
    }

    /// <summary>
    /// The open cases at these stores not yet overdue at <paramref name="now"/> (their earliest pending target is still ahead:
    /// <see cref="RecoveryCase.OverdueAfter"/>, decision 0052), with the stored columns only: a range of the index on the deadline.
    /// </summary>
    public static IQueryable<CaseFacts> NotYetOverdue(AppDbContext db, int[] storeIds, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Cases.AsNoTracking().Where(c => c.IsOpen && c.OverdueAfter >= now && storeIds.Contains(c.StoreId)).Select(WithoutLateFlags);
    }

    /// <summary>
    /// The late flags of one row, in memory, by the same thresholds <see cref="Open"/> compares in SQL (now − target). The
    /// channel (not in <see cref="CaseFacts"/>, so the page's ordered reads stay on the covering index) decides the apology
    /// target (<see cref="RecoveryCase.ApologyTarget"/>).
    /// </summary>
    public static CaseFacts WithLateFlags(CaseFacts facts, Channel channel, EffectiveTargets targets, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(targets);
        return facts with
        {
            ApologyLate = !facts.Apologised && facts.LoggedAt < now - RecoveryCase.ApologyTarget(channel, facts.Severity, targets),
            FollowUpLate = !facts.FollowedUp && facts.LoggedAt < now - RecoveryCase.FollowUpTarget(facts.Severity, targets),
        };
    }

    public static IQueryable<CaseFacts> Open(AppDbContext db, IReadOnlyList<QueueStore> stores, bool allStores, DateTime now)
    {
        var ids = stores.Select(s => s.Id).ToArray();
        var cases = db.Cases.AsNoTracking().Where(c => c.IsOpen);
        if (!allStores)
        {
            cases = cases.Where(c => ids.Contains(c.StoreId));
        }

        var byTargets = stores.GroupBy(s => s.Targets).Select(g => (Ids: g.Select(s => s.Id).ToArray(), Targets: g.Key)).ToList();
        var single = byTargets.Count == 1;
        var apologyLate = AnyOf(byTargets.Select(g => InStores(g.Ids, single, ApologyBefore(
            now.AddMinutes(-g.Targets.MinutesToApology), now.AddHours(-g.Targets.HoursToFollowUp), now.AddHours(-g.Targets.HoursToFollowUpMajor)))));
        var followUpLate = AnyOf(byTargets.Select(g => InStores(g.Ids, single, FollowUpBefore(
            now.AddHours(-g.Targets.HoursToFollowUp), now.AddHours(-g.Targets.HoursToFollowUpMajor)))));

        return cases.Select(Substitute(Template, apologyLate, followUpLate));
    }

    public enum Facet
    {
        None,
        Store,
        Type,
        Severity,
        Next,
        Overdue,
    }

    /// <summary>Applies the filters; <paramref name="except"/> leaves one out (to count that filter's own values).</summary>
    public static IQueryable<CaseFacts> Filtered(this IQueryable<CaseFacts> facts, QueueFilter filter, IReadOnlyList<QueueStore> stores, Facet except = Facet.None)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (filter.Store is { } store && except != Facet.Store)
        {
            facts = facts.Where(f => f.StoreId == store);
        }

        if (filter.Type is { } type && except != Facet.Type)
        {
            facts = facts.Where(f => f.FailureType == type);
        }

        if (filter.Severity is { } severity && except != Facet.Severity)
        {
            // The priority says the same, and lets the page read just that range of its index (decision 0035).
            var priority = RecoveryCase.PriorityOf(severity);
            facts = facts.Where(f => f.Severity == severity && f.Priority == priority);
        }

        if (filter.Next is { } next && except != Facet.Next)
        {
            facts = facts.Where(f => f.Next == next);
        }

        if (filter.Overdue && except != Facet.Overdue)
        {
            facts = facts.Where(f => f.ApologyLate || f.FollowUpLate);
        }

        return facts.LoggedBetween(filter.From, filter.To, stores);
    }

    /// <summary>
    /// Store-local calendar days become UTC bounds per time zone (stores in one zone share a condition). Each condition
    /// names IsOpen itself: SQLite uses a partial index for one branch of an OR only when that branch implies the index's
    /// WHERE, and without it the open cases logged in a week were found by scanning every open case (decision 0052).
    /// </summary>
    private static IQueryable<CaseFacts> LoggedBetween(this IQueryable<CaseFacts> facts, DateOnly? from, DateOnly? to, IReadOnlyList<QueueStore> stores)
    {
        if (from is null && to is null)
        {
            return facts;
        }

        var byZone = stores.GroupBy(s => s.Store.TimeZoneId).ToList();
        var single = byZone.Count == 1;
        var conditions = byZone.Select(zone =>
        {
            var store = zone.First().Store;
            var start = from is { } f ? store.LocalToUtc(f.ToDateTime(TimeOnly.MinValue)) : DateTime.MinValue;
            var end = to is { } t ? store.LocalToUtc(t.AddDays(1).ToDateTime(TimeOnly.MinValue)) : DateTime.MaxValue;
            var ids = zone.Select(s => s.Id).ToArray();
            Expression<Func<CaseFacts, bool>> inZone = single
                ? c => c.IsOpen && c.LoggedAt >= start && c.LoggedAt < end
                : c => c.IsOpen && ids.Contains(c.StoreId) && c.LoggedAt >= start && c.LoggedAt < end;
            return inZone;
        });
        return facts.Where(AnyOf(conditions));
    }

    /// <summary>
    /// The apology is late: logged before now − the apology target (<see cref="RecoveryCase.ApologyTarget"/>): minutes at
    /// the counter; a card complaint's at its follow-up target (decision 0047; the channel is in the queue's indexes).
    /// </summary>
    private static Expression<Func<RecoveryCase, bool>> ApologyBefore(DateTime threshold, DateTime contactThreshold, DateTime majorContactThreshold) =>
        c => c.Channel == Channel.FeedbackCard
            ? (c.Severity == Severity.Major ? c.LoggedAt < majorContactThreshold : c.LoggedAt < contactThreshold)
            : c.LoggedAt < threshold;

    private static Expression<Func<RecoveryCase, bool>> FollowUpBefore(DateTime threshold, DateTime majorThreshold) =>
        c => c.Severity == Severity.Major ? c.LoggedAt < majorThreshold : c.LoggedAt < threshold;

    private static Expression<Func<RecoveryCase, bool>> InStores(int[] ids, bool allOfThem, Expression<Func<RecoveryCase, bool>> condition)
    {
        if (allOfThem)
        {
            return condition;
        }

        Expression<Func<RecoveryCase, bool>> inStores = c => ids.Contains(c.StoreId);
        return Expression.Lambda<Func<RecoveryCase, bool>>(
            Expression.AndAlso(inStores.Body, Rebind(condition.Body, condition.Parameters[0], inStores.Parameters[0])), inStores.Parameters);
    }

    private static Expression<Func<T, bool>> AnyOf<T>(IEnumerable<Expression<Func<T, bool>>> conditions)
    {
        var parameter = Expression.Parameter(typeof(T), "c");
        Expression body = Expression.Constant(false);
        foreach (var condition in conditions)
        {
            var part = Rebind(condition.Body, condition.Parameters[0], parameter);
            body = body is ConstantExpression ? part : Expression.OrElse(body, part);
        }

        return Expression.Lambda<Func<T, bool>>(body, parameter);
    }

    private static Expression<Func<RecoveryCase, CaseFacts>> Substitute(
        Expression<Func<RecoveryCase, bool, bool, CaseFacts>> template, Expression<Func<RecoveryCase, bool>> first, Expression<Func<RecoveryCase, bool>> second)
    {
        var c = template.Parameters[0];
        var body = Rebind(template.Body, template.Parameters[1], Rebind(first.Body, first.Parameters[0], c));
        body = Rebind(body, template.Parameters[2], Rebind(second.Body, second.Parameters[0], c));
        return Expression.Lambda<Func<RecoveryCase, CaseFacts>>(body, c);
    }

    private static Expression Rebind(Expression body, ParameterExpression from, Expression to) => new Replace(from, to).Visit(body);

    private sealed class Replace(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
