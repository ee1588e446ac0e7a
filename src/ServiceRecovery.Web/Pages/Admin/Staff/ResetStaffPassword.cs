using MediatR;
using Microsoft.AspNetCore.Identity;
using ServiceRecovery.Web.Data;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Infrastructure;
using ServiceRecovery.Web.Infrastructure.Auth;

namespace ServiceRecovery.Web.Pages.Admin.Staff;

/// <summary>
/// Replaces a forgotten password with a new temporary one, to be changed at the next sign-in. The new password also
/// renews the security stamp (so other sessions end) and lifts a lockout from failed attempts — but not a disable.
/// </summary>
public static class ResetStaffPassword
{
    [RequiresRole(Roles.Owner)]
    public sealed record Command(string UserId) : IRequest<string>;

    internal sealed class Handler(UserManager<AppUser> users, AppDbContext db, ICurrentUser actor, ILogger<Handler> logger) : IRequestHandler<Command, string>
    {
        public async Task<string> Handle(Command request, CancellationToken cancellationToken)
        {
            var user = await users.FindByIdAsync(request.UserId) ?? throw new NotFoundException($"Staff account {request.UserId} was not found.");
            if (user.Id == actor.Id)
            {
                throw StaffAccounts.Failure(string.Empty, "To change your own password, use \"Change password\" at the bottom of the page.");
            }

            var password = StaffAccounts.TemporaryPassword();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            StaffAccounts.Check(await users.RemovePasswordAsync(user));
            StaffAccounts.Check(await users.AddPasswordAsync(user, password));
            user.MustChangePassword = true;
            if (!user.IsDisabled)
            {
                user.LockoutEnd = null;
                user.AccessFailedCount = 0;
            }

            StaffAccounts.Check(await users.UpdateAsync(user));
            await transaction.CommitAsync(cancellationToken);

            AdminEvents.StaffPasswordReset(logger, user.Id, actor.Id);
            return password;
        }
    }
}
