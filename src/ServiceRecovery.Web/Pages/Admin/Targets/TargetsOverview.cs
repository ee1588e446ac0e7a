using MediatR;
using Microsoft.EntityFrameworkCore;
using ServiceRecovery.Web.Data;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Infrastructure;
using ServiceRecovery.Web.Infrastructure.Auth;

namespace ServiceRecovery.Web.Pages.Admin.Targets;

/// <summary>The chain's targets and, for every store (or one), its overrides and what is in force there.</summary>
public static class TargetsOverview
{
    [RequiresRole(Roles.Owner)]
    public sealed record Query(int? StoreId = null) : IRequest<Model>;

    public sealed record Model(RecoveryTargets Chain, string ChainCurrency, IReadOnlyList<StoreRow> Stores);

    public sealed record StoreRow(int Id, string Name, string Currency, RecoveryTargets? Override, EffectiveTargets Effective);

    internal sealed class Handler(AppDbContext db) : IRequestHandler<Query, Model>
    {
        public async Task<Model> Handle(Query request, CancellationToken cancellationToken)
        {
            var stores = await db.Stores.AsNoTracking().OrderBy(s => s.Name).ToListAsync(cancellationToken);
            var rows = await db.Targets.AsNoTracking().ToListAsync(cancellationToken);
            var chain = rows.FirstOrDefault(t => t.StoreId is null) ?? RecoveryTargets.ChainDefaults();
            var shown = stores.Where(s => request.StoreId is null || s.Id == request.StoreId).ToList();
            if (request.StoreId is not null && shown.Count == 0)
            {
                throw new NotFoundException($"Store {request.StoreId} was not found.");
            }

            return new Model(
                chain,
                TargetRules.ChainCurrency(stores.Select(s => s.Currency)),
                shown.Select(s =>
                {
                    var own = rows.FirstOrDefault(t => t.StoreId == s.Id);
                    return new StoreRow(s.Id, s.Name, s.Currency, own, EffectiveTargets.Combine(chain, own));
                }).ToList());
        }
    }
}
