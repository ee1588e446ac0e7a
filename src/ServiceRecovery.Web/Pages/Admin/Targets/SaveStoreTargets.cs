using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using ServiceRecovery.Web.Data;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Infrastructure;
using ServiceRecovery.Web.Infrastructure.Auth;

namespace ServiceRecovery.Web.Pages.Admin.Targets;

/// <summary>A store's overrides: each field optional, empty meaning "use the chain's value".</summary>
public static class SaveStoreTargets
{
    [RequiresRole(Roles.Owner)]
    public sealed class Command : IRequest<int>
    {
        /// <summary>From the route, never from the form.</summary>
        public int StoreId { get; set; }

        public string? MinutesToApology { get; set; }

        public string? HoursToFollowUp { get; set; }

        public string? HoursToFollowUpMajor { get; set; }

        /// <summary>In major units of the store's currency ("20.00"); stored as minor units.</summary>
        public string? CashierCompensationLimit { get; set; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.MinutesToApology).WholeBetween(TargetRules.MaxMinutesToApology, "minutes", "5")
                .When(c => !string.IsNullOrWhiteSpace(c.MinutesToApology));
            RuleFor(c => c.HoursToFollowUp).WholeBetween(TargetRules.MaxHoursToFollowUp, "hours", "24")
                .When(c => !string.IsNullOrWhiteSpace(c.HoursToFollowUp));
            RuleFor(c => c.HoursToFollowUpMajor).WholeBetween(TargetRules.MaxHoursToFollowUp, "hours", "4")
                .When(c => !string.IsNullOrWhiteSpace(c.HoursToFollowUpMajor));
            RuleFor(c => c.CashierCompensationLimit).Cascade(CascadeMode.Stop).Amount()
                .When(c => !string.IsNullOrWhiteSpace(c.CashierCompensationLimit));
        }
    }

    internal sealed class Handler(AppDbContext db, ICurrentUser actor, ILogger<Handler> logger) : IRequestHandler<Command, int>
    {
        public async Task<int> Handle(Command request, CancellationToken cancellationToken)
        {
            var store = await db.Stores.AsNoTracking().FirstOrDefaultAsync(s => s.Id == request.StoreId, cancellationToken)
                ?? throw new NotFoundException($"Store {request.StoreId} was not found.");
            var chain = await db.Targets.AsNoTracking().FirstOrDefaultAsync(t => t.StoreId == null, cancellationToken) ?? RecoveryTargets.ChainDefaults();
            var values = new RecoveryTargets
            {
                StoreId = store.Id,
                MinutesToApology = TargetRules.Whole(request.MinutesToApology),
                HoursToFollowUp = TargetRules.Whole(request.HoursToFollowUp),
                HoursToFollowUpMajor = TargetRules.Whole(request.HoursToFollowUpMajor),
                CashierCompensationLimitMinor = string.IsNullOrWhiteSpace(request.CashierCompensationLimit)
                    ? null
                    : TargetRules.LimitToMinor(request.CashierCompensationLimit, store.Currency, nameof(Command.CashierCompensationLimit)),
            };

            // Checked on what will be in force at the store, whichever of the two values comes from the chain.
            var effective = EffectiveTargets.Combine(chain, values);
            if (effective.HoursToFollowUpMajor > effective.HoursToFollowUp)
            {
                throw new ValidationException([new FluentValidation.Results.ValidationFailure(nameof(Command.HoursToFollowUpMajor),
                    $"A major case needs a follow-up at least as fast as any case: at most {effective.HoursToFollowUp} hours here.")]);
            }

            var row = await db.Targets.FirstOrDefaultAsync(t => t.StoreId == store.Id, cancellationToken);
            var overridesAnything = values.MinutesToApology is not null || values.HoursToFollowUp is not null
                || values.HoursToFollowUpMajor is not null || values.CashierCompensationLimitMinor is not null;
            if (row is not null && !overridesAnything)
            {
                db.Targets.Remove(row);
            }
            else if (overridesAnything)
            {
                row ??= db.Targets.Add(new RecoveryTargets { StoreId = store.Id }).Entity;
                row.MinutesToApology = values.MinutesToApology;
                row.HoursToFollowUp = values.HoursToFollowUp;
                row.HoursToFollowUpMajor = values.HoursToFollowUpMajor;
                row.CashierCompensationLimitMinor = values.CashierCompensationLimitMinor;
            }

            await QueueDeadlines.SaveTargetsAsync(db, [store.Id], cancellationToken);
            AdminEvents.StoreTargetsChanged(logger, store.Id, actor.Id);
            return store.Id;
        }
    }
}
