using MediatR;
using Microsoft.EntityFrameworkCore;
using ServiceRecovery.Web.Data;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Infrastructure;
using ServiceRecovery.Web.Infrastructure.Auth;

namespace ServiceRecovery.Web.Pages.Cases;

public static class CaseDetails
{
    public sealed record Query(int CaseId) : IRequest<Model>;

    /// <summary>
    /// The whole case, read-only, with its store: the domain object itself answers "what can be done now".
    /// <paramref name="SeesContact"/>: the customer's contact details are for the manager's follow-up, so managers and
    /// owners see them, and so does the cashier who typed them in; any other cashier sees only that they are on file.
    /// </summary>
    public sealed record Model(RecoveryCase Case, Store Store, bool SeesContact, EffectiveTargets Targets, DateTime Now)
    {
        /// <summary>When the apology is due (null once recorded): a card complaint's with the contact, at the follow-up target (decision 0047).</summary>
        public DateTime? ApologyDueBy => Case.ApologyDueBy(Targets);

        public string Local(DateTime utc) => Store.ToLocal(utc).ToString("ddd d MMM, HH:mm", System.Globalization.CultureInfo.InvariantCulture);

        public string Money(long minor) => Domain.Money.Format(minor, Store.Currency);

        public long CompensationTotal => Case.Compensations.Sum(c => c.CostMinor);
    }

    internal sealed class Handler(AppDbContext db, IStoreAccess access, ICurrentUser user, TimeProvider clock) : IRequestHandler<Query, Model>
    {
        public async Task<Model> Handle(Query request, CancellationToken cancellationToken)
        {
            var recoveryCase = await db.Cases
                .AsNoTracking()
                .Include(c => c.Compensations)
                .Include(c => c.FollowUps)
                .Include(c => c.Resolutions)
                .Include(c => c.Timeline.OrderBy(e => e.At).ThenBy(e => e.Id))
                .AsSplitQuery()
                .FirstOrDefaultAsync(c => c.Id == request.CaseId, cancellationToken)
                ?? throw new NotFoundException($"Case {request.CaseId} was not found.");
            await access.EnsureAccessAsync(recoveryCase.StoreId, cancellationToken);
            var store = await db.Stores.AsNoTracking().FirstAsync(s => s.Id == recoveryCase.StoreId, cancellationToken);
            var seesContact = user.CanManage || recoveryCase.LoggedByUserId == user.Id;
            var targets = await db.EffectiveTargetsAsync(store.Id, cancellationToken);
            return new Model(recoveryCase, store, seesContact, targets, clock.GetUtcNow().UtcDateTime);
        }
    }
}
