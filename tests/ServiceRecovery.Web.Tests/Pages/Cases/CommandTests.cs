using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ServiceRecovery.Web.Data;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Infrastructure;
using ServiceRecovery.Web.Pages.Cases;
using ServiceRecovery.Web.Tests.Infrastructure;
using Severity = ServiceRecovery.Web.Domain.Severity;

namespace ServiceRecovery.Web.Tests.Pages.Cases;

/// <summary>
/// Every command through the real mediator pipeline (validation, logging, handler) onto the app's SQLite file,
/// as the signed-in "Test owner". Tests share one database, so each works on cases of its own.
/// </summary>
public sealed class CommandTests(AppFactory factory) : IClassFixture<AppFactory>
{
    private const string Actor = "Test owner";

    // ---------------------------------------------------------------- log failure

    [Fact]
    public async Task Logging_a_failure_saves_the_case_with_its_first_timeline_event()
    {
        var command = await ValidLogCommandAsync();
        command.OrderReference = "A-17";

        var id = await factory.SendAsync(command);

        var saved = await LoadAsync(id);
        Assert.Equal(command.LogKey, saved.LogKey);
        Assert.Equal(command.StoreId, saved.StoreId);
        Assert.Equal(FailureType.WrongOrder, saved.FailureType);
        Assert.Equal(Severity.Moderate, saved.Severity);
        Assert.Equal(Channel.Counter, saved.Channel);
        Assert.Equal("Chicken wrap ordered, veggie wrap served", saved.Description);
        Assert.Equal("A-17", saved.OrderReference);
        Assert.Equal(Actor, saved.LoggedBy);
        Assert.Equal(Now(), saved.LoggedAt);
        Assert.Equal(Now(), saved.OccurredAt);
        Assert.Equal(DateTimeKind.Utc, saved.LoggedAt.Kind);
        Assert.Null(saved.Customer);
        Assert.Equal(1, saved.Version);
        Assert.Equal(CaseStatus.AwaitingApology, saved.Status);
        var logged = Assert.Single(saved.Timeline);
        Assert.Equal(CaseEventType.Logged, logged.Type);
        Assert.Equal(Actor, logged.By);
    }

    [Fact]
    public async Task A_failure_logged_with_a_store_local_time_is_saved_in_UTC()
    {
        var store = await DefaultStoreAsync();
        var command = await ValidLogCommandAsync();
        command.OccurredAtLocal = store.ToLocal(Now()).AddMinutes(-20);

        var saved = await LoadAsync(await factory.SendAsync(command));

        Assert.Equal(Now().AddMinutes(-20), saved.OccurredAt);
        Assert.Equal(DateTimeKind.Utc, saved.OccurredAt.Kind);
    }

    [Fact]
    public async Task Customer_contact_given_with_consent_is_saved_and_never_logged()
    {
        var command = await ValidLogCommandAsync();
        command.CustomerConsents = true;
        command.CustomerName = "Bohumila Zapletalova";
        command.CustomerPhone = "+420 602 987 654";
        command.CustomerEmail = "bohumila.zapletalova@example.org";

        var saved = await LoadAsync(await factory.SendAsync(command));

        Assert.NotNull(saved.Customer);
        Assert.Equal("Bohumila Zapletalova", saved.Customer.Name);
        Assert.Equal("+420 602 987 654", saved.Customer.Phone);
        Assert.Equal("bohumila.zapletalova@example.org", saved.Customer.Email);
        Assert.Equal(Now(), saved.Customer.ConsentGivenAt);
        Assert.Contains(factory.Logs.Lines, l => l.Contains("LogFailure.Command", StringComparison.Ordinal));
        Assert.DoesNotContain(factory.Logs.Lines, l =>
            l.Contains("Zapletalova", StringComparison.OrdinalIgnoreCase)
            || l.Contains("602 987", StringComparison.Ordinal)
            || l.Contains("example.org", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Logging_twice_with_the_same_key_creates_one_case_and_returns_it_both_times()
    {
        var command = await ValidLogCommandAsync();
        var first = await factory.SendAsync(command);

        factory.Clock.Advance(TimeSpan.FromSeconds(2));
        command.Description = "Re-posted with an edit";
        var second = await factory.SendAsync(command);

        Assert.Equal(first, second);
        Assert.Equal(1, await factory.WithDbAsync(db => db.Cases.CountAsync(c => c.LogKey == command.LogKey)));
        var saved = await LoadAsync(first);
        Assert.Equal("Chicken wrap ordered, veggie wrap served", saved.Description);
        Assert.Single(saved.Timeline);
    }

    [Theory]
    [InlineData("no log key", "LogKey")]
    [InlineData("no store", "StoreId")]
    [InlineData("unknown store", "StoreId")]
    [InlineData("no failure type", "FailureType")]
    [InlineData("undefined failure type", "FailureType")]
    [InlineData("no severity", "Severity")]
    [InlineData("no channel", "Channel")]
    [InlineData("no description", "Description")]
    [InlineData("blank description", "Description")]
    [InlineData("description too long", "Description")]
    [InlineData("order reference too long", "OrderReference")]
    [InlineData("name too long", "CustomerName")]
    [InlineData("phone without digits", "CustomerPhone")]
    [InlineData("email without an at sign", "CustomerEmail")]
    [InlineData("contact without consent", "CustomerConsents")]
    [InlineData("happened in the future", "OccurredAtLocal")]
    public async Task An_invalid_failure_is_refused_on_its_field_and_nothing_is_saved(string mistake, string property)
    {
        var store = await DefaultStoreAsync();
        var command = await ValidLogCommandAsync();
        switch (mistake)
        {
            case "no log key": command.LogKey = Guid.Empty; break;
            case "no store": command.StoreId = 0; break;
            case "unknown store": command.StoreId = 999_999; break;
            case "no failure type": command.FailureType = default; break;
            case "undefined failure type": command.FailureType = (FailureType)99; break;
            case "no severity": command.Severity = default; break;
            case "no channel": command.Channel = default; break;
            case "no description": command.Description = null; break;
            case "blank description": command.Description = "   "; break;
            case "description too long": command.Description = new string('x', RecoveryCase.DescriptionMaxLength + 1); break;
            case "order reference too long": command.OrderReference = new string('7', 41); break;
            case "name too long": (command.CustomerConsents, command.CustomerName) = (true, new string('n', 101)); break;
            case "phone without digits": (command.CustomerConsents, command.CustomerPhone) = (true, "call me maybe"); break;
            case "email without an at sign": (command.CustomerConsents, command.CustomerEmail) = (true, "jana.example.com"); break;
            case "contact without consent": (command.CustomerConsents, command.CustomerName) = (false, "Jana"); break;
            case "happened in the future": command.OccurredAtLocal = store.ToLocal(Now()).AddMinutes(30); break;
            default: throw new ArgumentOutOfRangeException(nameof(mistake), mistake, null);
        }

        var casesBefore = await CountAsync<RecoveryCase>();
        var eventsBefore = await CountAsync<CaseEvent>();

        var ex = await Assert.ThrowsAsync<ValidationException>(() => factory.SendAsync(command));

        Assert.Equal([property], ex.Errors.Select(e => e.PropertyName).Distinct());
        Assert.All(ex.Errors, e => Assert.False(string.IsNullOrWhiteSpace(e.ErrorMessage)));
        Assert.Equal(casesBefore, await CountAsync<RecoveryCase>());
        Assert.Equal(eventsBefore, await CountAsync<CaseEvent>());
    }

    // ---------------------------------------------------------------- record apology

    [Fact]
    public async Task Recording_the_apology_saves_it_with_the_signed_in_user_and_the_time()
    {
        var id = await LogAsync();
        factory.Clock.Advance(TimeSpan.FromMinutes(1));

        var version = await factory.SendAsync(new RecordApology.Command { CaseId = id, Version = 1, Method = ApologyMethod.Phone, Note = "Sorry, remade at once" });

        Assert.Equal(2, version);
        var saved = await LoadAsync(id);
        Assert.Equal(new Apology(Actor, Now(), ApologyMethod.Phone, "Sorry, remade at once"), saved.Apology);
        Assert.Equal(2, saved.Version);
        Assert.Equal(CaseStatus.AwaitingFollowUp, saved.Status);
        Assert.Equal([CaseEventType.Logged, CaseEventType.ApologyRecorded], saved.Timeline.Select(e => e.Type));
        Assert.Equal(Actor, saved.Timeline[1].By);
        Assert.Equal(Now(), saved.Timeline[1].At);
    }

    [Theory]
    [InlineData("no method", "Method")]
    [InlineData("undefined method", "Method")]
    [InlineData("note too long", "Note")]
    public async Task An_invalid_apology_is_refused_on_its_field_and_nothing_is_saved(string mistake, string property)
    {
        var id = await LogAsync();
        var command = new RecordApology.Command { CaseId = id, Version = 1, Method = ApologyMethod.InPerson };
        switch (mistake)
        {
            case "no method": command.Method = default; break;
            case "undefined method": command.Method = (ApologyMethod)42; break;
            case "note too long": command.Note = new string('x', RecoveryCase.NoteMaxLength + 1); break;
            default: throw new ArgumentOutOfRangeException(nameof(mistake), mistake, null);
        }

        await AssertInvalidAsync(id, command, property);
    }

    [Fact]
    public async Task A_second_apology_is_refused_and_the_case_is_unchanged()
    {
        var id = await LogAsync();
        var version = await ApologiseAsync(id, 1);

        await AssertRefusedAsync(id, new RecordApology.Command { CaseId = id, Version = version, Method = ApologyMethod.Message });
    }

    // ---------------------------------------------------------------- add compensation

    [Fact]
    public async Task Adding_a_compensation_saves_its_value_in_minor_units_of_the_store_currency()
    {
        var id = await LogAsync();
        factory.Clock.Advance(TimeSpan.FromMinutes(2));

        var version = await factory.SendAsync(new AddCompensation.Command
        {
            CaseId = id, Version = 1, Kind = CompensationKind.Remake, Description = "Fresh chicken wrap", Amount = "7.50",
        });
        version = await factory.SendAsync(new AddCompensation.Command
        {
            CaseId = id, Version = version, Kind = CompensationKind.FreeItem, Description = "Slice of cheesecake", Amount = "3.9",
        });

        Assert.Equal(3, version);
        var saved = await LoadAsync(id);
        Assert.Equal([750L, 390L], saved.Compensations.OrderBy(c => c.Id).Select(c => c.ValueMinor));
        var remake = saved.Compensations.OrderBy(c => c.Id).First();
        Assert.Equal(CompensationKind.Remake, remake.Kind);
        Assert.Equal("Fresh chicken wrap", remake.Description);
        Assert.Equal(Actor, remake.By);
        Assert.Equal(Now(), remake.At);
        Assert.Equal("Free item: Slice of cheesecake (EUR 3.90)", saved.Timeline[^1].Summary);
    }

    [Fact]
    public async Task A_compensation_is_checked_against_the_decimals_of_its_own_store_currency()
    {
        var tokyo = await factory.WithDbAsync(async db =>
        {
            var store = new Store("Tokyo Ginza", "Asia/Tokyo", "JPY");
            db.Stores.Add(store);
            await db.SaveChangesAsync();
            return store.Id;
        });
        var id = await LogAsync(c => c.StoreId = tokyo);

        await AssertInvalidAsync(id, new AddCompensation.Command { CaseId = id, Version = 1, Kind = CompensationKind.Refund, Description = "Refund", Amount = "500.5" }, "Amount");
        await factory.SendAsync(new AddCompensation.Command { CaseId = id, Version = 1, Kind = CompensationKind.Refund, Description = "Refund", Amount = "500" });

        var saved = await LoadAsync(id);
        Assert.Equal(500, Assert.Single(saved.Compensations).ValueMinor);
        Assert.EndsWith("(JPY 500)", saved.Timeline[^1].Summary, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("no kind", "Kind")]
    [InlineData("undefined kind", "Kind")]
    [InlineData("no description", "Description")]
    [InlineData("description too long", "Description")]
    [InlineData("no amount", "Amount")]
    [InlineData("negative amount", "Amount")]
    [InlineData("amount too large", "Amount")]
    [InlineData("more decimals than the currency has", "Amount")]
    public async Task An_invalid_compensation_is_refused_on_its_field_and_nothing_is_saved(string mistake, string property)
    {
        var id = await LogAsync();
        var command = new AddCompensation.Command { CaseId = id, Version = 1, Kind = CompensationKind.Remake, Description = "Remake", Amount = "4.50" };
        switch (mistake)
        {
            case "no kind": command.Kind = default; break;
            case "undefined kind": command.Kind = (CompensationKind)42; break;
            case "no description": command.Description = ""; break;
            case "description too long": command.Description = new string('x', 121); break;
            case "no amount": command.Amount = null; break;
            case "negative amount": command.Amount = "-0.01"; break;
            case "amount too large": command.Amount = "1000000"; break;
            case "more decimals than the currency has": command.Amount = "4.505"; break;
            default: throw new ArgumentOutOfRangeException(nameof(mistake), mistake, null);
        }

        await AssertInvalidAsync(id, command, property);
    }

    // ---------------------------------------------------------------- record follow-up

    [Fact]
    public async Task Recording_the_follow_up_saves_it_and_makes_the_case_ready_to_resolve()
    {
        var id = await LogAsync();
        var version = await ApologiseAsync(id, 1);
        factory.Clock.Advance(TimeSpan.FromMinutes(5));

        version = await factory.SendAsync(new RecordFollowUp.Command
        {
            CaseId = id, Version = version, Channel = FollowUpChannel.Phone, Outcome = CustomerOutcome.Delighted, Note = "Loved the cake",
        });

        Assert.Equal(3, version);
        var saved = await LoadAsync(id);
        var followUp = Assert.Single(saved.FollowUps);
        Assert.Equal(FollowUpChannel.Phone, followUp.Channel);
        Assert.Equal(CustomerOutcome.Delighted, followUp.Outcome);
        Assert.Equal("Loved the cake", followUp.Note);
        Assert.Equal(Actor, followUp.By);
        Assert.Equal(Now(), followUp.At);
        Assert.Equal(CaseStatus.ReadyToResolve, saved.Status);
    }

    [Theory]
    [InlineData("no channel", "Channel")]
    [InlineData("undefined channel", "Channel")]
    [InlineData("no outcome", "Outcome")]
    [InlineData("undefined outcome", "Outcome")]
    [InlineData("note too long", "Note")]
    public async Task An_invalid_follow_up_is_refused_on_its_field_and_nothing_is_saved(string mistake, string property)
    {
        var id = await LogAsync();
        var command = new RecordFollowUp.Command { CaseId = id, Version = 1, Channel = FollowUpChannel.InPerson, Outcome = CustomerOutcome.Satisfied };
        switch (mistake)
        {
            case "no channel": command.Channel = default; break;
            case "undefined channel": command.Channel = (FollowUpChannel)42; break;
            case "no outcome": command.Outcome = default; break;
            case "undefined outcome": command.Outcome = (CustomerOutcome)42; break;
            case "note too long": command.Note = new string('x', RecoveryCase.NoteMaxLength + 1); break;
            default: throw new ArgumentOutOfRangeException(nameof(mistake), mistake, null);
        }

        await AssertInvalidAsync(id, command, property);
    }

    // ---------------------------------------------------------------- resolve

    [Fact]
    public async Task Resolving_saves_the_resolution_and_closes_the_case()
    {
        var (id, version) = await ReadyToResolveAsync(CustomerOutcome.Satisfied);
        factory.Clock.Advance(TimeSpan.FromMinutes(3));

        version = await factory.SendAsync(ResolveCommand(id, version, ResolutionOutcome.WonBack));

        Assert.Equal(4, version);
        var saved = await LoadAsync(id);
        var resolution = Assert.Single(saved.Resolutions);
        Assert.Equal(RootCause.ProcessError, resolution.RootCause);
        Assert.Equal(ServiceDimension.Reliability, resolution.Dimension);
        Assert.Equal("Label wraps at the pass", resolution.WhatWeWillChange);
        Assert.Equal(ResolutionOutcome.WonBack, resolution.Outcome);
        Assert.Equal(Actor, resolution.By);
        Assert.Equal(Now(), resolution.At);
        Assert.Equal(CaseStatus.ResolvedWonBack, saved.Status);
    }

    [Theory]
    [InlineData("no root cause", "RootCause")]
    [InlineData("undefined root cause", "RootCause")]
    [InlineData("no dimension", "Dimension")]
    [InlineData("no outcome", "Outcome")]
    [InlineData("undefined outcome", "Outcome")]
    [InlineData("what we'll change too long", "WhatWeWillChange")]
    public async Task An_invalid_resolution_is_refused_on_its_field_and_nothing_is_saved(string mistake, string property)
    {
        var (id, version) = await ReadyToResolveAsync(CustomerOutcome.Satisfied);
        var command = ResolveCommand(id, version, ResolutionOutcome.WonBack);
        switch (mistake)
        {
            case "no root cause": command.RootCause = default; break;
            case "undefined root cause": command.RootCause = (RootCause)42; break;
            case "no dimension": command.Dimension = default; break;
            case "no outcome": command.Outcome = default; break;
            case "undefined outcome": command.Outcome = (ResolutionOutcome)42; break;
            case "what we'll change too long": command.WhatWeWillChange = new string('x', RecoveryCase.NoteMaxLength + 1); break;
            default: throw new ArgumentOutOfRangeException(nameof(mistake), mistake, null);
        }

        await AssertInvalidAsync(id, command, property);
    }

    [Fact]
    public async Task Resolving_before_the_apology_is_refused_and_the_case_is_unchanged()
    {
        var id = await LogAsync();
        var version = await factory.SendAsync(new RecordFollowUp.Command { CaseId = id, Version = 1, Channel = FollowUpChannel.InPerson, Outcome = CustomerOutcome.Satisfied });

        var ex = await AssertRefusedAsync(id, ResolveCommand(id, version, ResolutionOutcome.WonBack));

        Assert.Contains("apology", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resolving_a_dissatisfied_customer_as_won_back_is_refused_and_the_case_is_unchanged()
    {
        var (id, version) = await ReadyToResolveAsync(CustomerOutcome.Dissatisfied);

        await AssertRefusedAsync(id, ResolveCommand(id, version, ResolutionOutcome.WonBack));

        await factory.SendAsync(ResolveCommand(id, version, ResolutionOutcome.Lost));
        Assert.Equal(CaseStatus.ResolvedLost, (await LoadAsync(id)).Status);
    }

    [Fact]
    public async Task A_resolved_case_refuses_a_compensation_and_the_case_is_unchanged()
    {
        var (id, version) = await ReadyToResolveAsync(CustomerOutcome.Satisfied);
        version = await factory.SendAsync(ResolveCommand(id, version, ResolutionOutcome.WonBack));

        var ex = await AssertRefusedAsync(id, new AddCompensation.Command { CaseId = id, Version = version, Kind = CompensationKind.Voucher, Description = "Voucher", Amount = "5" });

        Assert.Contains("resolved", ex.Message, StringComparison.Ordinal);
    }

    // ---------------------------------------------------------------- reopen

    [Fact]
    public async Task A_reopened_case_needs_a_new_follow_up_and_keeps_its_old_resolution_on_record()
    {
        var (id, version) = await ReadyToResolveAsync(CustomerOutcome.Delighted);
        version = await factory.SendAsync(ResolveCommand(id, version, ResolutionOutcome.WonBack));
        var resolvedAt = Now();
        factory.Clock.Advance(TimeSpan.FromHours(2));

        version = await factory.SendAsync(new ReopenCase.Command { CaseId = id, Version = version, Reason = "Customer found a hair in the remake" });
        var reopenedAt = Now();

        var saved = await LoadAsync(id);
        Assert.Equal(5, saved.Version);
        Assert.Equal(CaseStatus.Reopened, saved.Status);
        var first = Assert.Single(saved.Resolutions);
        Assert.Equal(resolvedAt, first.At);
        Assert.Equal(reopenedAt, first.ReopenedAt);
        Assert.Equal(Actor, first.ReopenedBy);
        Assert.Equal("Customer found a hair in the remake", first.ReopenReason);

        // The delighted follow-up from before the reopen does not count any more.
        factory.Clock.Advance(TimeSpan.FromMinutes(1));
        await AssertRefusedAsync(id, ResolveCommand(id, version, ResolutionOutcome.WonBack));

        factory.Clock.Advance(TimeSpan.FromMinutes(10));
        version = await factory.SendAsync(new RecordFollowUp.Command { CaseId = id, Version = version, Channel = FollowUpChannel.Phone, Outcome = CustomerOutcome.Neutral });
        await AssertRefusedAsync(id, ResolveCommand(id, version, ResolutionOutcome.WonBack));
        version = await factory.SendAsync(ResolveCommand(id, version, ResolutionOutcome.Lost));

        saved = await LoadAsync(id);
        Assert.Equal(7, version);
        Assert.Equal(CaseStatus.ResolvedLost, saved.Status);
        Assert.Equal(2, saved.Resolutions.Count);
        Assert.True(saved.Resolutions.OrderBy(r => r.Id).First().IsReopened);
        Assert.Equal(ResolutionOutcome.Lost, saved.CurrentResolution?.Outcome);
        Assert.Equal(
            [CaseEventType.Logged, CaseEventType.ApologyRecorded, CaseEventType.FollowUpRecorded, CaseEventType.Resolved,
             CaseEventType.Reopened, CaseEventType.FollowUpRecorded, CaseEventType.Resolved],
            saved.Timeline.Select(e => e.Type));
    }

    [Theory]
    [InlineData("no reason", "Reason")]
    [InlineData("blank reason", "Reason")]
    [InlineData("reason too long", "Reason")]
    public async Task An_invalid_reopen_is_refused_on_its_field_and_nothing_is_saved(string mistake, string property)
    {
        var (id, version) = await ReadyToResolveAsync(CustomerOutcome.Satisfied);
        version = await factory.SendAsync(ResolveCommand(id, version, ResolutionOutcome.WonBack));
        var command = new ReopenCase.Command { CaseId = id, Version = version };
        command.Reason = mistake switch
        {
            "no reason" => null,
            "blank reason" => "   ",
            "reason too long" => new string('x', RecoveryCase.NoteMaxLength + 1),
            _ => throw new ArgumentOutOfRangeException(nameof(mistake), mistake, null),
        };

        await AssertInvalidAsync(id, command, property);
    }

    [Fact]
    public async Task Reopening_a_case_that_is_not_resolved_is_refused_and_the_case_is_unchanged()
    {
        var (id, version) = await ReadyToResolveAsync(CustomerOutcome.Satisfied);

        await AssertRefusedAsync(id, new ReopenCase.Command { CaseId = id, Version = version, Reason = "Why not" });
    }

    // ---------------------------------------------------------------- concurrency and unknown cases

    [Theory]
    [InlineData(CaseEventType.ApologyRecorded)]
    [InlineData(CaseEventType.CompensationAdded)]
    [InlineData(CaseEventType.FollowUpRecorded)]
    [InlineData(CaseEventType.Resolved)]
    [InlineData(CaseEventType.Reopened)]
    public async Task A_command_sent_with_a_stale_version_is_a_conflict_and_the_case_is_unchanged(CaseEventType action)
    {
        // Arrange a case on which the action is allowed, one version further than the user saw.
        var id = await LogAsync();
        var version = 1;
        if (action is CaseEventType.ApologyRecorded)
        {
            version = await factory.SendAsync(new AddCompensation.Command { CaseId = id, Version = version, Kind = CompensationKind.Remake, Description = "Remake", Amount = "4" });
        }
        else
        {
            version = await ApologiseAsync(id, version);
        }

        if (action is CaseEventType.Resolved or CaseEventType.Reopened)
        {
            version = await factory.SendAsync(new RecordFollowUp.Command { CaseId = id, Version = version, Channel = FollowUpChannel.InPerson, Outcome = CustomerOutcome.Satisfied });
        }

        if (action is CaseEventType.Reopened)
        {
            version = await factory.SendAsync(ResolveCommand(id, version, ResolutionOutcome.WonBack));
        }

        var before = await StateAsync(id);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => factory.SendAsync(CommandFor(action, id, version - 1)));

        Assert.Equal(before, await StateAsync(id));

        // With the version the case really has, the same action goes through.
        Assert.Equal(version + 1, await factory.SendAsync(CommandFor(action, id, version)));
    }

    [Fact]
    public async Task Two_saves_of_the_same_case_version_cannot_both_win()
    {
        var id = await LogAsync();
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var stale = await db.Cases.Include(c => c.Compensations).Include(c => c.FollowUps).Include(c => c.Resolutions).AsSplitQuery().SingleAsync(c => c.Id == id);

        await ApologiseAsync(id, 1);
        var before = await StateAsync(id);
        stale.MeasureAgainst(EffectiveTargets.Defaults);
        stale.AddCompensation(CompensationKind.FreeItem, "Cake", 390, "EUR", "Someone else", Now());

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => db.SaveChangesAsync());

        Assert.Equal(before, await StateAsync(id));
        Assert.Equal(0, await factory.WithDbAsync(d => d.Set<Compensation>().CountAsync(c => EF.Property<int?>(c, "RecoveryCaseId") == id)));
    }

    [Theory]
    [InlineData(CaseEventType.ApologyRecorded)]
    [InlineData(CaseEventType.CompensationAdded)]
    [InlineData(CaseEventType.FollowUpRecorded)]
    [InlineData(CaseEventType.Resolved)]
    [InlineData(CaseEventType.Reopened)]
    public async Task A_command_on_an_unknown_case_is_not_found(CaseEventType action)
    {
        await Assert.ThrowsAsync<NotFoundException>(() => factory.SendAsync(CommandFor(action, 987_654, 1)));
    }

    [Fact]
    public async Task The_case_page_query_for_an_unknown_case_is_not_found()
    {
        await Assert.ThrowsAsync<NotFoundException>(() => factory.SendAsync(new CaseDetails.Query(987_654)));
    }

    [Fact]
    public async Task The_case_page_query_returns_the_case_with_its_store_and_its_timeline_in_order()
    {
        var (id, _) = await ReadyToResolveAsync(CustomerOutcome.Satisfied);

        var model = await factory.SendAsync(new CaseDetails.Query(id));

        Assert.Equal(id, model.Case.Id);
        Assert.Equal(model.Case.StoreId, model.Store.Id);
        Assert.Equal([CaseEventType.Logged, CaseEventType.ApologyRecorded, CaseEventType.FollowUpRecorded], model.Case.Timeline.Select(e => e.Type));
        Assert.True(model.Case.Timeline.Zip(model.Case.Timeline.Skip(1)).All(p => p.First.At <= p.Second.At));
    }

    // ---------------------------------------------------------------- helpers

    private DateTime Now() => factory.Clock.GetUtcNow().UtcDateTime;

    private async Task<LogFailure.Command> ValidLogCommandAsync() => new()
    {
        LogKey = Guid.NewGuid(),
        StoreId = await factory.DefaultStoreIdAsync(),
        FailureType = FailureType.WrongOrder,
        Severity = Severity.Moderate,
        Channel = Channel.Counter,
        Description = "Chicken wrap ordered, veggie wrap served",
    };

    private async Task<int> LogAsync(Action<LogFailure.Command>? change = null)
    {
        var command = await ValidLogCommandAsync();
        change?.Invoke(command);
        return await factory.SendAsync(command);
    }

    private async Task<int> ApologiseAsync(int id, int version)
    {
        factory.Clock.Advance(TimeSpan.FromMinutes(1));
        return await factory.SendAsync(new RecordApology.Command { CaseId = id, Version = version, Method = ApologyMethod.InPerson });
    }

    private async Task<(int Id, int Version)> ReadyToResolveAsync(CustomerOutcome outcome)
    {
        var id = await LogAsync();
        var version = await ApologiseAsync(id, 1);
        factory.Clock.Advance(TimeSpan.FromMinutes(5));
        version = await factory.SendAsync(new RecordFollowUp.Command { CaseId = id, Version = version, Channel = FollowUpChannel.InPerson, Outcome = outcome });
        return (id, version);
    }

    private static ResolveCase.Command ResolveCommand(int id, int version, ResolutionOutcome outcome) => new()
    {
        CaseId = id,
        Version = version,
        RootCause = RootCause.ProcessError,
        Dimension = ServiceDimension.Reliability,
        Outcome = outcome,
        WhatWeWillChange = "Label wraps at the pass",
    };

    private static IRequest<int> CommandFor(CaseEventType action, int id, int version) => action switch
    {
        CaseEventType.ApologyRecorded => new RecordApology.Command { CaseId = id, Version = version, Method = ApologyMethod.InPerson },
        CaseEventType.CompensationAdded => new AddCompensation.Command { CaseId = id, Version = version, Kind = CompensationKind.FreeItem, Description = "Cake", Amount = "3.90" },
        CaseEventType.FollowUpRecorded => new RecordFollowUp.Command { CaseId = id, Version = version, Channel = FollowUpChannel.Phone, Outcome = CustomerOutcome.Satisfied },
        CaseEventType.Resolved => ResolveCommand(id, version, ResolutionOutcome.WonBack),
        CaseEventType.Reopened => new ReopenCase.Command { CaseId = id, Version = version, Reason = "Customer called again" },
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };

    private Task<Store> DefaultStoreAsync() => factory.WithDbAsync(async db =>
    {
        var id = await factory.DefaultStoreIdAsync();
        return await db.Stores.AsNoTracking().SingleAsync(s => s.Id == id);
    });

    private Task<int> CountAsync<T>()
        where T : class => factory.WithDbAsync(db => db.Set<T>().CountAsync());

    /// <summary>The case as saved, read back on a fresh DbContext.</summary>
    private Task<RecoveryCase> LoadAsync(int id) => factory.WithDbAsync(db => db.Cases
        .AsNoTracking()
        .Include(c => c.Compensations)
        .Include(c => c.FollowUps)
        .Include(c => c.Resolutions)
        .Include(c => c.Timeline.OrderBy(e => e.Id))
        .AsSplitQuery()
        .SingleAsync(c => c.Id == id));

    private async Task<SavedState> StateAsync(int id)
    {
        var c = await LoadAsync(id);
        return new SavedState(
            c.Version,
            c.Timeline.Count,
            c.Apology,
            c.Compensations.Count,
            c.FollowUps.Count,
            c.Resolutions.Count,
            c.Resolutions.Count(r => r.IsReopened));
    }

    private async Task AssertInvalidAsync<TCommand>(int id, TCommand command, string property)
        where TCommand : IRequest<int>
    {
        var before = await StateAsync(id);

        var ex = await Assert.ThrowsAsync<ValidationException>(() => factory.SendAsync(command));

        Assert.Equal([property], ex.Errors.Select(e => e.PropertyName).Distinct());
        Assert.All(ex.Errors, e => Assert.False(string.IsNullOrWhiteSpace(e.ErrorMessage)));
        Assert.Equal(before, await StateAsync(id));
    }

    private async Task<CaseRuleViolationException> AssertRefusedAsync<TCommand>(int id, TCommand command)
        where TCommand : IRequest<int>
    {
        var before = await StateAsync(id);

        var ex = await Assert.ThrowsAsync<CaseRuleViolationException>(() => factory.SendAsync(command));

        Assert.Equal(before, await StateAsync(id));
        return ex;
    }

    private sealed record SavedState(int Version, int Events, Apology? Apology, int Compensations, int FollowUps, int Resolutions, int Reopened);
}
