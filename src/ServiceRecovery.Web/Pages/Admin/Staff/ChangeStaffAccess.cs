using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using ServiceRecovery.Web.Data;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Infrastructure;
using ServiceRecovery.Web.Infrastructure.Auth;

namespace ServiceRecovery.Web.Pages.Admin.Staff;

/// <summary>Changes an account's name, role and stores. Store access applies at once; role claims at the next security-stamp check.</summary>
public static class ChangeStaffAccess
{
    [RequiresRole(Roles.Owner)]
    public sealed class Command : IRequest<string>
    {
        /// <summary>From the route, never from the form.</summary>
        public string UserId { get; set; } = string.Empty;

        public string? DisplayName { get; set; }

        public StaffRole Role { get; set; }

        public List<int> StoreIds { get; set; } = [];
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.DisplayName)
                .NotEmpty().WithMessage("Enter the name colleagues know them by.")
                .MaximumLength(100).WithMessage("Keep the name under 100 characters.");
            RuleFor(c => c.Role).IsInEnum().WithMessage("Choose a role.");
            RuleFor(c => c.StoreIds)
                .NotEmpty().When(c => StaffAccounts.NeedsStores(c.Role))
                .WithMessage("Choose at least one store: cashiers and managers work at their own stores.");
        }
    }

    internal sealed class Handler(UserManager<AppUser> users, AppDbContext db, ICurrentUser actor, ILogger<Handler> logger) : IRequestHandler<Command, string>
    {
        public async Task<string> Handle(Command request, CancellationToken cancellationToken)
        {
            var user = await users.FindByIdAsync(request.UserId) ?? throw new NotFoundException($"Staff account {request.UserId} was not found.");
            var role = request.Role.ToString();

            // So the chain always keeps an owner who can undo mistakes: another owner must do it.
            if (user.Id == actor.Id && request.Role != StaffRole.Owner)
            {
                throw StaffAccounts.Failure(nameof(Command.Role), "You cannot take away your own owner role. Another owner can.");
            }

            var storeIds = await db.MembershipsAsync(request.Role, request.StoreIds, cancellationToken);

            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            user.DisplayName = request.DisplayName!.Trim();
            StaffAccounts.Check(await users.UpdateAsync(user));
            var current = await users.GetRolesAsync(user);
            if (!current.SequenceEqual([role]))
            {
                StaffAccounts.Check(await users.RemoveFromRolesAsync(user, current));
                StaffAccounts.Check(await users.AddToRoleAsync(user, role));
            }

            db.StoreMembers.RemoveRange(await db.StoreMembers.Where(m => m.UserId == user.Id).ToListAsync(cancellationToken));
            db.StoreMembers.AddRange(storeIds.Select(storeId => new StoreMember(user.Id, storeId)));
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);

            AdminEvents.StaffAccessChanged(logger, user.Id, role, string.Join(",", storeIds), actor.Id);
            return user.Id;
        }
    }
}
