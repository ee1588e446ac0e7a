using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Identity;
using ServiceRecovery.Web.Data;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Infrastructure.Auth;

namespace ServiceRecovery.Web.Pages.Admin.Staff;

/// <summary>A new staff account with a temporary password, which its owner must replace at first sign-in.</summary>
public static class CreateStaff
{
    [RequiresRole(Roles.Owner)]
    public sealed class Command : IRequest<Created>
    {
        public string? DisplayName { get; set; }

        public string? Email { get; set; }

        public StaffRole Role { get; set; }

        public List<int> StoreIds { get; set; } = [];
    }

    /// <summary>The temporary password goes to the page that shows it once; it is stored only as a hash.</summary>
    public sealed record Created(string UserId, string TemporaryPassword);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.DisplayName)
                .NotEmpty().WithMessage("Enter the name colleagues know them by.")
                .MaximumLength(100).WithMessage("Keep the name under 100 characters.");
            RuleFor(c => c.Email)
                .Cascade(CascadeMode.Stop)
                .NotEmpty().WithMessage("Enter the email they will sign in with.")
                .MaximumLength(254).WithMessage("An email address is at most 254 characters.")
                .EmailAddress().WithMessage("Enter an email address like name@example.com.");
            RuleFor(c => c.Role).IsInEnum().WithMessage("Choose a role.");
            RuleFor(c => c.StoreIds)
                .NotEmpty().When(c => StaffAccounts.NeedsStores(c.Role))
                .WithMessage("Choose at least one store: cashiers and managers work at their own stores.");
        }
    }

    internal sealed class Handler(UserManager<AppUser> users, AppDbContext db, ICurrentUser actor, ILogger<Handler> logger) : IRequestHandler<Command, Created>
    {
        public async Task<Created> Handle(Command request, CancellationToken cancellationToken)
        {
            var storeIds = await db.MembershipsAsync(request.Role, request.StoreIds, cancellationToken);
            var email = request.Email!.Trim();
            var user = new AppUser
            {
                UserName = email,
                Email = email,
                EmailConfirmed = true,
                DisplayName = request.DisplayName!.Trim(),
                MustChangePassword = true,
            };
            var password = StaffAccounts.TemporaryPassword();

            // The account, its role and its stores commit together or not at all (UserManager saves through the same context).
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            StaffAccounts.Check(await users.CreateAsync(user, password));
            StaffAccounts.Check(await users.AddToRoleAsync(user, request.Role.ToString()));
            db.StoreMembers.AddRange(storeIds.Select(storeId => new StoreMember(user.Id, storeId)));
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);

            AdminEvents.StaffCreated(logger, user.Id, request.Role.ToString(), actor.Id);
            return new Created(user.Id, password);
        }
    }
}
