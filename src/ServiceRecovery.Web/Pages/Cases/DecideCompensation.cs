using FluentValidation;
using MediatR;
using ServiceRecovery.Web.Data;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Infrastructure.Auth;

namespace ServiceRecovery.Web.Pages.Cases;

/// <summary>A manager approves or declines (with a reason) a compensation that was above the cashier's limit.</summary>
public static class DecideCompensation
{
    [RequiresRole(Roles.Manager, Roles.Owner)]
    public sealed class Command : CaseCommand
    {
        public int CompensationId { get; set; }

        public bool Approve { get; set; }

        public string? Reason { get; set; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.CompensationId).GreaterThan(0).WithMessage("Choose the compensation to decide.");
            RuleFor(c => c.Reason)
                .NotEmpty().When(c => !c.Approve).WithMessage("Say why the compensation is declined.")
                .MaximumLength(RecoveryCase.NoteMaxLength).WithMessage($"Keep the reason under {RecoveryCase.NoteMaxLength} characters.");
        }
    }

    internal sealed class Handler(AppDbContext db, IStoreAccess access, ICurrentUser user, TimeProvider clock) : IRequestHandler<Command, int>
    {
        public Task<int> Handle(Command request, CancellationToken cancellationToken) =>
            CaseChange.ApplyAsync(db, access, request, (c, store, _) =>
            {
                var now = clock.GetUtcNow().UtcDateTime;
                if (request.Approve)
                {
                    c.ApproveCompensation(request.CompensationId, store.Currency, user.Name, now);
                }
                else
                {
                    c.DeclineCompensation(request.CompensationId, request.Reason!, store.Currency, user.Name, now);
                }
            }, cancellationToken);
    }
}
