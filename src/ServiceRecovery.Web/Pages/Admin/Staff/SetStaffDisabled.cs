using MediatR;
using Microsoft.AspNetCore.Identity;
using ServiceRecovery.Web.Data;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Infrastructure;
using ServiceRecovery.Web.Infrastructure.Auth;

namespace ServiceRecovery.Web.Pages.Admin.Staff;

/// <summary>
/// Disabling locks the account for good and renews its security stamp, so sign-in is refused at once and open sessions
/// end at their next stamp check. Enabling lifts the lock; the account keeps its password.
/// </summary>
public static class SetStaffDisabled
{
    [RequiresRole(Roles.Owner)]
    public sealed record Command(string UserId, bool Disabled) : IRequest<string>;

    internal sealed class Handler(UserManager<AppUser> users, ICurrentUser actor, ILogger<Handler> logger) : IRequestHandler<Command, string>
    {
        public async Task<string> Handle(Command request, CancellationToken cancellationToken)
        {
            var user = await users.FindByIdAsync(request.UserId) ?? throw new NotFoundException($"Staff account {request.UserId} was not found.");
            if (request.Disabled && user.Id == actor.Id)
            {
                throw StaffAccounts.Failure(string.Empty, "You cannot disable your own account. Another owner can.");
            }

            if (request.Disabled)
            {
                user.IsDisabled = true;
                user.LockoutEnabled = true;
                user.LockoutEnd = DateTimeOffset.MaxValue;
                StaffAccounts.Check(await users.UpdateSecurityStampAsync(user));
                AdminEvents.StaffDisabled(logger, user.Id, actor.Id);
            }
            else
            {
                user.IsDisabled = false;
                user.LockoutEnd = null;
                user.AccessFailedCount = 0;
                StaffAccounts.Check(await users.UpdateAsync(user));
                AdminEvents.StaffEnabled(logger, user.Id, actor.Id);
            }

            return user.Id;
        }
    }
}
