using System.Globalization;
using MediatR;
using Microsoft.EntityFrameworkCore;
using ServiceRecovery.Web.Data;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Infrastructure;
using ServiceRecovery.Web.Infrastructure.Auth;

namespace ServiceRecovery.Web.Pages.Queue;

/// <summary>
/// Every unresolved case at the user's stores, most urgent first: a missed target or a waiting approval, then
/// severity, then age. Paged by keyset on that order plus the id; the cursor also pins the moment the first page
/// was read, so a case crossing its deadline meanwhile cannot jump back over the page boundary.
/// </summary>
public static class OpenRecoveries
{
    public const int DefaultPageSize = 25;

    [RequiresRole(Roles.Manager, Roles.Owner)]
    public sealed record Query(QueueFilter Filter, string? After = null, int PageSize = DefaultPageSize) : IRequest<Model>;

    public sealed record Model(IReadOnlyList<Row> Rows, string? NextAfter, DateTime AsOf, IReadOnlyList<QueueStore> Stores);

    public enum Urgency
    {
        Normal = 1,
        Warning = 2,
        Danger = 3,
    }

    public sealed record Row(
        int Id, string StoreName, DateTime LoggedAt, TimeSpan Age, FailureType FailureType, Severity Severity, string Description,
        CaseStatus Status, NextStep Next, Urgency Urgency, string Deadline, Channel Channel);

    /// <summary>Where the next page starts: the last row's band (1 urgent, 0 not), priority, logging time and id, and the moment the queue was read.</summary>
    public sealed record Cursor(DateTime AsOf, int UrgentRank, int Priority, DateTime LoggedAt, int Id)
    {
        public override string ToString() => string.Join('.', AsOf.Ticks, UrgentRank, Priority, LoggedAt.Ticks, Id);

        public static Cursor? Parse(string? text)
        {
            var parts = text?.Split('.') ?? [];
            if (parts.Length != 5 || !parts.All(p => long.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
            {
                return null;
            }

            var n = parts.Select(p => long.Parse(p, CultureInfo.InvariantCulture)).ToArray();
            return n[0] > DateTime.MaxValue.Ticks || n[3] > DateTime.MaxValue.Ticks || n[1] > 1 || n[2] is < 1 or > 3 || n[4] > int.MaxValue
                ? null
                : new Cursor(new DateTime(n[0], DateTimeKind.Utc), (int)n[1], (int)n[2], new DateTime(n[3], DateTimeKind.Utc), (int)n[4]);
        }
    }

    /// <summary>
    /// The open cases the user may see, filtered; the late flags come from SQL only when the overdue filter needs them (the
    /// handler sets them on its rows, <see cref="QueueFacts.WithLateFlags"/>). The store conditions (the user's stores, the store filter) are written
    /// as <c>StoreId + 0</c>: a filter SQLite applies while it reads IX_Cases_QueueOrder in order, never an index search.
    /// Searched by store, SQLite would fetch every case of those stores (open or not, through IX_Cases_Dashboard) and sort
    /// them — the plan it picks for a manager's stores otherwise; read in order, a page costs about PageSize × (all open ÷
    /// the stores' open) index entries.
    /// </summary>
    public static IQueryable<CaseFacts> Facts(AppDbContext db, IReadOnlyList<QueueStore> stores, bool allStores, QueueFilter filter, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(stores);
        ArgumentNullException.ThrowIfNull(filter);
        var open = filter.Overdue ? QueueFacts.Open(db, stores, allStores: true, now) : QueueFacts.OpenWithoutLateFlags(db);
        var facts = open.Filtered(filter, stores, QueueFacts.Facet.Store);
        if (filter.Store is { } store)
        {
            facts = facts.Where(f => f.StoreId + 0 == store);
        }
        else if (!allStores)
        {
            var ids = stores.Select(s => s.Id).ToArray();
            facts = facts.Where(f => ids.Contains(f.StoreId + 0));
        }

        return facts;
    }

    /// <summary>
    /// One band of the queue in page order, after <paramref name="after"/> within it: urgent (the deadline passed before
    /// <paramref name="now"/>, or an approval waits) or not; then most serious first, oldest, id — the order of
    /// IX_Cases_QueueOrder, so SQLite reads it in index order and stops at the LIMIT. After a cursor the band is two
    /// exact index ranges, read in turn: the rest of the cursor's priority from its (Priority, LoggedAt) on, then the later
    /// priorities. (One condition with an OR would start the range at the priority and step over every entry before the
    /// cursor in it: a deep page would cost more the more open cases there are.)
    /// </summary>
    public static IReadOnlyList<IQueryable<CaseFacts>> Band(IQueryable<CaseFacts> facts, bool urgent, DateTime now, Cursor? after)
    {
        facts = urgent ? facts.Where(f => f.UrgentAfter < now) : facts.Where(f => f.UrgentAfter == null || f.UrgentAfter >= now);
        if (after is not { } k)
        {
            return [InQueueOrder(facts)];
        }

        return
        [
            InQueueOrder(facts.Where(f => f.Priority == k.Priority && f.LoggedAt >= k.LoggedAt && (f.LoggedAt > k.LoggedAt || f.Id > k.Id))),
            InQueueOrder(facts.Where(f => f.Priority > k.Priority)),
        ];
    }

    private static IQueryable<CaseFacts> InQueueOrder(IQueryable<CaseFacts> facts) =>
        facts.OrderBy(f => f.Priority).ThenBy(f => f.LoggedAt).ThenBy(f => f.Id);

    internal sealed class Handler(AppDbContext db, IStoreAccess access, TimeProvider clock) : IRequestHandler<Query, Model>
    {
        // The page's own rows by id, compiled once (decision 0053). An open case with any resolution on record was reopened
        // (its last one carries the reopen).
        private static readonly Func<AppDbContext, int[], IAsyncEnumerable<Detail>> Details = EF.CompileAsyncQuery(
            (AppDbContext db, int[] ids) => db.Cases.AsNoTracking().Where(c => ids.Contains(c.Id))
                .Select(c => new Detail(c.Id, c.Description, c.Channel, c.Resolutions.Any())));

        public async Task<Model> Handle(Query request, CancellationToken cancellationToken)
        {
            var stores = await QueueFacts.StoresAsync(db, access, cancellationToken);
            if (request.Filter.Store is { } storeId && stores.All(s => s.Id != storeId))
            {
                throw new NotFoundException($"Store {storeId} was not found.");
            }

            var cursor = Cursor.Parse(request.After);
            var now = cursor?.AsOf ?? clock.GetUtcNow().UtcDateTime;
            var facts = Facts(db, stores, await access.StoreIdsAsync(cancellationToken) is null, request.Filter, now);

            // Two bands, each one ordered scan of IX_Cases_QueueOrder with LIMIT (decision 0035): the urgent cases (deadline
            // passed, or an approval waiting), then the rest; within a band most serious first, then oldest, then id.
            var take = request.PageSize + 1;
            var page = new List<(CaseFacts Facts, int Band)>(take);
            var ranges = new List<(IQueryable<CaseFacts> Range, int Band)>();
            if (cursor is null || cursor.UrgentRank == 1)
            {
                ranges.AddRange(Band(facts, urgent: true, now, cursor).Select(r => (r, 1)));
            }

            ranges.AddRange(Band(facts, urgent: false, now, cursor is { UrgentRank: 0 } ? cursor : null).Select(r => (r, 0)));
            foreach (var (range, inBand) in ranges)
            {
                if (page.Count == take)
                {
                    break;
                }

                page.AddRange((await range.Take(take - page.Count).ToListAsync(cancellationToken)).Select(f => (f, inBand)));
            }

            var more = page.Count > request.PageSize;
            if (more)
            {
                page.RemoveAt(page.Count - 1);
            }

            // The order above reads only the queue's covering index; the page's own rows are read by id.
            var details = (await Details(db, [.. page.Select(p => p.Facts.Id)]).ToListAsync(cancellationToken)).ToDictionary(d => d.Id);
            var byId = stores.ToDictionary(s => s.Id);
            var rows = page
                .Select(p => ToRow(QueueFacts.WithLateFlags(p.Facts, details[p.Facts.Id].Channel, byId[p.Facts.StoreId].Targets, now), byId[p.Facts.StoreId], details[p.Facts.Id].Description, details[p.Facts.Id].Channel, details[p.Facts.Id].Reopened, now))
                .ToList();
            var next = more && page.Count > 0 && page[^1] is var (last, band)
                ? new Cursor(now, band, last.Priority, last.LoggedAt, last.Id).ToString()
                : null;
            return new Model(rows, next, now, stores);
        }

        private sealed record Detail(int Id, string Description, Channel Channel, bool Reopened);

        private static Row ToRow(CaseFacts f, QueueStore store, string description, Channel channel, bool reopened, DateTime now)
        {
            var status = RecoveryCase.StatusOf(f.Apologised, f.FollowedUp, reopened, null);
            var (urgency, deadline) = UrgencyOf(f, channel, store.Targets, now);
            return new Row(f.Id, store.Name, f.LoggedAt, now - f.LoggedAt, f.FailureType, f.Severity, description, status, f.Next, urgency, deadline, channel);
        }
    }

    /// <summary>
    /// Danger exactly when a target was missed (the late flags) or an approval waits; warning once three quarters of
    /// the time to the next target has gone, or from the start while a card complaint's customer waits for the store to
    /// contact them (urgent, but not late: decision 0047). A card complaint's apology is made when the customer is
    /// contacted, so it is worded as the contact, due at the follow-up target.
    /// </summary>
    public static (Urgency Urgency, string Text) UrgencyOf(CaseFacts facts, Channel channel, EffectiveTargets targets, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(targets);
        var contact = RecoveryCase.ApologisedAtContact(channel) && !facts.Apologised && !facts.FollowedUp;
        if (facts.ApologyLate)
        {
            return (Urgency.Danger, contact ? "Contact overdue" : "Apology overdue");
        }

        if (facts.FollowUpLate)
        {
            return (Urgency.Danger, "Follow-up overdue");
        }

        if (facts.AwaitsApproval)
        {
            return (Urgency.Danger, "Approval waiting");
        }

        TimeSpan? window = !facts.Apologised ? RecoveryCase.ApologyTarget(channel, facts.Severity, targets)
            : !facts.FollowedUp ? RecoveryCase.FollowUpTarget(facts.Severity, targets)
            : null;
        if (window is not { } w)
        {
            return (Urgency.Normal, "Targets met");
        }

        var left = facts.LoggedAt + w - now;
        var what = contact ? "Contact" : facts.Apologised ? "Follow-up" : "Apology";
        var waiting = RecoveryCase.AwaitsContact(channel, facts.Severity, facts.Apologised, facts.FollowedUp);
        return (waiting || left <= w / 4 ? Urgency.Warning : Urgency.Normal, $"{what} due in {Ages.Format(left)}");
    }
}

public static class Ages
{
    /// <summary>"2 h 10 min", "3 d 4 h", "under a minute".</summary>
    public static string Format(TimeSpan span)
    {
        if (span < TimeSpan.FromMinutes(1))
        {
            return "under a minute";
        }

        return span.TotalDays >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalDays} d {span.Hours} h")
            : span.TotalHours >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours} h {span.Minutes} min")
            : string.Create(CultureInfo.InvariantCulture, $"{span.Minutes} min");
    }
}
