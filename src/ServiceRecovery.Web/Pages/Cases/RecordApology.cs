using FluentValidation;
using MediatR;
using ServiceRecovery.Web.Data;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Infrastructure.Auth;

namespace ServiceRecovery.Web.Pages.Cases;

public static class RecordApology
{
    public sealed class Command : CaseCommand
    {
        public ApologyMethod Method { get; set; } = ApologyMethod.InPerson;

        public string? Note { get; set; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Method).IsInEnum().WithMessage("Choose how you apologised.");
            RuleFor(c => c.Note).MaximumLength(RecoveryCase.NoteMaxLength).WithMessage($"Keep the note under {RecoveryCase.NoteMaxLength} characters.");
        }
    }

    internal sealed class Handler(AppDbContext db, IStoreAccess access, ICurrentUser user, TimeProvider clock) : IRequestHandler<Command, int>
    {
        public Task<int> Handle(Command request, CancellationToken cancellationToken) =>
            CaseChange.ApplyAsync(db, access, request, (c, _, _) => c.RecordApology(request.Method, request.Note, user.Name, clock.GetUtcNow().UtcDateTime), cancellationToken);
    }
}
