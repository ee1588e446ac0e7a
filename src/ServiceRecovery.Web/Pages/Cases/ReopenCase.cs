using FluentValidation;
using MediatR;
using ServiceRecovery.Web.Data;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Infrastructure.Auth;

namespace ServiceRecovery.Web.Pages.Cases;

public static class ReopenCase
{
    [RequiresRole(Roles.Manager, Roles.Owner)]
    public sealed class Command : CaseCommand
    {
        public string? Reason { get; set; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Reason)
                .NotEmpty().WithMessage("Say why the case is reopened.")
                .MaximumLength(RecoveryCase.NoteMaxLength).WithMessage($"Keep the reason under {RecoveryCase.NoteMaxLength} characters.");
        }
    }

    internal sealed class Handler(AppDbContext db, IStoreAccess access, ICurrentUser user, TimeProvider clock) : IRequestHandler<Command, int>
    {
        public Task<int> Handle(Command request, CancellationToken cancellationToken) =>
            CaseChange.ApplyAsync(db, access, request, (c, _, _) => c.Reopen(request.Reason!, user.Name, clock.GetUtcNow().UtcDateTime), cancellationToken);
    }
}
