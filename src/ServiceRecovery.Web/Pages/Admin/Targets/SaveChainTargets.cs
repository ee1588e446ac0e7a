using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using ServiceRecovery.Web.Data;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Infrastructure.Auth;

namespace ServiceRecovery.Web.Pages.Admin.Targets;

/// <summary>The chain-wide targets: every value required (a store without an override uses these).</summary>
public static class SaveChainTargets
{
    /// <summary>Typed values, as the form posts them; numbers are checked here, not by model binding, for clear messages.</summary>
    [RequiresRole(Roles.Owner)]
    public sealed class Command : IRequest<int>
    {
        public string? MinutesToApology { get; set; }

        public string? HoursToFollowUp { get; set; }

        public string? HoursToFollowUpMajor { get; set; }

        /// <summary>In major units ("15.00"); stored as minor units.</summary>
        public string? CashierCompensationLimit { get; set; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.MinutesToApology).Cascade(CascadeMode.Stop)
                .NotEmpty().WithMessage("Enter the minutes to apology, e.g. 5.")
                .WholeBetween(TargetRules.MaxMinutesToApology, "minutes", "5");
            RuleFor(c => c.HoursToFollowUp).Cascade(CascadeMode.Stop)
                .NotEmpty().WithMessage("Enter the hours to follow-up, e.g. 24.")
                .WholeBetween(TargetRules.MaxHoursToFollowUp, "hours", "24");
            RuleFor(c => c.HoursToFollowUpMajor).Cascade(CascadeMode.Stop)
                .NotEmpty().WithMessage("Enter the hours to follow-up for major cases, e.g. 4.")
                .WholeBetween(TargetRules.MaxHoursToFollowUp, "hours", "4")
                .Must((c, major) => TargetRules.Whole(c.HoursToFollowUp) is not { } normal || TargetRules.Whole(major) <= normal)
                .WithMessage(c => $"A major case needs a follow-up at least as fast as any case: at most {c.HoursToFollowUp!.Trim()} hours.");
            RuleFor(c => c.CashierCompensationLimit).Cascade(CascadeMode.Stop)
                .NotEmpty().WithMessage("Enter the limit (0 sends every cashier compensation to a manager).")
                .Amount();
        }
    }

    internal sealed class Handler(AppDbContext db, ICurrentUser actor, ILogger<Handler> logger) : IRequestHandler<Command, int>
    {
        public async Task<int> Handle(Command request, CancellationToken cancellationToken)
        {
            var currency = TargetRules.ChainCurrency(await db.Stores.Select(s => s.Currency).ToListAsync(cancellationToken));
            var limit = TargetRules.LimitToMinor(request.CashierCompensationLimit!, currency, nameof(Command.CashierCompensationLimit));
            var chain = await db.Targets.FirstOrDefaultAsync(t => t.StoreId == null, cancellationToken);
            if (chain is null)
            {
                chain = new RecoveryTargets();
                db.Targets.Add(chain);
            }

            chain.MinutesToApology = TargetRules.Whole(request.MinutesToApology);
            chain.HoursToFollowUp = TargetRules.Whole(request.HoursToFollowUp);
            chain.HoursToFollowUpMajor = TargetRules.Whole(request.HoursToFollowUpMajor);
            chain.CashierCompensationLimitMinor = limit;
            await QueueDeadlines.SaveTargetsAsync(db, null, cancellationToken);

            AdminEvents.ChainTargetsChanged(logger, actor.Id);
            return chain.Id;
        }
    }
}
