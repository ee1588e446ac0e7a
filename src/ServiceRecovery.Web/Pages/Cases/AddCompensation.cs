using FluentValidation;
using MediatR;
using ServiceRecovery.Web.Data;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Infrastructure;

namespace ServiceRecovery.Web.Pages.Cases;

public static class AddCompensation
{
    public sealed class Command : CaseCommand
    {
        public CompensationKind Kind { get; set; }

        public string? Description { get; set; }

        /// <summary>In major units of the store's currency as typed (4.50); stored as minor units.</summary>
        public decimal? Amount { get; set; }
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
                .NotNull().WithMessage("Enter its value (0 if it cost nothing).")
                .GreaterThanOrEqualTo(0).WithMessage("The value cannot be negative.")
                .LessThan(1_000_000).WithMessage("That value is too large for a compensation.");
        }
    }

    internal sealed class Handler(AppDbContext db, ICurrentUser user, TimeProvider clock) : IRequestHandler<Command, int>
    {
        public Task<int> Handle(Command request, CancellationToken cancellationToken) =>
            CaseChange.ApplyAsync(db, request, (c, store) =>
            {
                var amount = request.Amount!.Value;
                if (!Money.FitsMinorUnits(amount, store.Currency))
                {
                    throw new ValidationException([new FluentValidation.Results.ValidationFailure(
                        nameof(Command.Amount), $"{store.Currency} has {Money.MinorDigits(store.Currency)} decimal places.")]);
                }

                c.AddCompensation(request.Kind, request.Description!, Money.ToMinor(amount, store.Currency), store.Currency, user.Name, clock.GetUtcNow().UtcDateTime);
            }, cancellationToken);
    }
}
