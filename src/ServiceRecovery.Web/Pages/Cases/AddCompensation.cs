using FluentValidation;
using MediatR;
using ServiceRecovery.Web.Data;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Infrastructure.Auth;

namespace ServiceRecovery.Web.Pages.Cases;

public static class AddCompensation
{
    public sealed class Command : CaseCommand
    {
        public CompensationKind Kind { get; set; }

        public string? Description { get; set; }

        /// <summary>In major units of the store's currency, as typed ("4.50" or "4,50"); stored as minor units.</summary>
        public string? Amount { get; set; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Kind).IsInEnum().WithMessage("Choose what you gave.");
            RuleFor(c => c.Description)
                .NotEmpty().WithMessage("Say what you gave, e.g. \"fresh sandwich\".")
                .MaximumLength(120).WithMessage("Keep it under 120 characters.");
            RuleFor(c => c.Amount)
                .Cascade(CascadeMode.Stop)
                .NotEmpty().WithMessage("Enter its value (0 if it cost nothing).")
                .Must(a => !a!.TrimStart().StartsWith('-')).WithMessage("The value cannot be negative.")
                .Must(a => Money.TryParseAmount(a, out _)).WithMessage("Enter an amount like 4.50 — digits and one decimal point, no thousands separators.")
                .Must(a => Money.TryParseAmount(a, out var value) && value < 1_000_000).WithMessage("That value is too large for a compensation.");
        }
    }

    internal sealed class Handler(AppDbContext db, IStoreAccess access, ICurrentUser user, TimeProvider clock) : IRequestHandler<Command, int>
    {
        public Task<int> Handle(Command request, CancellationToken cancellationToken) =>
            CaseChange.ApplyAsync(db, access, request, (c, store, targets) =>
            {
                if (!Money.TryParseAmount(request.Amount, out var amount) || !Money.FitsMinorUnits(amount, store.Currency))
                {
                    throw new ValidationException([new FluentValidation.Results.ValidationFailure(
                        nameof(Command.Amount), $"{store.Currency} has {Money.MinorDigits(store.Currency)} decimal places.")]);
                }

                // Above the cashier's limit the compensation is recorded, but waits for a manager.
                var valueMinor = Money.ToMinor(amount, store.Currency);
                var needsApproval = !user.CanManage && valueMinor > targets.CashierCompensationLimitMinor;
                c.AddCompensation(request.Kind, request.Description!, valueMinor, store.Currency, user.Name, clock.GetUtcNow().UtcDateTime, needsApproval);
            }, cancellationToken);
    }
}
