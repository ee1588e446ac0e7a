using MediatR;
using Microsoft.EntityFrameworkCore;
using ServiceRecovery.Web.Data;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Infrastructure;
using ServiceRecovery.Web.Infrastructure.Auth;

namespace ServiceRecovery.Web.Pages.Cards;

/// <summary>One store's tell-us cards for its managers and the owners: card complaints, praise, suggestions, overflow.</summary>
public static class StoreCards
{
    public const int ListLength = 100;
    public const int OverflowDays = 7;

    [RequiresRole(Roles.Manager, Roles.Owner)]
    public sealed record Query(int? Store) : IRequest<Model>;

    public sealed record StoreOption(int Id, string Name);

    public sealed record Model(
        IReadOnlyList<StoreOption> Stores, Store Store, IReadOnlyList<ComplaintRow> Complaints, IReadOnlyList<PraiseRow> Praise,
        IReadOnlyList<SuggestionRow> Suggestions, IReadOnlyList<OverflowRow> Overflow, IReadOnlyList<EmployeeCount> PraiseByEmployee);

    public sealed record ComplaintRow(int Id, DateTime LoggedAt, string Description, bool IsOpen, bool WithContact);

    public sealed record Contact(string? Name, string? Phone, string? Email);

    public sealed record PraiseRow(DateTime ReceivedAt, string Text, string? EmployeeName, string? StaffName, Contact? Customer);

    public sealed record SuggestionRow(int Id, int Version, DateTime ReceivedAt, string Text, SuggestionStatus Status, Contact? Customer, string? LastChange);

    public sealed record OverflowRow(DateOnly Day, FeedbackKind Kind, int Count);

    /// <summary>Praise in the last 30 days per person: a staff account's name, or the name as written when none matched.</summary>
    public sealed record EmployeeCount(string Name, bool IsStaffAccount, int Count);

    internal sealed class Handler(AppDbContext db, IStoreAccess access, TimeProvider clock) : IRequestHandler<Query, Model>
    {
        public async Task<Model> Handle(Query request, CancellationToken cancellationToken)
        {
            var stores = await db.Stores.AsNoTracking().Visible(await access.StoreIdsAsync(cancellationToken)).OrderBy(s => s.Name).ToListAsync(cancellationToken);
            var store = (request.Store is { } id ? stores.FirstOrDefault(s => s.Id == id) : stores.FirstOrDefault())
                ?? throw new NotFoundException("That store was not found.");
            var now = clock.GetUtcNow().UtcDateTime;

            var complaints = await db.Cases.AsNoTracking()
                .Where(c => c.StoreId == store.Id && c.Channel == Channel.FeedbackCard)
                .OrderByDescending(c => c.LoggedAt).Take(ListLength)
                .Select(c => new ComplaintRow(c.Id, c.LoggedAt, c.Description, c.IsOpen, c.Customer != null))
                .ToListAsync(cancellationToken);

            var praise = await db.Commendations.AsNoTracking()
                .Where(c => c.StoreId == store.Id)
                .OrderByDescending(c => c.ReceivedAt).Take(ListLength)
                .Select(c => new PraiseRow(
                    c.ReceivedAt, c.Text, c.EmployeeName,
                    db.Users.Where(u => u.Id == c.StaffUserId).Select(u => u.DisplayName).FirstOrDefault(),
                    c.Customer == null ? null : new Contact(c.Customer.Name, c.Customer.Phone, c.Customer.Email)))
                .ToListAsync(cancellationToken);

            var suggestions = await db.Suggestions.AsNoTracking()
                .Where(s => s.StoreId == store.Id)
                .OrderBy(s => s.Status == SuggestionStatus.Adopted).ThenByDescending(s => s.ReceivedAt).Take(ListLength)
                .Select(s => new
                {
                    s.Id, s.Version, s.ReceivedAt, s.Text, s.Status,
                    Customer = s.Customer == null ? null : new Contact(s.Customer.Name, s.Customer.Phone, s.Customer.Email),
                    Last = s.Changes.OrderByDescending(c => c.At).Select(c => new { c.To, c.By, c.At }).FirstOrDefault(),
                })
                .ToListAsync(cancellationToken);

            var since = now.AddDays(-OverflowDays);
            var overflow = await db.CardOverflows.AsNoTracking()
                .Where(o => o.StoreId == store.Id && o.HourUtc >= since)
                .Select(o => new { o.HourUtc, o.Kind, o.Count })
                .ToListAsync(cancellationToken);

            var monthAgo = now.AddDays(-30);
            // At most the praise cap a day (decision 0017), so a month of names is small enough to group here, ignoring case.
            var praised = await db.Commendations.AsNoTracking()
                .Where(c => c.StoreId == store.Id && c.ReceivedAt >= monthAgo && c.EmployeeName != null)
                .Select(c => new { c.StaffUserId, c.EmployeeName })
                .ToListAsync(cancellationToken);
            var byEmployee = praised
                .GroupBy(c => (c.StaffUserId, Name: c.StaffUserId is null ? c.EmployeeName!.ToUpperInvariant() : null))
                .Select(g => new { g.Key.StaffUserId, Written = g.First().EmployeeName, Count = g.Count() })
                .ToList();
            var staffIds = byEmployee.Where(e => e.StaffUserId != null).Select(e => e.StaffUserId).ToList();
            var staffNames = await db.Users.AsNoTracking().Where(u => staffIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);

            return new Model(
                stores.Select(s => new StoreOption(s.Id, s.Name)).ToList(),
                store,
                complaints,
                praise,
                suggestions.Select(s => new SuggestionRow(s.Id, s.Version, s.ReceivedAt, s.Text, s.Status, s.Customer,
                    s.Last is null ? null : $"{Labels.Of(s.Last.To)} by {s.Last.By}, {store.ToLocal(s.Last.At):d MMM yyyy HH:mm}")).ToList(),
                overflow
                    .GroupBy(o => (Day: DateOnly.FromDateTime(store.ToLocal(o.HourUtc)), o.Kind))
                    .Select(g => new OverflowRow(g.Key.Day, g.Key.Kind, g.Sum(o => o.Count)))
                    .OrderByDescending(o => o.Day).ThenBy(o => o.Kind).ToList(),
                byEmployee
                    .Select(e => e.StaffUserId is { } staff && staffNames.TryGetValue(staff, out var name)
                        ? new EmployeeCount(name, true, e.Count)
                        : new EmployeeCount(e.Written ?? "?", false, e.Count))
                    .OrderByDescending(e => e.Count).ThenBy(e => e.Name, StringComparer.OrdinalIgnoreCase).ToList());
        }
    }
}
