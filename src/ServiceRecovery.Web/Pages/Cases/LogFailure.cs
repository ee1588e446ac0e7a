using FluentValidation;
using Severity = ServiceRecovery.Web.Domain.Severity;
using MediatR;
using Microsoft.EntityFrameworkCore;
using ServiceRecovery.Web.Data;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Infrastructure.Auth;

namespace ServiceRecovery.Web.Pages.Cases;

public static class LogFailure
{
    public sealed class Command : IRequest<int>
    {
        /// <summary>One-time key rendered into the form; a re-post with the same key returns the first case.</summary>
        public Guid LogKey { get; set; }

        public int StoreId { get; set; }

        public FailureType FailureType { get; set; }

        public Severity Severity { get; set; } = Severity.Minor;

        public Channel Channel { get; set; } = Channel.Counter;

        public string? Description { get; set; }

        /// <summary>Store-local wall-clock time; empty means "just now".</summary>
        public DateTime? OccurredAtLocal { get; set; }

        public string? OrderReference { get; set; }

        public bool CustomerConsents { get; set; }

        public string? CustomerName { get; set; }

        public string? CustomerPhone { get; set; }

        public string? CustomerEmail { get; set; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.LogKey).NotEmpty().WithMessage(ExpiredForm);
            RuleFor(c => c.StoreId).GreaterThan(0).WithMessage("Choose the store.");
            // Every enum starts at 1, so IsInEnum also catches 0 ("nothing chosen") — with this message, not FluentValidation's default.
            RuleFor(c => c.FailureType).IsInEnum().WithMessage("Choose what went wrong.");
            RuleFor(c => c.Severity).IsInEnum().WithMessage("Choose how serious it is.");
            RuleFor(c => c.Channel).IsInEnum().WithMessage("Choose where it happened.");
            RuleFor(c => c.Description)
                .NotEmpty().WithMessage("Say in a line what happened.")
                .MaximumLength(RecoveryCase.DescriptionMaxLength).WithMessage($"Keep it under {RecoveryCase.DescriptionMaxLength} characters.");
            RuleFor(c => c.OrderReference).MaximumLength(40).WithMessage("An order reference is at most 40 characters.");
            RuleFor(c => c.CustomerName).MaximumLength(100).WithMessage("A name is at most 100 characters.");
            RuleFor(c => c.CustomerPhone)
                .MaximumLength(30).WithMessage("A phone number is at most 30 characters.")
                .Matches(@"^\+?[0-9 ()./-]{5,}$").When(c => !string.IsNullOrWhiteSpace(c.CustomerPhone))
                .WithMessage("Enter a phone number with digits, spaces and an optional leading +.");
            RuleFor(c => c.CustomerEmail)
                .MaximumLength(254).WithMessage("An email address is at most 254 characters.")
                .EmailAddress().When(c => !string.IsNullOrWhiteSpace(c.CustomerEmail))
                .WithMessage("Enter an email address like name@example.com.");
            RuleFor(c => c.CustomerConsents)
                .Equal(true)
                .When(c => !string.IsNullOrWhiteSpace(c.CustomerName) || !string.IsNullOrWhiteSpace(c.CustomerPhone) || !string.IsNullOrWhiteSpace(c.CustomerEmail))
                .WithMessage("Tick consent to keep the customer's contact details, or clear them.");
        }
    }

    public const string ExpiredForm = "This form had expired. Check what you typed and press Save again.";

    /// <summary>A failure older than this is not a recovery any more; a far-past date is a typing slip (decision 0021).</summary>
    public const int OldestOccurrenceDays = 366;

    internal sealed class Handler(AppDbContext db, IStoreAccess access, ICurrentUser user, TimeProvider clock) : IRequestHandler<Command, int>
    {
        public async Task<int> Handle(Command request, CancellationToken cancellationToken)
        {
            await access.EnsureAccessAsync(request.StoreId, cancellationToken);
            if (await ExistingCase(request.LogKey, cancellationToken) is { } existing)
            {
                // The same form posted again shows the case it created; a key of another store's case reveals nothing.
                return existing.StoreId == request.StoreId ? existing.Id
                    : throw new ValidationException([new FluentValidation.Results.ValidationFailure(nameof(Command.LogKey), ExpiredForm)]);
            }

            // Tracked (never changed here): the week rollup in SaveChanges reads the store's time zone from the context instead
            // of querying the store again (decision 0046).
            var store = await db.Stores.FirstOrDefaultAsync(s => s.Id == request.StoreId, cancellationToken)
                ?? throw new ValidationException([new FluentValidation.Results.ValidationFailure(nameof(Command.StoreId), "Choose the store.")]);

            var now = clock.GetUtcNow().UtcDateTime;
            var occurredAt = request.OccurredAtLocal is { } local ? store.LocalToUtc(local) : now;
            if (occurredAt > now)
            {
                throw new ValidationException([new FluentValidation.Results.ValidationFailure(nameof(Command.OccurredAtLocal), "That time is in the future. Leave it empty for \"just now\".")]);
            }

            if (occurredAt < now.AddDays(-OldestOccurrenceDays))
            {
                throw new ValidationException([new FluentValidation.Results.ValidationFailure(nameof(Command.OccurredAtLocal), "That is more than a year ago. Enter when it happened, within the last year.")]);
            }

            var recoveryCase = RecoveryCase.Log(
                new NewFailure(store.Id, request.LogKey, occurredAt, request.Channel, request.FailureType, request.Severity, request.Description!,
                    request.OrderReference, request.CustomerConsents, request.CustomerName, request.CustomerPhone, request.CustomerEmail),
                user.Name,
                now,
                await db.EffectiveTargetsAsync(store.Id, cancellationToken),
                user.Id);
            db.Cases.Add(recoveryCase);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // A concurrent double post may have won the race on the unique LogKey: then show the case it created.
                db.ChangeTracker.Clear();
                if (await ExistingCase(request.LogKey, cancellationToken) is { } winner && winner.StoreId == request.StoreId)
                {
                    return winner.Id;
                }

                throw;
            }

            return recoveryCase.Id;
        }

        private async Task<(int Id, int StoreId)?> ExistingCase(Guid logKey, CancellationToken cancellationToken) =>
            await db.Cases.Where(c => c.LogKey == logKey).Select(c => new { c.Id, c.StoreId }).FirstOrDefaultAsync(cancellationToken) is { } found
                ? (found.Id, found.StoreId)
                : null;
    }
}
