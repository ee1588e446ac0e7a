using FluentValidation;
using MediatR;
using ServiceRecovery.Web.Data;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Infrastructure;

namespace ServiceRecovery.Web.Pages.Cases;

public static class ReopenCase
{
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

    internal sealed class Handler(AppDbContext db, ICurrentUser user, TimeProvider clock) : IRequestHandler<Command, int>
    {
        public Task<int> Handle(Command request, CancellationToken cancellationToken) =>
            CaseChange.ApplyAsync(db, request, (c, _) => c.Reopen(request.Reason!, user.Name, clock.GetUtcNow().UtcDateTime), cancellationToken);
    }
}
