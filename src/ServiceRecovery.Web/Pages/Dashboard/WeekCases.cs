using MediatR;
using Microsoft.EntityFrameworkCore;
using ServiceRecovery.Web.Data;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Infrastructure.Auth;

namespace ServiceRecovery.Web.Pages.Dashboard;

/// <summary>
/// The cases behind a dashboard week, one row each, for the accountant's CSV. No customer contact and no free text
/// (a description may name a person): only facts, times and what the recovery cost.
/// </summary>
public static class WeekCases
{
    [RequiresRole(Roles.Manager, Roles.Owner)]
    public sealed record Query(IsoWeek? Week = null, int? Store = null) : IRequest<Model>;

    public sealed record Model(IsoWeek Week, IReadOnlyList<Row> Rows);

    public sealed record Row(
        int Id, string Store, DateTime LoggedAt, DateTime LoggedAtLocal, Channel Channel, FailureType FailureType, Severity Severity,
        DateTime? ApologisedAt, DateTime? FollowedUpAt, bool Open, ResolutionOutcome? Outcome, RootCause? RootCause,
        ServiceDimension? Dimension, long CostMinor, long PendingMinor, string Currency);

    internal sealed class Handler(AppDbContext db, IStoreAccess access, TimeProvider clock) : IRequestHandler<Query, Model>
    {
        public async Task<Model> Handle(Query request, CancellationToken cancellationToken)
        {
            var scope = await DashboardScope.ResolveAsync(db, access, clock, request.Week, request.Store, cancellationToken);
            var rows = await scope.Cases(db, scope.Week)
                .OrderBy(c => c.LoggedAt).ThenBy(c => c.Id)
                .Select(c => new
                {
                    c.Id,
                    c.StoreId,
                    c.LoggedAt,
                    c.Channel,
                    c.FailureType,
                    c.Severity,
                    c.ApologisedAt,
                    c.FollowedUpAt,
                    c.IsOpen,
                    // The standing resolution's facts are stored on the case by Refresh() (decision 0015): no subquery per row.
                    Outcome = c.ResolvedOutcome,
                    RootCause = c.ResolvedRootCause,
                    Dimension = c.ResolvedDimension,
                    Cost = c.Compensations.Where(m => m.Approval == CompensationApproval.NotNeeded || m.Approval == CompensationApproval.Approved).Sum(m => m.ValueMinor),
                    Pending = c.Compensations.Where(m => m.Approval == CompensationApproval.Pending).Sum(m => m.ValueMinor),
                })
                .ToListAsync(cancellationToken);
            var stores = scope.InView.ToDictionary(s => s.Id, s => s.Store);
            return new Model(scope.Week, rows.Select(r =>
            {
                var store = stores[r.StoreId];
                return new Row(
                    r.Id, store.Name, r.LoggedAt, store.ToLocal(r.LoggedAt), r.Channel, r.FailureType, r.Severity, r.ApologisedAt, r.FollowedUpAt,
                    r.IsOpen, r.IsOpen ? null : r.Outcome, r.IsOpen ? null : r.RootCause, r.IsOpen ? null : r.Dimension, r.Cost, r.Pending, store.Currency);
            }).ToList());
        }
    }
}
