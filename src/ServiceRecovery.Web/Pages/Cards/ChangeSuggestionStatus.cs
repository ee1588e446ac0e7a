using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using ServiceRecovery.Web.Data;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Infrastructure;
using ServiceRecovery.Web.Infrastructure.Auth;

namespace ServiceRecovery.Web.Pages.Cards;

/// <summary>A manager marks a suggestion new, considered or adopted; the change is recorded with who and when.</summary>
public static class ChangeSuggestionStatus
{
    [RequiresRole(Roles.Manager, Roles.Owner)]
    public sealed class Command : IRequest<int>
    {
        public int SuggestionId { get; set; }

        public int Version { get; set; }

        public SuggestionStatus Status { get; set; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Status).IsInEnum().WithMessage("Choose new, considered or adopted.");
    }

    /// <summary>Returns the suggestion's store, so the page can show that store again.</summary>
    internal sealed class Handler(AppDbContext db, IStoreAccess access, ICurrentUser user, TimeProvider clock) : IRequestHandler<Command, int>
    {
        public async Task<int> Handle(Command request, CancellationToken cancellationToken)
        {
            var suggestion = await db.Suggestions.Include(s => s.Changes).FirstOrDefaultAsync(s => s.Id == request.SuggestionId, cancellationToken);
            if (suggestion is null || !await access.CanAccessAsync(suggestion.StoreId, cancellationToken))
            {
                throw new NotFoundException("That suggestion was not found.");
            }

            if (suggestion.Version != request.Version)
            {
                throw new ConcurrencyConflictException("This suggestion just changed. Here is the latest — check it and try again.");
            }

            suggestion.ChangeStatus(request.Status, user.Name, clock.GetUtcNow().UtcDateTime);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException ex)
            {
                throw new ConcurrencyConflictException("This suggestion just changed. Here is the latest — check it and try again.", ex);
            }

            return suggestion.StoreId;
        }
    }
}
