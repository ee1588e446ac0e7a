using MediatR;
using Microsoft.EntityFrameworkCore;
using ServiceRecovery.Web.Data;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Infrastructure.Auth;

namespace ServiceRecovery.Web.Pages.Queue;

/// <summary>
/// The header strip (the user's stores, unfiltered) and how many cases each filter value would show given the other
/// filters. One grouped query per date range returns a few hundred rows at most; the sums are done here.
/// </summary>
public static class QueueCounts
{
    [RequiresRole(Roles.Manager, Roles.Owner)]
    public sealed record Query(QueueFilter Filter) : IRequest<Model>;

    public sealed record Header(int Open, int Overdue, int PendingApprovals, TimeSpan? OldestAge);

    public sealed record Model(
        Header Header,
        IReadOnlyDictionary<int, int> ByStore,
        IReadOnlyDictionary<FailureType, int> ByType,
        IReadOnlyDictionary<Severity, int> BySeverity,
        IReadOnlyDictionary<NextStep, int> ByNext,
        int Overdue,
        int Matching);

    public sealed record Group(int StoreId, FailureType Type, Severity Severity, NextStep Next, bool Overdue, int Count, DateTime Oldest);

    internal sealed class Handler(AppDbContext db, IStoreAccess access, TimeProvider clock) : IRequestHandler<Query, Model>
    {
        public async Task<Model> Handle(Query request, CancellationToken cancellationToken)
        {
            var filter = request.Filter;
            var stores = await QueueFacts.StoresAsync(db, access, cancellationToken);
            var now = clock.GetUtcNow().UtcDateTime;
            var allStores = await access.StoreIdsAsync(cancellationToken) is null;
            var all = await GroupsAsync(QueueFacts.Open(db, stores, allStores, now), cancellationToken);
            var dated = filter.From is null && filter.To is null
                ? all
                : await GroupsAsync(QueueFacts.Open(db, stores, allStores, now).Filtered(new QueueFilter { From = filter.From, To = filter.To }, stores), cancellationToken);

            var header = new Header(
                all.Sum(g => g.Count),
                all.Where(g => g.Overdue).Sum(g => g.Count),
                all.Where(g => g.Next == NextStep.Approve).Sum(g => g.Count),
                all.Count > 0 ? now - all.Min(g => g.Oldest) : null);

            IEnumerable<Group> Except(QueueFacts.Facet facet) => dated.Where(g =>
                (facet == QueueFacts.Facet.Store || filter.Store is null || g.StoreId == filter.Store)
                && (facet == QueueFacts.Facet.Type || filter.Type is null || g.Type == filter.Type)
                && (facet == QueueFacts.Facet.Severity || filter.Severity is null || g.Severity == filter.Severity)
                && (facet == QueueFacts.Facet.Next || filter.Next is null || g.Next == filter.Next)
                && (facet == QueueFacts.Facet.Overdue || !filter.Overdue || g.Overdue));

            return new Model(
                header,
                Except(QueueFacts.Facet.Store).GroupBy(g => g.StoreId).ToDictionary(x => x.Key, x => x.Sum(g => g.Count)),
                Except(QueueFacts.Facet.Type).GroupBy(g => g.Type).ToDictionary(x => x.Key, x => x.Sum(g => g.Count)),
                Except(QueueFacts.Facet.Severity).GroupBy(g => g.Severity).ToDictionary(x => x.Key, x => x.Sum(g => g.Count)),
                Except(QueueFacts.Facet.Next).GroupBy(g => g.Next).ToDictionary(x => x.Key, x => x.Sum(g => g.Count)),
                Except(QueueFacts.Facet.Overdue).Where(g => g.Overdue).Sum(g => g.Count),
                Except(QueueFacts.Facet.None).Sum(g => g.Count));
        }

        private static async Task<List<Group>> GroupsAsync(IQueryable<CaseFacts> facts, CancellationToken cancellationToken) =>
            await facts
                .GroupBy(f => new { f.StoreId, f.FailureType, f.Severity, f.Next, Overdue = f.ApologyLate || f.FollowUpLate })
                .Select(g => new Group(g.Key.StoreId, g.Key.FailureType, g.Key.Severity, g.Key.Next, g.Key.Overdue, g.Count(), g.Min(f => f.LoggedAt)))
                .ToListAsync(cancellationToken);
    }
}
