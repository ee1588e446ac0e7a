using FluentValidation;
using FluentValidation.Results;
using MediatR;
using Microsoft.EntityFrameworkCore;
using ServiceRecovery.Web.Data;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Infrastructure;
using ServiceRecovery.Web.Infrastructure.Auth;

namespace ServiceRecovery.Web.Pages.Admin.Stores;

/// <summary>Creates a store (no id) or changes one: name, time zone, currency.</summary>
public static class SaveStore
{
    [RequiresRole(Roles.Owner)]
    public sealed class Command : IRequest<int>
    {
        /// <summary>From the route, never from the form.</summary>
        public int? Id { get; set; }

        public string? Name { get; set; }

        public string? TimeZoneId { get; set; }

        public string? Currency { get; set; }
    }

    /// <summary>The form's starting values: the store's own, or for a new store the zone and currency of the first one.</summary>
    [RequiresRole(Roles.Owner)]
    public sealed record Query(int? Id) : IRequest<Command>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Name)
                .NotEmpty().WithMessage("Enter the store's name, e.g. \"Old Town\".")
                .MaximumLength(100).WithMessage("Keep the name under 100 characters.");
            RuleFor(c => c.TimeZoneId)
                .Cascade(CascadeMode.Stop)
                .NotEmpty().WithMessage("Choose the store's time zone.")
                .Must(TimeZoneChoices.IsValid).WithMessage("Choose a time zone from the list, e.g. Europe/Prague.");
            RuleFor(c => c.Currency)
                .Cascade(CascadeMode.Stop)
                .NotEmpty().WithMessage("Enter the currency's code, e.g. EUR.")
                .Must(c => c!.Trim() is { Length: 3 } code && code.All(char.IsAsciiLetter))
                .WithMessage("A currency is its three-letter ISO 4217 code, e.g. EUR, CZK or PLN.");
        }
    }

    internal sealed class QueryHandler(AppDbContext db) : IRequestHandler<Query, Command>
    {
        public async Task<Command> Handle(Query request, CancellationToken cancellationToken)
        {
            var store = await db.Stores.AsNoTracking()
                .Where(s => request.Id == null || s.Id == request.Id)
                .OrderBy(s => s.Id)
                .FirstOrDefaultAsync(cancellationToken);
            if (request.Id is not null && store is null)
            {
                throw new NotFoundException($"Store {request.Id} was not found.");
            }

            return new Command
            {
                Id = request.Id,
                Name = request.Id is null ? null : store!.Name,
                TimeZoneId = store?.TimeZoneId ?? "Etc/UTC",
                Currency = store?.Currency ?? "EUR",
            };
        }
    }

    internal sealed class Handler(AppDbContext db, ICurrentUser actor, ILogger<Handler> logger) : IRequestHandler<Command, int>
    {
        public async Task<int> Handle(Command request, CancellationToken cancellationToken)
        {
            var name = request.Name!.Trim();
            var currency = Money.NormalizeCurrency(request.Currency!);
            var store = request.Id is { } id
                ? await db.Stores.FirstOrDefaultAsync(s => s.Id == id, cancellationToken) ?? throw new NotFoundException($"Store {id} was not found.")
                : null;

            await EnsureNameFreeAsync(name, request.Id, cancellationToken);
            if (store is not null && store.Currency != currency && await HasCompensationsAsync(store.Id, cancellationToken))
            {
                // Recorded amounts are minor units of the store's currency: relabelling them would change what they mean.
                throw Failure(nameof(Command.Currency), $"This store already has compensations recorded in {store.Currency}, so its currency stays {store.Currency}.");
            }

            if (store is null)
            {
                store = new Store(name, request.TimeZoneId!.Trim(), currency);
                db.Stores.Add(store);
            }
            else
            {
                store.Update(name, request.TimeZoneId!.Trim(), currency);
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Another owner took the name between the check and the save: the unique index refused it.
                db.ChangeTracker.Clear();
                await EnsureNameFreeAsync(name, request.Id, cancellationToken);
                throw;
            }

            if (request.Id is null)
            {
                AdminEvents.StoreCreated(logger, store.Id, actor.Id);
            }
            else
            {
                AdminEvents.StoreChanged(logger, store.Id, actor.Id);
            }

            return store.Id;
        }

        private async Task EnsureNameFreeAsync(string name, int? id, CancellationToken cancellationToken)
        {
            // Compared here rather than in SQL: a chain has few stores, and "Old Town" and "old town" are one name in any language.
            var others = await db.Stores.Where(s => s.Id != id).Select(s => s.Name).ToListAsync(cancellationToken);
            if (others.Any(other => string.Equals(other, name, StringComparison.OrdinalIgnoreCase)))
            {
                throw Failure(nameof(Command.Name), $"There is already a store called \"{name}\". Choose another name.");
            }
        }

        private Task<bool> HasCompensationsAsync(int storeId, CancellationToken cancellationToken) =>
            db.Cases.Where(c => c.StoreId == storeId).SelectMany(c => c.Compensations).AnyAsync(cancellationToken);

        private static ValidationException Failure(string property, string message) => new([new ValidationFailure(property, message)]);
    }
}
