using FluentValidation;
using MediatR;
using ServiceRecovery.Web.Data;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Infrastructure.Auth;

namespace ServiceRecovery.Web.Pages.Cases;

public static class RecordFollowUp
{
    [RequiresRole(Roles.Manager, Roles.Owner)]
    public sealed class Command : CaseCommand
    {
        public FollowUpChannel Channel { get; set; } = FollowUpChannel.InPerson;

        public CustomerOutcome Outcome { get; set; }

        public string? Note { get; set; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Channel).IsInEnum().WithMessage("Choose how you followed up.");
            RuleFor(c => c.Outcome).IsInEnum().WithMessage("Choose how the customer feels now.");
            RuleFor(c => c.Note).MaximumLength(RecoveryCase.NoteMaxLength).WithMessage($"Keep the note under {RecoveryCase.NoteMaxLength} characters.");
        }
    }

    internal sealed class Handler(AppDbContext db, IStoreAccess access, ICurrentUser user, TimeProvider clock) : IRequestHandler<Command, int>
    {
        public Task<int> Handle(Command request, CancellationToken cancellationToken) =>
            CaseChange.ApplyAsync(db, access, request, (c, _, _) => c.RecordFollowUp(request.Channel, request.Outcome, request.Note, user.Name, clock.GetUtcNow().UtcDateTime), cancellationToken);
    }
}
