using MediatR;
using Microsoft.EntityFrameworkCore;
using ServiceRecovery.Web.Data;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Infrastructure;
using ServiceRecovery.Web.Infrastructure.Auth;

namespace ServiceRecovery.Web.Pages.Admin.Staff;

/// <summary>One account as the admin pages show it, or every account for the list.</summary>
public static class StaffMember
{
    [RequiresRole(Roles.Owner)]
    public sealed record Query(string UserId) : IRequest<Model>;

    [RequiresRole(Roles.Owner)]
    public sealed record ListQuery : IRequest<IReadOnlyList<Model>>;

    public sealed record Model(string Id, string DisplayName, string Email, StaffRole? Role, IReadOnlyList<StoreOption> Stores, bool IsDisabled, bool MustChangePassword);

    internal sealed class Handler(AppDbContext db) : IRequestHandler<Query, Model>, IRequestHandler<ListQuery, IReadOnlyList<Model>>
    {
        public async Task<Model> Handle(Query request, CancellationToken cancellationToken) =>
            (await LoadAsync(request.UserId, cancellationToken)).SingleOrDefault()
            ?? throw new NotFoundException($"Staff account {request.UserId} was not found.");

        public async Task<IReadOnlyList<Model>> Handle(ListQuery request, CancellationToken cancellationToken) =>
            await LoadAsync(null, cancellationToken);

        private async Task<List<Model>> LoadAsync(string? userId, CancellationToken cancellationToken)
        {
            var users = await db.Users.AsNoTracking()
                .Where(u => userId == null || u.Id == userId)
                .OrderBy(u => u.DisplayName)
                .Select(u => new { u.Id, u.DisplayName, u.Email, u.IsDisabled, u.MustChangePassword })
                .ToListAsync(cancellationToken);
            var roles = await (from userRole in db.UserRoles
                               join role in db.Roles on userRole.RoleId equals role.Id
                               where userId == null || userRole.UserId == userId
                               select new { userRole.UserId, role.Name })
                .ToListAsync(cancellationToken);
            var stores = await (from member in db.StoreMembers
                                join store in db.Stores on member.StoreId equals store.Id
                                where userId == null || member.UserId == userId
                                orderby store.Name
                                select new { member.UserId, store.Id, store.Name })
                .ToListAsync(cancellationToken);

            return users.Select(u => new Model(
                    u.Id,
                    u.DisplayName,
                    u.Email ?? string.Empty,
                    roles.Where(r => r.UserId == u.Id).Select(r => Enum.TryParse<StaffRole>(r.Name, out var role) ? role : (StaffRole?)null).FirstOrDefault(),
                    stores.Where(s => s.UserId == u.Id).Select(s => new StoreOption(s.Id, s.Name)).ToList(),
                    u.IsDisabled,
                    u.MustChangePassword))
                .ToList();
        }
    }
}
