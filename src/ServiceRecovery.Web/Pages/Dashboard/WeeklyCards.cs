using MediatR;
using Microsoft.EntityFrameworkCore;
using ServiceRecovery.Web.Data;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Infrastructure.Auth;

namespace ServiceRecovery.Web.Pages.Dashboard;

/// <summary>
/// The tell-us cards' figures for the dashboard's week and stores, kept apart from <see cref="WeeklyDashboard"/>: praise
/// per store and per employee (by the day it arrived), suggestions adopted that week, complaints that came by card. Praise
/// and suggestions are one GROUP BY each, over every time zone's own local Monday-to-Monday; the complaints are the
/// rollup's count of the week's cases by card (decisions 0049 and 0051).
/// </summary>
public static class WeeklyCards
{
    [RequiresRole(Roles.Manager, Roles.Owner)]
    public sealed record Query(IsoWeek Week, int? Store) : IRequest<Model>;

    public sealed record Model(int Praise, int AdoptedSuggestions, int CardComplaints, IReadOnlyList<StoreCount> ByStore, IReadOnlyList<EmployeeCount> ByEmployee);

    public sealed record StoreCount(int StoreId, string StoreName, int Praise, int AdoptedSuggestions, int CardComplaints);

    /// <summary>One praised person at one store: a staff account's name, or the name as written when no account matched.</summary>
    public sealed record EmployeeCount(string StoreName, string Name, bool IsStaffAccount, int Praise);

    internal sealed class Handler(AppDbContext db, IStoreAccess access, TimeProvider clock) : IRequestHandler<Query, Model>
    {
        public async Task<Model> Handle(Query request, CancellationToken cancellationToken)
        {
            var scope = await DashboardScope.ResolveAsync(db, access, clock, request.Week, request.Store, cancellationToken);
            var praise = (await db.Commendations.AsNoTracking()
                    .Where(scope.During<Commendation>(request.Week, (ids, start, end) => c => ids.Contains(c.StoreId) && c.ReceivedAt >= start && c.ReceivedAt < end))
                    .GroupBy(c => new { c.StoreId, c.StaffUserId, c.EmployeeName })
                    .Select(g => new { g.Key.StoreId, g.Key.StaffUserId, g.Key.EmployeeName, Count = g.Count() })
                    .ToListAsync(cancellationToken))
                .Select(g => (g.StoreId, g.StaffUserId, Name: g.EmployeeName, g.Count))
                .ToList();
            var adopted = await db.Suggestions.AsNoTracking()
                .Where(scope.During<Suggestion>(request.Week, (ids, start, end) => s => ids.Contains(s.StoreId) && s.AdoptedAt >= start && s.AdoptedAt < end))
                .GroupBy(s => s.StoreId)
                .Select(g => new { g.Key, Count = g.Count() })
                .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);

            // Complaints by card are the week's cases of that channel: the dashboard's rollup counts them per store already.
            var week = DashboardRollup.WeekKey(request.Week.Year, request.Week.Week);
            var storeIds = scope.InView.Select(s => s.Id).ToArray();
            var complaints = await db.DashboardFacts.AsNoTracking()
                .Where(f => f.Week == week && storeIds.Contains(f.StoreId) && f.Kind == DashboardFactKind.Channel && f.Value == (int)Channel.FeedbackCard)
                .ToDictionaryAsync(f => f.StoreId, f => f.Cases, cancellationToken);

            var staffIds = praise.Where(p => p.StaffUserId is not null).Select(p => p.StaffUserId!).Distinct().ToList();
            var staffNames = staffIds.Count == 0 ? []
                : await db.Users.AsNoTracking().Where(u => staffIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
            var names = scope.InView.ToDictionary(s => s.Id, s => s.Name);
            var byEmployee = praise
                .Where(p => p.StaffUserId is not null || p.Name is not null)
                .GroupBy(p => (p.StoreId, p.StaffUserId, Written: p.StaffUserId is null ? p.Name!.ToUpperInvariant() : null))
                .Select(g => g.Key.StaffUserId is { } id && staffNames.TryGetValue(id, out var staffName)
                    ? new EmployeeCount(names[g.Key.StoreId], staffName, true, g.Sum(p => p.Count))
                    : new EmployeeCount(names[g.Key.StoreId], g.First().Name ?? "?", false, g.Sum(p => p.Count)))
                .OrderByDescending(e => e.Praise).ThenBy(e => e.StoreName, StringComparer.Ordinal).ThenBy(e => e.Name, StringComparer.OrdinalIgnoreCase)
                .ToList();
            var byStore = scope.InView
                .Select(s => new StoreCount(s.Id, s.Name, praise.Where(p => p.StoreId == s.Id).Sum(p => p.Count), adopted.GetValueOrDefault(s.Id), complaints.GetValueOrDefault(s.Id)))
                .ToList();
            return new Model(byStore.Sum(s => s.Praise), byStore.Sum(s => s.AdoptedSuggestions), byStore.Sum(s => s.CardComplaints), byStore, byEmployee);
        }
    }
}
