using FluentValidation;
using MediatR;
using ServiceRecovery.Web.Data;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Infrastructure.Auth;

namespace ServiceRecovery.Web.Pages.Cases;

/// <summary>A manager or owner raises or lowers an open case's severity, saying why.</summary>
public static class ChangeSeverity
{
    [RequiresRole(Roles.Manager, Roles.Owner)]
    public sealed class Command : CaseCommand
    {
        public Domain.Severity? Severity { get; set; }

        public string? Reason { get; set; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Severity).NotNull().WithMessage("Choose the severity.").IsInEnum().WithMessage("Choose the severity.");
            RuleFor(c => c.Reason)
                .NotEmpty().WithMessage("Say why the severity changes.")
                .MaximumLength(RecoveryCase.NoteMaxLength).WithMessage($"Keep the reason under {RecoveryCase.NoteMaxLength} characters.");
        }
    }

    internal sealed class Handler(AppDbContext db, IStoreAccess access, ICurrentUser user, TimeProvider clock) : IRequestHandler<Command, int>
    {
        public Task<int> Handle(Command request, CancellationToken cancellationToken) =>
            CaseChange.ApplyAsync(db, access, request, (c, _, _) => c.ChangeSeverity(request.Severity!.Value, request.Reason!, user.Name, clock.GetUtcNow().UtcDateTime), cancellationToken);
    }
}
