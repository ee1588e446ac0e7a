using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using ServiceRecovery.Web.Data;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Infrastructure;

namespace ServiceRecovery.Web.Pages.TellUs;

/// <summary>
/// A customer's card, posted anonymously to the store's public page: a complaint becomes a major case in the queue,
/// praise a commendation, a suggestion a suggestion (decision 0016). Public on purpose: no [RequiresRole]; the store is
/// found by its secret token, and the caps of decision 0017 bound what one store can be sent.
/// </summary>
public static partial class SubmitCard
{
    public sealed class Command : IRequest<Outcome>
    {
        public string Token { get; set; } = string.Empty;

        /// <summary>One-time key rendered into the form: a double tap stores one card.</summary>
        public Guid SubmitKey { get; set; }

        public FeedbackKind? Kind { get; set; }

        public string? Text { get; set; }

        /// <summary>For a complaint: what it was about (optional).</summary>
        public FailureType? About { get; set; }

        /// <summary>For praise: who (optional).</summary>
        public string? Employee { get; set; }

        public bool ContactConsent { get; set; }

        public string? Name { get; set; }

        public string? Phone { get; set; }

        public string? Email { get; set; }

        /// <summary>The honeypot: hidden from people, filled by bots. A filled one is thanked and dropped.</summary>
        public string? Website { get; set; }
    }

    public enum Result
    {
        Kept = 1,
        OverCap = 2,
        Dropped = 3,
    }

    public sealed record Outcome(Result Result, FeedbackKind Kind, bool WithContact);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.SubmitKey).NotEmpty().WithMessage("This form has expired. Reload the page and try again.");
            RuleFor(c => c.Kind).NotNull().WithMessage("Choose what you would like to tell us.").IsInEnum().WithMessage("Choose what you would like to tell us.");
            RuleFor(c => c.Text)
                .NotEmpty().WithMessage("Write a few words.")
                .MaximumLength(FeedbackCard.TextMaxLength).WithMessage($"Keep it under {FeedbackCard.TextMaxLength} characters.");
            RuleFor(c => c.About).IsInEnum().When(c => c.About is not null).WithMessage("Choose one of the listed topics.");
            RuleFor(c => c.Employee).MaximumLength(FeedbackCard.EmployeeMaxLength).WithMessage($"A name is at most {FeedbackCard.EmployeeMaxLength} characters.");
            RuleFor(c => c.Name).MaximumLength(100).WithMessage("A name is at most 100 characters.");
            RuleFor(c => c.Phone)
                .MaximumLength(30).WithMessage("A phone number is at most 30 characters.")
                .Matches(@"^\+?[0-9 ()./-]{5,}$").When(c => !string.IsNullOrWhiteSpace(c.Phone))
                .WithMessage("Enter a phone number with digits, spaces and an optional leading +.");
            RuleFor(c => c.Email)
                .MaximumLength(254).WithMessage("An email address is at most 254 characters.")
                .EmailAddress().When(c => !string.IsNullOrWhiteSpace(c.Email))
                .WithMessage("Enter an email address like name@example.com.");
            RuleFor(c => c.ContactConsent)
                .Equal(true)
                .When(c => !string.IsNullOrWhiteSpace(c.Name) || !string.IsNullOrWhiteSpace(c.Phone) || !string.IsNullOrWhiteSpace(c.Email))
                .WithMessage("Tick the box so we may contact you, or leave your details empty.");
        }
    }

    internal sealed partial class Handler(AppDbContext db, TimeProvider clock, TellUsOptions limits, ILogger<Handler> logger) : IRequestHandler<Command, Outcome>
    {
        public async Task<Outcome> Handle(Command request, CancellationToken cancellationToken)
        {
            var kind = request.Kind!.Value;
            var store = await PublicStore.FindAsync(db, request.Token, cancellationToken);
            var withContact = request.ContactConsent && !string.IsNullOrWhiteSpace(request.Name + request.Phone + request.Email);
            if (!string.IsNullOrEmpty(request.Website))
            {
                LogHoneypot(logger, store.Id);
                return new Outcome(Result.Dropped, kind, withContact);
            }

            if (await AlreadyKeptAsync(kind, request.SubmitKey, cancellationToken))
            {
                return new Outcome(Result.Kept, kind, withContact);
            }

            // The cap is checked and the card kept under one write lock: posts arriving together cannot all pass the check.
            return await SqliteWriteGate.ExclusivelyAsync(db, async () =>
            {
                var now = clock.GetUtcNow().UtcDateTime;
                if (await OverCapAsync(store.Id, kind, now, cancellationToken))
                {
                    await CountOverflowAsync(store.Id, kind, now, cancellationToken);
                    LogOverCap(logger, store.Id, kind);
                    return new Outcome(Result.OverCap, kind, withContact);
                }

                var contact = FeedbackCard.Contact(request.ContactConsent, request.Name, request.Phone, request.Email, now);
                switch (kind)
                {
                    case FeedbackKind.Complaint:
                        db.Cases.Add(RecoveryCase.FromFeedbackCard(store.Id, request.SubmitKey, request.About ?? FailureType.Other, request.Text!, contact, now,
                            await db.EffectiveTargetsAsync(store.Id, cancellationToken)));
                        break;
                    case FeedbackKind.Praise:
                        var staff = await StaffNamed(store.Id, request.Employee, cancellationToken);
                        db.Commendations.Add(new Commendation(store.Id, request.SubmitKey, request.Text!, request.Employee, staff, contact, now));
                        break;
                    default:
                        db.Suggestions.Add(new Suggestion(store.Id, request.SubmitKey, request.Text!, contact, now));
                        break;
                }

                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                }
                catch (DbUpdateException)
                {
                    // A double tap may have raced us to the unique key: then the first one was kept.
                    db.ChangeTracker.Clear();
                    if (!await AlreadyKeptAsync(kind, request.SubmitKey, cancellationToken))
                    {
                        throw;
                    }
                }

                return new Outcome(Result.Kept, kind, contact is not null);
            }, cancellationToken);
        }

        private async Task<bool> AlreadyKeptAsync(FeedbackKind kind, Guid key, CancellationToken cancellationToken) => kind switch
        {
            FeedbackKind.Complaint => await db.Cases.AnyAsync(c => c.LogKey == key, cancellationToken),
            FeedbackKind.Praise => await db.Commendations.AnyAsync(c => c.SubmitKey == key, cancellationToken),
            _ => await db.Suggestions.AnyAsync(s => s.SubmitKey == key, cancellationToken),
        };

        /// <summary>The caps of decision 0017: card complaints per hour and per day, praise and suggestions per day, per store.</summary>
        private async Task<bool> OverCapAsync(int storeId, FeedbackKind kind, DateTime now, CancellationToken cancellationToken)
        {
            var dayAgo = now.AddDays(-1);
            switch (kind)
            {
                case FeedbackKind.Complaint:
                    var hourAgo = now.AddHours(-1);
                    var recent = await db.Cases
                        .Where(c => c.StoreId == storeId && c.LoggedAt > dayAgo && c.Channel == Channel.FeedbackCard)
                        .GroupBy(c => 1)
                        .Select(g => new { Day = g.Count(), Hour = g.Count(c => c.LoggedAt > hourAgo) })
                        .FirstOrDefaultAsync(cancellationToken);
                    return recent is not null && (recent.Hour >= limits.ComplaintsPerStorePerHour || recent.Day >= limits.ComplaintsPerStorePerDay);
                case FeedbackKind.Praise:
                    return await db.Commendations.CountAsync(c => c.StoreId == storeId && c.ReceivedAt > dayAgo, cancellationToken) >= limits.PraisePerStorePerDay;
                default:
                    return await db.Suggestions.CountAsync(s => s.StoreId == storeId && s.ReceivedAt > dayAgo, cancellationToken) >= limits.SuggestionsPerStorePerDay;
            }
        }

        /// <summary>One row per store, kind and hour, counted up in one statement (SQLite and PostgreSQL both speak ON CONFLICT).</summary>
        private async Task CountOverflowAsync(int storeId, FeedbackKind kind, DateTime now, CancellationToken cancellationToken)
        {
            var hour = new DateTime(now.Year, now.Month, now.Day, now.Hour, 0, 0, DateTimeKind.Utc);
            var kindText = kind.ToString();
            await db.Database.ExecuteSqlInterpolatedAsync(
                $"""
                INSERT INTO "CardOverflows" ("StoreId", "Kind", "HourUtc", "Count") VALUES ({storeId}, {kindText}, {hour}, 1)
                ON CONFLICT ("StoreId", "Kind", "HourUtc") DO UPDATE SET "Count" = "Count" + 1
                """,
                cancellationToken);
        }

        /// <summary>
        /// The staff account the customer meant: the one active member of this store whose full name, or else whose first
        /// name alone, is what they wrote (ignoring case). None or several: the praise keeps the name as free text.
        /// </summary>
        private async Task<string?> StaffNamed(int storeId, string? written, CancellationToken cancellationToken)
        {
            if (FeedbackCard.Trimmed(written) is not { } name)
            {
                return null;
            }

            var members = await db.StoreMembers.Where(m => m.StoreId == storeId)
                .Join(db.Users.Where(u => !u.IsDisabled), m => m.UserId, u => u.Id, (m, u) => new { u.Id, u.DisplayName })
                .ToListAsync(cancellationToken);
            var full = members.Where(m => string.Equals(m.DisplayName.Trim(), name, StringComparison.OrdinalIgnoreCase)).ToList();
            var first = members.Where(m => string.Equals(m.DisplayName.Trim().Split(' ')[0], name, StringComparison.OrdinalIgnoreCase)).ToList();
            return full.Count == 1 ? full[0].Id : full.Count == 0 && first.Count == 1 ? first[0].Id : null;
        }

        [LoggerMessage(Level = LogLevel.Warning, Message = "Tell-us card for store {StoreId} dropped: the honeypot field was filled")]
        private static partial void LogHoneypot(ILogger logger, int storeId);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Tell-us card for store {StoreId} not kept: {Kind} cap reached, counted as overflow")]
        private static partial void LogOverCap(ILogger logger, int storeId, FeedbackKind kind);
    }
}

/// <summary>A store as its public page knows it: by token only.</summary>
public static class PublicStore
{
    /// <summary>Public: anyone holding the token may read the store's name and its answer target.</summary>
    public sealed record Query(string? Token) : IRequest<Info>;

    public sealed record Info(int Id, string Name, string Token, int HoursToAnswer);

    internal sealed class Handler(AppDbContext db) : IRequestHandler<Query, Info>
    {
        public Task<Info> Handle(Query request, CancellationToken cancellationToken) => FindAsync(db, request.Token, cancellationToken);
    }

    /// <summary>The store with this token, or <see cref="NotFoundException"/> (an unknown token looks like any missing page).</summary>
    public static async Task<Info> FindAsync(AppDbContext db, string? token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var key = token?.Trim().ToLowerInvariant() ?? string.Empty;
        if (key.Length != Store.FeedbackTokenLength)
        {
            throw new NotFoundException("No store has that card.");
        }

        var store = await db.Stores.AsNoTracking().Where(s => s.FeedbackToken == key).Select(s => new { s.Id, s.Name }).FirstOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("No store has that card.");
        var effective = await db.EffectiveTargetsAsync(store.Id, cancellationToken);
        return new Info(store.Id, store.Name, key, effective.HoursToFollowUpMajor);
    }
}
