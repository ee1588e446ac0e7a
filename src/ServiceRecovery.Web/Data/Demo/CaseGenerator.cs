using System.Globalization;
using Bogus;
using ServiceRecovery.Web.Domain;

namespace ServiceRecovery.Web.Data.Demo;

/// <summary>Who the generator writes on a case: a display name and, for real accounts, the account id.</summary>
public sealed record StaffName(string DisplayName, string? UserId);

/// <summary>A saved store with the staff who work there, ready for the generator.</summary>
public sealed record GeneratorStore(int Id, StoreProfile Profile, IReadOnlyList<StaffName> Cashiers, IReadOnlyList<StaffName> Managers, EffectiveTargets Targets);

/// <summary>
/// How many cases over how many weeks ending at <paramref name="Now"/>. <paramref name="StuckShare"/> is the share of
/// cases (of any age) that staff never finished: they stay open, overdue, at some step of the playbook.
/// </summary>
public sealed record GeneratorSettings(int Cases, int Weeks, DateTime Now, int Seed = 20261122, double StuckShare = 0.015, long CashierLimitMinor = 1500);

/// <summary>
/// The one generator of realistic cases, for the demo chain (a couple of thousand, saved through EF) and for benchmarks
/// (a million, written by <see cref="BulkCaseWriter"/>). Every case is built through the domain's own methods, so its
/// timeline and the stored copies of derived facts are exactly what the app would have written. Deterministic: the same
/// settings and stores give the same cases.
/// </summary>
public static class CaseGenerator
{
    private static readonly Weighted<FailureType> Types = new(Enum.GetValues<FailureType>(), [18, 16, 20, 17, 8, 7, 6, 8]);
    private static readonly Weighted<Channel> Channels = new(Enum.GetValues<Channel>(), [45, 12, 18, 8, 12, 5]);
    private static readonly Weighted<int> Hours = new(Enumerable.Range(0, 24).ToArray(), [0, 0, 0, 0, 0, 0, 0, 1, 3, 3, 4, 8, 12, 10, 5, 3, 4, 7, 10, 8, 5, 2, 1, 0]);
    private static readonly Weighted<int> StuckSteps = new([0, 1, 2], [1, 3, 2]);
    private static readonly Weighted<CustomerOutcome> NotWonBack = new([CustomerOutcome.Neutral, CustomerOutcome.Dissatisfied, CustomerOutcome.Unreachable], [35, 40, 25]);

    public static IEnumerable<RecoveryCase> Generate(IReadOnlyList<GeneratorStore> stores, GeneratorSettings settings)
    {
        ArgumentNullException.ThrowIfNull(stores);
        ArgumentNullException.ThrowIfNull(settings);
        if (stores.Count == 0 || settings.Cases <= 0)
        {
            yield break;
        }

        var now = DateTime.SpecifyKind(settings.Now, DateTimeKind.Utc);
        var faker = new Faker("en") { Random = new Randomizer(settings.Seed) };
        var random = faker.Random;
        var zones = stores.Select(s => TimeZoneInfo.FindSystemTimeZoneById(s.Profile.TimeZoneId)).ToArray();
        var storePicker = new Weighted<int>(Enumerable.Range(0, stores.Count).ToArray(), stores.Select(s => s.Profile.Busyness).ToArray());

        // When and where first, sorted, so ids rise with time as they would in a real database.
        var slots = new (long Ticks, int Store)[settings.Cases];
        var start = now.AddDays(-7 * settings.Weeks);
        for (var i = 0; i < slots.Length; i++)
        {
            var store = storePicker.Pick(random);
            DateTime at;
            do
            {
                var day = start.AddDays(random.Number(0, 7 * settings.Weeks));
                var localDay = TimeZoneInfo.ConvertTimeFromUtc(day, zones[store]).Date;
                var local = localDay.AddHours(Hours.Pick(random)).AddMinutes(random.Double(0, 60));
                at = LocalToUtc(local, zones[store]);
            }
            while (at > now.AddMinutes(-1) || at < start);

            slots[i] = (at.Ticks, store);
        }

        Array.Sort(slots);
        foreach (var (ticks, storeIndex) in slots)
        {
            yield return OneCase(faker, stores[storeIndex], new DateTime(ticks, DateTimeKind.Utc), now, settings);
        }
    }

    private static RecoveryCase OneCase(Faker faker, GeneratorStore store, DateTime loggedAt, DateTime now, GeneratorSettings settings)
    {
        var random = faker.Random;
        var quality = store.Profile.Quality;
        var currency = store.Profile.Currency;
        var type = Types.Pick(random);
        var channel = Channels.Pick(random);
        var severityRoll = random.Double();
        var severity = severityRoll < 0.55 ? Severity.Minor : severityRoll < 0.88 ? Severity.Moderate : Severity.Major;
        var cashier = store.Cashiers[random.Number(store.Cashiers.Count - 1)];
        var manager = store.Managers[random.Number(store.Managers.Count - 1)];
        var occurredAt = loggedAt.AddMinutes(channel == Channel.FeedbackCard ? -random.Double(60, 600) : -random.Double(0, 15));

        var withContact = random.Bool(0.35f);
        string? name = null, phone = null, email = null;
        if (withContact)
        {
            var first = faker.Name.FirstName();
            var last = faker.Name.LastName();
            name = first + " " + last;
            phone = random.Bool(0.8f) ? faker.Phone.PhoneNumber(currency == "GBP" ? "+44 7### ######" : "+420 ### ### ###") : null;
            email = random.Bool(0.5f) ? faker.Internet.Email(first, last) : null;
        }

        var failure = new NewFailure(
            store.Id,
            new Guid(random.Bytes(16)),
            occurredAt,
            channel,
            type,
            severity,
            Texts.Description(type, random),
            random.Bool(0.6f) ? string.Create(CultureInfo.InvariantCulture, $"#{random.Number(1000, 99999)}") : null,
            withContact,
            name,
            phone,
            email);
        var recoveryCase = RecoveryCase.Log(failure, cashier.DisplayName, loggedAt, store.Targets, cashier.UserId);

        // Some cases get stuck at one step and stay open: before the apology (rare), before the follow-up, or before resolving.
        var stuckAt = random.Double() < settings.StuckShare ? StuckSteps.Pick(random) : -1;

        // The apology: within minutes at a good store; slower, sometimes much slower, at a poor one.
        var fastRoll = random.Double();
        var apologyMinutes = fastRoll < 0.55 + (0.42 * quality) ? random.Double(0.3, 4.8)
            : fastRoll < 0.97 ? random.Double(5.5, 40)
            : random.Double(45, 300);
        var apologyAt = loggedAt.AddMinutes(apologyMinutes);
        if (stuckAt == 0 || apologyAt > now)
        {
            return recoveryCase;
        }

        var apologyMethod = channel switch
        {
            Channel.Counter or Channel.DriveThrough => ApologyMethod.InPerson,
            Channel.Phone => ApologyMethod.Phone,
            _ => random.Bool(0.6f) ? ApologyMethod.Phone : ApologyMethod.Message,
        };
        recoveryCase.RecordApology(apologyMethod, random.Bool(0.2f) ? random.ArrayElement(Texts.ApologyNotes) : null, cashier.DisplayName, apologyAt);

        var readyAt = apologyAt;
        var compensationChance = severity switch
        {
            Severity.Minor => 0.45,
            Severity.Moderate => 0.75,
            _ => 0.95,
        };
        if (random.Double() < compensationChance)
        {
            var (kind, description, valueMinor) = Texts.Compensation(type, severity, currency, random);
            var compensationAt = apologyAt.AddMinutes(random.Double(0.2, 3));
            if (compensationAt > now)
            {
                return recoveryCase;
            }

            var byManager = random.Bool(0.2f);
            var needsApproval = !byManager && valueMinor > settings.CashierLimitMinor;
            recoveryCase.AddCompensation(kind, description, valueMinor, currency, byManager ? manager.DisplayName : cashier.DisplayName, compensationAt, needsApproval);
            readyAt = compensationAt;
            if (needsApproval)
            {
                // The only compensation on the case, so its (unsaved) id is 0.
                var decidedAt = compensationAt.AddMinutes(random.Double(10, 60 + (1200 * (1 - quality))));
                if (decidedAt > now)
                {
                    return recoveryCase;
                }

                if (stuckAt == 1)
                {
                    // Forgotten: the manager follows up with the customer but never decides, so it waits for approval.
                    var forgottenFollowUpAt = compensationAt.AddHours(random.Double(1, 20));
                    if (forgottenFollowUpAt <= now)
                    {
                        var forgottenOutcome = FollowUpOutcome(random, quality, severity);
                        recoveryCase.RecordFollowUp(FollowUpChannelFor(random, email is not null), forgottenOutcome, FollowUpNote(random, forgottenOutcome), manager.DisplayName, forgottenFollowUpAt);
                    }

                    return recoveryCase;
                }

                if (random.Bool(0.12f))
                {
                    recoveryCase.DeclineCompensation(0, random.ArrayElement(Texts.DeclineReasons), currency, manager.DisplayName, decidedAt);
                }
                else
                {
                    recoveryCase.ApproveCompensation(0, currency, manager.DisplayName, decidedAt);
                }

                readyAt = decidedAt;
            }
        }

        if (stuckAt == 1)
        {
            return recoveryCase;
        }

        // The manager's follow-up: within the target (4 h for major, 24 h otherwise) mostly, late more often at poor stores.
        var targetHours = severity == Severity.Major ? 4.0 : 24.0;
        var followUpHours = random.Double() < 0.55 + (0.4 * quality)
            ? random.Double(0.3, targetHours * 0.9)
            : random.Double(targetHours * 1.05, targetHours * 3);
        var followUpAt = readyAt.AddHours(followUpHours);
        if (followUpAt > now)
        {
            return recoveryCase;
        }

        var outcome = FollowUpOutcome(random, quality, severity);
        recoveryCase.RecordFollowUp(FollowUpChannelFor(random, email is not null), outcome, FollowUpNote(random, outcome), manager.DisplayName, followUpAt);
        if (stuckAt == 2)
        {
            return recoveryCase;
        }

        var resolveAt = followUpAt.AddMinutes(random.Double(5, 60 * (4 + (20 * (1 - quality)))));
        if (resolveAt > now)
        {
            return recoveryCase;
        }

        Resolve(recoveryCase, type, outcome, manager, resolveAt, random);

        // A few come back: the customer writes again, or the fix did not hold.
        if (random.Double() >= 0.04)
        {
            return recoveryCase;
        }

        var reopenAt = resolveAt.AddHours(random.Double(2, 96));
        if (reopenAt > now)
        {
            return recoveryCase;
        }

        recoveryCase.Reopen(random.ArrayElement(Texts.ReopenReasons), manager.DisplayName, reopenAt);
        var againAt = reopenAt.AddHours(random.Double(0.5, 30 * (1 - quality) + 2));
        if (againAt > now || random.Bool(0.15f))
        {
            return recoveryCase;
        }

        var second = FollowUpOutcome(random, quality * 0.8, severity);
        recoveryCase.RecordFollowUp(FollowUpChannelFor(random, email is not null), second, FollowUpNote(random, second), manager.DisplayName, againAt);
        var resolveAgainAt = againAt.AddMinutes(random.Double(5, 600));
        if (resolveAgainAt <= now)
        {
            Resolve(recoveryCase, type, second, manager, resolveAgainAt, random);
        }

        return recoveryCase;
    }

    private static void Resolve(RecoveryCase recoveryCase, FailureType type, CustomerOutcome outcome, StaffName manager, DateTime at, Randomizer random)
    {
        var wonBack = (outcome is CustomerOutcome.Delighted or CustomerOutcome.Satisfied) && random.Bool(0.97f);
        var (rootCause, dimension) = Texts.Cause(type, random);
        recoveryCase.Resolve(
            rootCause,
            dimension,
            random.Bool(0.7f) ? random.ArrayElement(Texts.Changes(rootCause)) : null,
            wonBack ? ResolutionOutcome.WonBack : ResolutionOutcome.Lost,
            manager.DisplayName,
            at);
    }

    private static CustomerOutcome FollowUpOutcome(Randomizer random, double quality, Severity severity)
    {
        var wonChance = 0.42 + (0.5 * quality) - (severity == Severity.Major ? 0.1 : 0);
        if (random.Double() < wonChance)
        {
            return random.Bool(0.35f) ? CustomerOutcome.Delighted : CustomerOutcome.Satisfied;
        }

        return NotWonBack.Pick(random);
    }

    private static FollowUpChannel FollowUpChannelFor(Randomizer random, bool hasEmail) =>
        random.Double() switch
        {
            < 0.5 => FollowUpChannel.Phone,
            < 0.7 => FollowUpChannel.InPerson,
            < 0.9 => FollowUpChannel.Message,
            _ => hasEmail ? FollowUpChannel.Email : FollowUpChannel.Phone,
        };

    private static string? FollowUpNote(Randomizer random, CustomerOutcome outcome) =>
        random.Bool(0.5f) ? random.ArrayElement(Texts.FollowUpNotes(outcome)) : null;

    /// <summary>A store-local wall-clock time in UTC; a time skipped by the spring-forward jump moves on by an hour.</summary>
    private static DateTime LocalToUtc(DateTime local, TimeZoneInfo zone)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(unspecified))
        {
            unspecified = unspecified.AddHours(1);
        }

        return TimeZoneInfo.ConvertTimeToUtc(unspecified, zone);
    }

    /// <summary>Picks an item with probability proportional to its weight (Bogus's WeightedRandom wants weights summing to 1).</summary>
    private sealed class Weighted<T>
    {
        private readonly T[] _items;
        private readonly double[] _cumulative;

        public Weighted(T[] items, double[] weights)
        {
            _items = items;
            _cumulative = new double[weights.Length];
            var sum = 0.0;
            for (var i = 0; i < weights.Length; i++)
            {
                sum += weights[i];
                _cumulative[i] = sum;
            }
        }

        public T Pick(Randomizer random)
        {
            var roll = random.Double() * _cumulative[^1];
            for (var i = 0; i < _cumulative.Length; i++)
            {
                if (roll < _cumulative[i])
                {
                    return _items[i];
                }
            }

            return _items[^1];
        }
    }
}
