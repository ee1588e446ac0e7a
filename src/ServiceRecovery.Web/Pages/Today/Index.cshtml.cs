using System.Globalization;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ServiceRecovery.Web.Data;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Infrastructure.Auth;
using ServiceRecovery.Web.Pages.Cases;

namespace ServiceRecovery.Web.Pages.Today;

public sealed class IndexModel(IMediator mediator) : PageModel
{
    public TodayAtStore.Model? Data { get; private set; }

    public IReadOnlyList<StoreChoices.StoreOption> Stores { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int? storeId, CancellationToken cancellationToken)
    {
        Stores = await mediator.Send(new StoreChoices.Query(), cancellationToken);
        var store = Stores.FirstOrDefault(s => s.Id == storeId) ?? (Stores.Count > 0 ? Stores[0] : null);
        if (storeId is not null && store?.Id != storeId)
        {
            return NotFound();
        }

        if (store is not null)
        {
            Data = await mediator.Send(new TodayAtStore.Query(store.Id), cancellationToken);
        }

        return Page();
    }
}

/// <summary>
/// The cases logged today (the store's local day) at one store, with what each needs next; and the signed-in
/// user's own cases from earlier days that are still open.
/// </summary>
public static class TodayAtStore
{
    public sealed record Query(int StoreId) : IRequest<Model>;

    public sealed record Model(int StoreId, string StoreName, DateTime LocalDate, IReadOnlyList<Row> Cases, IReadOnlyList<Row> MyEarlierOpen);

    public sealed record Row(int Id, string LoggedAtLocal, FailureType FailureType, Severity Severity, string Description, CaseStatus Status, bool ApprovalPending, Channel Channel);

    /// <summary>How many of the user's open cases from earlier days are listed: the most recent ones.</summary>
    public const int EarlierOpenShown = 20;

    internal sealed class Handler(AppDbContext db, IStoreAccess access, ICurrentUser user, TimeProvider clock) : IRequestHandler<Query, Model>
    {
        public async Task<Model> Handle(Query request, CancellationToken cancellationToken)
        {
            await access.EnsureAccessAsync(request.StoreId, cancellationToken);
            var store = await db.Stores.AsNoTracking().FirstAsync(s => s.Id == request.StoreId, cancellationToken);
            var now = clock.GetUtcNow().UtcDateTime;
            var (start, end) = store.LocalDayContaining(now);

            var today = await RowsAsync(
                db.Cases.Where(c => c.StoreId == store.Id && c.LoggedAt >= start && c.LoggedAt < end),
                newest: null,
                utc => store.ToLocal(utc).ToString("HH:mm", CultureInfo.InvariantCulture),
                cancellationToken);

            var storeIds = await access.StoreIdsAsync(cancellationToken);
            var mine = await RowsAsync(
                db.Cases.Where(c => c.LoggedByUserId == user.Id && c.LoggedAt < start
                    && (storeIds == null || storeIds.Contains(c.StoreId))
                    && c.IsOpen),
                EarlierOpenShown,
                utc => store.ToLocal(utc).ToString("d MMM HH:mm", CultureInfo.InvariantCulture),
                cancellationToken);

            return new Model(store.Id, store.Name, store.ToLocal(now).Date, today, mine);
        }

        /// <summary>
        /// Newest first (only the <paramref name="newest"/> most recent when given); projects only the facts a status is
        /// derived from; the rule itself is RecoveryCase.StatusOf.
        /// </summary>
        private static async Task<List<Row>> RowsAsync(IQueryable<RecoveryCase> cases, int? newest, Func<DateTime, string> time, CancellationToken cancellationToken)
        {
            var ordered = cases.AsNoTracking().OrderByDescending(c => c.LoggedAt).ThenByDescending(c => c.Id);
            var facts = await (newest is { } count ? ordered.Take(count) : ordered)
                .Select(c => new
                {
                    c.Id,
                    c.LoggedAt,
                    c.FailureType,
                    c.Severity,
                    c.Description,
                    c.Channel,
                    Apologised = c.Apology != null,
                    ApprovalPending = c.Compensations.Any(x => x.Approval == CompensationApproval.Pending),
                    LastFollowUpAt = c.FollowUps.Max(f => (DateTime?)f.At),
                    LastResolution = c.Resolutions.OrderByDescending(r => r.Id).Select(r => new { r.Outcome, r.ReopenedAt }).FirstOrDefault(),
                })
                .ToListAsync(cancellationToken);

            return facts.Select(f =>
            {
                var reopenedAt = f.LastResolution?.ReopenedAt;
                var resolvedAs = f.LastResolution is { ReopenedAt: null } r ? r.Outcome : (ResolutionOutcome?)null;
                var currentFollowUp = f.LastFollowUpAt is { } at && (reopenedAt is null || at > reopenedAt);
                var status = RecoveryCase.StatusOf(f.Apologised, currentFollowUp, reopenedAt is not null, resolvedAs, f.ApprovalPending);
                return new Row(f.Id, time(f.LoggedAt), f.FailureType, f.Severity, f.Description, status, f.ApprovalPending, f.Channel);
            }).ToList();
        }
    }
}
