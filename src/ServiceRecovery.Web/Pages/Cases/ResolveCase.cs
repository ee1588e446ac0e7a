using FluentValidation;
using MediatR;
using ServiceRecovery.Web.Data;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Infrastructure.Auth;

namespace ServiceRecovery.Web.Pages.Cases;

public static class ResolveCase
{
    [RequiresRole(Roles.Manager, Roles.Owner)]
    public sealed class Command : CaseCommand
    {
        public RootCause RootCause { get; set; }

        public ServiceDimension Dimension { get; set; }

        public ResolutionOutcome Outcome { get; set; }

        public string? WhatWeWillChange { get; set; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.RootCause).IsInEnum().WithMessage("Choose the root cause.");
            RuleFor(c => c.Dimension).IsInEnum().WithMessage("Choose which part of the service failed.");
            RuleFor(c => c.Outcome).IsInEnum().WithMessage("Choose won back or lost.");
            RuleFor(c => c.WhatWeWillChange).MaximumLength(RecoveryCase.NoteMaxLength).WithMessage($"Keep it under {RecoveryCase.NoteMaxLength} characters.");
        }
    }

    internal sealed class Handler(AppDbContext db, IStoreAccess access, ICurrentUser user, TimeProvider clock) : IRequestHandler<Command, int>
    {
        public Task<int> Handle(Command request, CancellationToken cancellationToken) =>
            CaseChange.ApplyAsync(db, access, request, (c, _, _) => c.Resolve(request.RootCause, request.Dimension, request.WhatWeWillChange, request.Outcome, user.Name, clock.GetUtcNow().UtcDateTime), cancellationToken);
    }
}
