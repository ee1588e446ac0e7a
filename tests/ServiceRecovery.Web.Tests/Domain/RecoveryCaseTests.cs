using ServiceRecovery.Web.Domain;

namespace ServiceRecovery.Web.Tests.Domain;

/// <summary>Every rule a recovery case guards, tested on the object itself: no HTTP, no database.</summary>
public sealed class RecoveryCaseTests
{
    private const string Cashier = "Cashier Ann";
    private const string Manager = "Manager Bob";
    private const string Description = "Chicken wrap ordered, veggie wrap served";

    private static readonly DateTime LoggedAt = new(2026, 3, 10, 11, 30, 0, DateTimeKind.Utc);

    // ---------------------------------------------------------------- logging

    [Fact]
    public void A_logged_case_keeps_what_the_cashier_said_and_who_logged_it_when()
    {
        var key = Guid.NewGuid();
        var occurredAt = LoggedAt.AddMinutes(-7);

        var recoveryCase = RecoveryCase.Log(
            new NewFailure(3, key, occurredAt, Channel.DriveThrough, FailureType.MissingItem, Severity.Major, "  No fries in the bag  ", " A-17 ", false, null, null, null),
            Cashier,
            LoggedAt, EffectiveTargets.Defaults);

        Assert.Equal(3, recoveryCase.StoreId);
        Assert.Equal(key, recoveryCase.LogKey);
        Assert.Equal(occurredAt, recoveryCase.OccurredAt);
        Assert.Equal(LoggedAt, recoveryCase.LoggedAt);
        Assert.Equal(Cashier, recoveryCase.LoggedBy);
        Assert.Equal(Channel.DriveThrough, recoveryCase.Channel);
        Assert.Equal(FailureType.MissingItem, recoveryCase.FailureType);
        Assert.Equal(Severity.Major, recoveryCase.Severity);
        Assert.Equal("No fries in the bag", recoveryCase.Description);
        Assert.Equal("A-17", recoveryCase.OrderReference);
        Assert.Null(recoveryCase.Customer);
        Assert.Null(recoveryCase.Apology);
        Assert.Empty(recoveryCase.Compensations);
        Assert.Empty(recoveryCase.FollowUps);
        Assert.Empty(recoveryCase.Resolutions);
        Assert.Equal(CaseStatus.AwaitingApology, recoveryCase.Status);
        Assert.Equal(1, recoveryCase.Version);

        var logged = Assert.Single(recoveryCase.Timeline);
        Assert.Equal(CaseEventType.Logged, logged.Type);
        Assert.Equal(Cashier, logged.By);
        Assert.Equal(LoggedAt, logged.At);
        Assert.Equal("Logged: Missing item, major, via drive-through", logged.Summary);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void A_failure_without_a_description_is_refused(string description)
    {
        var ex = Assert.Throws<CaseRuleViolationException>(() => RecoveryCase.Log(Failure(description: description), Cashier, LoggedAt, EffectiveTargets.Defaults));
        Assert.Equal("What happened is required.", ex.Message);
    }

    [Fact]
    public void A_description_longer_than_the_limit_is_refused_and_one_at_the_limit_is_kept()
    {
        var atLimit = new string('x', RecoveryCase.DescriptionMaxLength);

        var ex = Assert.Throws<CaseRuleViolationException>(() => RecoveryCase.Log(Failure(description: atLimit + "x"), Cashier, LoggedAt, EffectiveTargets.Defaults));

        Assert.Contains($"at most {RecoveryCase.DescriptionMaxLength}", ex.Message, StringComparison.Ordinal);
        Assert.Equal(atLimit, RecoveryCase.Log(Failure(description: atLimit), Cashier, LoggedAt, EffectiveTargets.Defaults).Description);
    }

    [Fact]
    public void A_failure_that_happened_in_the_future_is_refused()
    {
        var ex = Assert.Throws<CaseRuleViolationException>(() => RecoveryCase.Log(Failure(occurredAt: LoggedAt.AddSeconds(1)), Cashier, LoggedAt, EffectiveTargets.Defaults));
        Assert.Contains("future", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failure_that_happened_just_now_is_accepted()
    {
        Assert.Equal(LoggedAt, RecoveryCase.Log(Failure(occurredAt: LoggedAt), Cashier, LoggedAt, EffectiveTargets.Defaults).OccurredAt);
    }

    [Theory]
    [InlineData("Jana Novakova", null, null)]
    [InlineData(null, "+420 777 123 456", null)]
    [InlineData(null, null, "jana@example.com")]
    public void Customer_contact_without_consent_is_refused(string? name, string? phone, string? email)
    {
        var ex = Assert.Throws<CaseRuleViolationException>(() =>
            RecoveryCase.Log(Failure(consents: false, name: name, phone: phone, email: email), Cashier, LoggedAt, EffectiveTargets.Defaults));
        Assert.Contains("consent", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Customer_contact_with_consent_is_kept_trimmed_with_the_time_consent_was_given()
    {
        var recoveryCase = RecoveryCase.Log(
            Failure(consents: true, name: " Jana Novakova ", phone: " +420 777 123 456 ", email: " jana@example.com "), Cashier, LoggedAt, EffectiveTargets.Defaults);

        var contact = Assert.IsType<CustomerContact>(recoveryCase.Customer);
        Assert.Equal("Jana Novakova", contact.Name);
        Assert.Equal("+420 777 123 456", contact.Phone);
        Assert.Equal("jana@example.com", contact.Email);
        Assert.Equal(LoggedAt, contact.ConsentGivenAt);
        Assert.Equal(DateTimeKind.Utc, contact.ConsentGivenAt.Kind);
    }

    [Fact]
    public void Customer_contact_with_consent_may_hold_only_some_of_the_fields()
    {
        var contact = RecoveryCase.Log(Failure(consents: true, phone: "+420 777 123 456"), Cashier, LoggedAt, EffectiveTargets.Defaults).Customer;

        Assert.NotNull(contact);
        Assert.Null(contact.Name);
        Assert.Equal("+420 777 123 456", contact.Phone);
        Assert.Null(contact.Email);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Empty_contact_fields_are_stored_as_no_contact_at_all(bool consents)
    {
        var recoveryCase = RecoveryCase.Log(Failure(consents: consents, name: "  ", phone: "", email: " "), Cashier, LoggedAt, EffectiveTargets.Defaults);

        Assert.Null(recoveryCase.Customer);
        Assert.DoesNotContain("contact", recoveryCase.Timeline[0].Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_blank_order_reference_is_stored_as_none()
    {
        var failure = Failure() with { OrderReference = "   " };

        Assert.Null(RecoveryCase.Log(failure, Cashier, LoggedAt, EffectiveTargets.Defaults).OrderReference);
    }

    [Fact]
    public void Times_given_without_a_kind_are_stored_as_UTC()
    {
        var unspecifiedNow = DateTime.SpecifyKind(LoggedAt, DateTimeKind.Unspecified);
        var recoveryCase = RecoveryCase.Log(Failure(occurredAt: unspecifiedNow.AddMinutes(-1)), Cashier, unspecifiedNow, EffectiveTargets.Defaults);
        recoveryCase.RecordApology(ApologyMethod.InPerson, null, Cashier, unspecifiedNow.AddMinutes(1));

        Assert.Equal(DateTimeKind.Utc, recoveryCase.LoggedAt.Kind);
        Assert.Equal(DateTimeKind.Utc, recoveryCase.OccurredAt.Kind);
        Assert.Equal(DateTimeKind.Utc, recoveryCase.Apology!.At.Kind);
        Assert.All(recoveryCase.Timeline, e => Assert.Equal(DateTimeKind.Utc, e.At.Kind));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void A_case_cannot_be_logged_without_knowing_who_logged_it(string by)
    {
        Assert.ThrowsAny<ArgumentException>(() => RecoveryCase.Log(Failure(), by, LoggedAt, EffectiveTargets.Defaults));
    }

    // ---------------------------------------------------------------- apology

    [Fact]
    public void An_apology_is_recorded_with_who_when_how_and_the_note()
    {
        var recoveryCase = NewCase();

        recoveryCase.RecordApology(ApologyMethod.Phone, "  Sorry, remade at once  ", Cashier, At(2));

        Assert.Equal(new Apology(Cashier, At(2), ApologyMethod.Phone, "Sorry, remade at once"), recoveryCase.Apology);
        Assert.Equal(CaseStatus.AwaitingFollowUp, recoveryCase.Status);
        Assert.Equal("Apologised by phone — “Sorry, remade at once”", recoveryCase.Timeline[^1].Summary);
    }

    [Fact]
    public void An_apology_may_be_recorded_at_the_very_moment_the_case_was_logged()
    {
        var recoveryCase = NewCase();

        recoveryCase.RecordApology(ApologyMethod.InPerson, null, Cashier, LoggedAt);

        Assert.Equal(LoggedAt, recoveryCase.Apology!.At);
        Assert.Null(recoveryCase.Apology.Note);
    }

    [Fact]
    public void A_second_apology_is_refused()
    {
        var recoveryCase = Apologised();

        var ex = AssertRefused(recoveryCase, () => recoveryCase.RecordApology(ApologyMethod.Phone, "Again", Manager, At(3)));

        Assert.Contains("already", ex.Message, StringComparison.Ordinal);
        Assert.False(recoveryCase.CanRecordApology);
    }

    [Fact]
    public void An_apology_note_longer_than_the_limit_is_refused()
    {
        var recoveryCase = NewCase();

        AssertRefused(recoveryCase, () => recoveryCase.RecordApology(ApologyMethod.InPerson, new string('x', RecoveryCase.NoteMaxLength + 1), Cashier, At(1)));
    }

    // ---------------------------------------------------------------- compensation

    [Fact]
    public void Compensations_accumulate_with_their_value_in_minor_units()
    {
        var recoveryCase = Apologised();

        var remake = recoveryCase.AddCompensation(CompensationKind.Remake, " Fresh chicken wrap ", 750, "EUR", Cashier, At(2));
        recoveryCase.AddCompensation(CompensationKind.FreeItem, "Slice of cheesecake", 390, "EUR", Cashier, At(3));

        Assert.Equal(2, recoveryCase.Compensations.Count);
        Assert.Equal(CompensationKind.Remake, remake.Kind);
        Assert.Equal("Fresh chicken wrap", remake.Description);
        Assert.Equal(750, remake.ValueMinor);
        Assert.Equal(Cashier, remake.By);
        Assert.Equal(At(2), remake.At);
        Assert.Equal(1140, recoveryCase.Compensations.Sum(c => c.ValueMinor));
        Assert.Equal("Free item: Slice of cheesecake (EUR 3.90)", recoveryCase.Timeline[^1].Summary);
    }

    [Fact]
    public void A_compensation_that_cost_nothing_is_accepted()
    {
        var recoveryCase = NewCase();

        Assert.Equal(0, recoveryCase.AddCompensation(CompensationKind.Gift, "Sticker for the child", 0, "EUR", Cashier, At(1)).ValueMinor);
    }

    [Fact]
    public void A_compensation_with_a_negative_value_is_refused()
    {
        var recoveryCase = NewCase();

        var ex = AssertRefused(recoveryCase, () => recoveryCase.AddCompensation(CompensationKind.Refund, "Refund", -1, "EUR", Cashier, At(1)));

        Assert.Contains("negative", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void A_compensation_without_a_description_is_refused(string description)
    {
        var recoveryCase = NewCase();

        AssertRefused(recoveryCase, () => recoveryCase.AddCompensation(CompensationKind.Refund, description, 100, "EUR", Cashier, At(1)));
    }

    // ---------------------------------------------------------------- no timestamp before the case was logged

    [Theory]
    [InlineData(CaseEventType.ApologyRecorded)]
    [InlineData(CaseEventType.CompensationAdded)]
    [InlineData(CaseEventType.FollowUpRecorded)]
    [InlineData(CaseEventType.Resolved)]
    [InlineData(CaseEventType.Reopened)]
    public void Nothing_on_a_case_can_be_dated_before_the_case_was_logged(CaseEventType action)
    {
        var recoveryCase = CaseReadyFor(action);

        var ex = AssertRefused(recoveryCase, () => Do(recoveryCase, action, Manager, LoggedAt.AddTicks(-1)));

        Assert.Equal("Nothing on a case can be dated before the case was logged.", ex.Message);

        // The same action a moment later is allowed: the time was the only problem.
        Do(recoveryCase, action, Manager, At(30));
        Assert.Equal(action, recoveryCase.Timeline[^1].Type);
    }

    // ---------------------------------------------------------------- follow-up and resolution

    [Fact]
    public void A_follow_up_is_recorded_with_who_when_how_the_outcome_and_the_note()
    {
        var recoveryCase = Apologised();

        recoveryCase.RecordFollowUp(FollowUpChannel.Phone, CustomerOutcome.Delighted, " Loved the cake ", Manager, At(5));

        var followUp = Assert.Single(recoveryCase.FollowUps);
        Assert.Equal(FollowUpChannel.Phone, followUp.Channel);
        Assert.Equal(CustomerOutcome.Delighted, followUp.Outcome);
        Assert.Equal("Loved the cake", followUp.Note);
        Assert.Equal(Manager, followUp.By);
        Assert.Equal(At(5), followUp.At);
        Assert.Same(followUp, recoveryCase.CurrentFollowUp);
        Assert.Equal("Followed up by phone: customer delighted — “Loved the cake”", recoveryCase.Timeline[^1].Summary);
    }

    [Fact]
    public void A_follow_up_note_longer_than_the_limit_is_refused()
    {
        var recoveryCase = Apologised();

        AssertRefused(recoveryCase, () =>
            recoveryCase.RecordFollowUp(FollowUpChannel.InPerson, CustomerOutcome.Satisfied, new string('x', RecoveryCase.NoteMaxLength + 1), Manager, At(5)));
    }

    [Fact]
    public void A_case_cannot_be_resolved_before_the_apology_is_recorded()
    {
        var recoveryCase = NewCase();
        recoveryCase.RecordFollowUp(FollowUpChannel.InPerson, CustomerOutcome.Satisfied, null, Manager, At(5));

        Assert.False(recoveryCase.CanResolve);
        var ex = AssertRefused(recoveryCase, () => Resolve(recoveryCase, ResolutionOutcome.WonBack, At(10)));
        Assert.Contains("apology", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_case_cannot_be_resolved_before_the_manager_has_followed_up()
    {
        var recoveryCase = Apologised();

        Assert.False(recoveryCase.CanResolve);
        var ex = AssertRefused(recoveryCase, () => Resolve(recoveryCase, ResolutionOutcome.Lost, At(10)));
        Assert.Contains("follow-up", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unreachable_customer_counts_as_a_follow_up_and_the_case_resolves_as_lost()
    {
        var recoveryCase = FollowedUp(CustomerOutcome.Unreachable);

        Assert.True(recoveryCase.CanResolve);
        Resolve(recoveryCase, ResolutionOutcome.Lost, At(10));

        Assert.Equal(CaseStatus.ResolvedLost, recoveryCase.Status);
    }

    [Theory]
    [InlineData(CustomerOutcome.Neutral)]
    [InlineData(CustomerOutcome.Dissatisfied)]
    [InlineData(CustomerOutcome.Unreachable)]
    public void A_customer_who_was_not_won_back_can_only_be_resolved_as_lost(CustomerOutcome outcome)
    {
        var recoveryCase = FollowedUp(outcome);

        Assert.Equal([ResolutionOutcome.Lost], recoveryCase.AllowedOutcomes);
        var ex = AssertRefused(recoveryCase, () => Resolve(recoveryCase, ResolutionOutcome.WonBack, At(10)));
        Assert.Contains("only be resolved as lost", ex.Message, StringComparison.Ordinal);

        Resolve(recoveryCase, ResolutionOutcome.Lost, At(11));
        Assert.Equal(CaseStatus.ResolvedLost, recoveryCase.Status);
    }

    [Theory]
    [InlineData(CustomerOutcome.Delighted, ResolutionOutcome.WonBack, CaseStatus.ResolvedWonBack)]
    [InlineData(CustomerOutcome.Delighted, ResolutionOutcome.Lost, CaseStatus.ResolvedLost)]
    [InlineData(CustomerOutcome.Satisfied, ResolutionOutcome.WonBack, CaseStatus.ResolvedWonBack)]
    [InlineData(CustomerOutcome.Satisfied, ResolutionOutcome.Lost, CaseStatus.ResolvedLost)]
    public void A_delighted_or_satisfied_customer_may_be_resolved_as_won_back_or_lost(CustomerOutcome followUp, ResolutionOutcome resolvedAs, CaseStatus expected)
    {
        var recoveryCase = FollowedUp(followUp);

        Assert.Equal([ResolutionOutcome.WonBack, ResolutionOutcome.Lost], recoveryCase.AllowedOutcomes);
        Resolve(recoveryCase, resolvedAs, At(10));

        Assert.Equal(expected, recoveryCase.Status);
    }

    [Fact]
    public void The_latest_follow_up_decides_how_the_case_may_be_resolved()
    {
        var recoveryCase = FollowedUp(CustomerOutcome.Dissatisfied);
        recoveryCase.RecordFollowUp(FollowUpChannel.Phone, CustomerOutcome.Delighted, "Called back next day", Manager, At(60));

        Assert.Equal(CustomerOutcome.Delighted, recoveryCase.CurrentFollowUp!.Outcome);
        Assert.Contains(ResolutionOutcome.WonBack, recoveryCase.AllowedOutcomes);

        recoveryCase.RecordFollowUp(FollowUpChannel.Phone, CustomerOutcome.Dissatisfied, "Changed their mind", Manager, At(90));

        Assert.Equal([ResolutionOutcome.Lost], recoveryCase.AllowedOutcomes);
        AssertRefused(recoveryCase, () => Resolve(recoveryCase, ResolutionOutcome.WonBack, At(100)));
        Assert.Equal(3, recoveryCase.FollowUps.Count);
    }

    [Fact]
    public void A_resolution_records_who_when_the_root_cause_the_dimension_and_what_will_change()
    {
        var recoveryCase = FollowedUp(CustomerOutcome.Satisfied);

        recoveryCase.Resolve(RootCause.PerceptionGap, ServiceDimension.Empathy, "  Ask before substituting  ", ResolutionOutcome.WonBack, Manager, At(10));

        var resolution = Assert.Single(recoveryCase.Resolutions);
        Assert.Same(resolution, recoveryCase.CurrentResolution);
        Assert.Equal(RootCause.PerceptionGap, resolution.RootCause);
        Assert.Equal(ServiceDimension.Empathy, resolution.Dimension);
        Assert.Equal("Ask before substituting", resolution.WhatWeWillChange);
        Assert.Equal(ResolutionOutcome.WonBack, resolution.Outcome);
        Assert.Equal(Manager, resolution.By);
        Assert.Equal(At(10), resolution.At);
        Assert.False(resolution.IsReopened);
        Assert.True(recoveryCase.IsResolved);
        Assert.Equal(
            "Resolved as won back: perception gap, empathy — “Ask before substituting”",
            recoveryCase.Timeline[^1].Summary);
    }

    // ---------------------------------------------------------------- a resolved case is closed

    [Theory]
    [InlineData(CaseEventType.ApologyRecorded)]
    [InlineData(CaseEventType.CompensationAdded)]
    [InlineData(CaseEventType.FollowUpRecorded)]
    [InlineData(CaseEventType.Resolved)]
    public void A_resolved_case_refuses_every_change_except_a_reopen(CaseEventType action)
    {
        // Resolved without an apology on record is impossible, so the apology case needs a case that is resolved in every other way.
        var recoveryCase = Resolved();

        var ex = AssertRefused(recoveryCase, () => Do(recoveryCase, action, Manager, At(30)));

        Assert.Equal("This case is resolved. Reopen it (with a reason) to change it.", ex.Message);
        Assert.False(recoveryCase.CanRecordApology);
        Assert.False(recoveryCase.CanAddCompensation);
        Assert.False(recoveryCase.CanRecordFollowUp);
        Assert.False(recoveryCase.CanResolve);
        Assert.True(recoveryCase.CanReopen);
    }

    // ---------------------------------------------------------------- reopen

    [Fact]
    public void A_case_that_is_not_resolved_cannot_be_reopened()
    {
        var fresh = NewCase();
        var ready = FollowedUp(CustomerOutcome.Satisfied);

        Assert.False(fresh.CanReopen);
        Assert.False(ready.CanReopen);
        AssertRefused(fresh, () => fresh.Reopen("Customer called again", Manager, At(20)));
        var ex = AssertRefused(ready, () => ready.Reopen("Customer called again", Manager, At(20)));
        Assert.Equal("Only a resolved case can be reopened.", ex.Message);
    }

    [Fact]
    public void A_reopened_case_cannot_be_reopened_again_until_it_is_resolved_again()
    {
        var recoveryCase = Resolved();
        recoveryCase.Reopen("Customer called again", Manager, At(20));

        AssertRefused(recoveryCase, () => recoveryCase.Reopen("Twice", Manager, At(21)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Reopening_needs_a_reason(string reason)
    {
        var recoveryCase = Resolved();

        var ex = AssertRefused(recoveryCase, () => recoveryCase.Reopen(reason, Manager, At(20)));

        Assert.Equal("Reason is required.", ex.Message);
    }

    [Fact]
    public void A_reopen_reason_longer_than_the_limit_is_refused()
    {
        var recoveryCase = Resolved();

        AssertRefused(recoveryCase, () => recoveryCase.Reopen(new string('x', RecoveryCase.NoteMaxLength + 1), Manager, At(20)));
    }

    [Fact]
    public void After_a_reopen_the_case_needs_a_new_follow_up_before_it_can_be_resolved_again()
    {
        var recoveryCase = FollowedUp(CustomerOutcome.Delighted);
        Resolve(recoveryCase, ResolutionOutcome.WonBack, At(10));

        recoveryCase.Reopen("  Customer found a hair in the remake  ", Manager, At(20));

        Assert.Equal(CaseStatus.Reopened, recoveryCase.Status);
        Assert.True(recoveryCase.WasReopened);
        Assert.False(recoveryCase.IsResolved);
        Assert.Null(recoveryCase.CurrentResolution);
        Assert.Null(recoveryCase.CurrentFollowUp);
        Assert.False(recoveryCase.CanResolve);
        Assert.True(recoveryCase.CanAddCompensation);
        Assert.True(recoveryCase.CanRecordFollowUp);
        Assert.False(recoveryCase.CanRecordApology);
        Assert.Equal("Reopened — “Customer found a hair in the remake”", recoveryCase.Timeline[^1].Summary);

        // The delighted follow-up from before the reopen no longer counts.
        var ex = AssertRefused(recoveryCase, () => Resolve(recoveryCase, ResolutionOutcome.WonBack, At(21)));
        Assert.Equal("Follow up with the customer again before resolving a reopened case.", ex.Message);

        recoveryCase.AddCompensation(CompensationKind.Voucher, "Voucher for next visit", 1000, "EUR", Manager, At(22));
        recoveryCase.RecordFollowUp(FollowUpChannel.Phone, CustomerOutcome.Neutral, null, Manager, At(25));
        Assert.Equal(CaseStatus.ReadyToResolve, recoveryCase.Status);
        Assert.Equal([ResolutionOutcome.Lost], recoveryCase.AllowedOutcomes);

        Resolve(recoveryCase, ResolutionOutcome.Lost, At(30));

        Assert.Equal(CaseStatus.ResolvedLost, recoveryCase.Status);
        Assert.Equal(2, recoveryCase.Resolutions.Count);

        // The first resolution stays on record, with the reopen written on it.
        var first = recoveryCase.Resolutions[0];
        Assert.Equal(ResolutionOutcome.WonBack, first.Outcome);
        Assert.Equal(At(10), first.At);
        Assert.True(first.IsReopened);
        Assert.Equal(At(20), first.ReopenedAt);
        Assert.Equal(Manager, first.ReopenedBy);
        Assert.Equal("Customer found a hair in the remake", first.ReopenReason);
        Assert.Same(recoveryCase.Resolutions[1], recoveryCase.CurrentResolution);
        Assert.False(recoveryCase.Resolutions[1].IsReopened);
    }

    // ---------------------------------------------------------------- status is derived

    [Fact]
    public void Every_status_is_derived_from_the_facts_on_the_case()
    {
        foreach (var status in Enum.GetValues<CaseStatus>())
        {
            Assert.Equal(status, CaseIn(status).Status);
        }
    }

    [Fact]
    public void A_follow_up_before_the_apology_leaves_the_case_awaiting_the_apology()
    {
        var recoveryCase = NewCase();
        recoveryCase.RecordFollowUp(FollowUpChannel.InPerson, CustomerOutcome.Satisfied, null, Manager, At(1));

        Assert.Equal(CaseStatus.AwaitingApology, recoveryCase.Status);

        recoveryCase.RecordApology(ApologyMethod.InPerson, null, Cashier, At(2));

        Assert.Equal(CaseStatus.ReadyToResolve, recoveryCase.Status);
    }

    [Fact]
    public void Compensation_alone_does_not_move_the_status()
    {
        var recoveryCase = NewCase();
        recoveryCase.AddCompensation(CompensationKind.Remake, "Remake", 500, "EUR", Cashier, At(1));

        Assert.Equal(CaseStatus.AwaitingApology, recoveryCase.Status);
    }

    [Theory]
    [InlineData(false, false, false, null, CaseStatus.AwaitingApology)]
    [InlineData(false, true, false, null, CaseStatus.AwaitingApology)]
    [InlineData(true, false, false, null, CaseStatus.AwaitingFollowUp)]
    [InlineData(true, true, false, null, CaseStatus.ReadyToResolve)]
    [InlineData(true, false, true, null, CaseStatus.Reopened)]
    [InlineData(true, true, true, null, CaseStatus.ReadyToResolve)]
    [InlineData(true, true, false, ResolutionOutcome.WonBack, CaseStatus.ResolvedWonBack)]
    [InlineData(true, true, false, ResolutionOutcome.Lost, CaseStatus.ResolvedLost)]
    [InlineData(true, true, true, ResolutionOutcome.WonBack, CaseStatus.ResolvedWonBack)]
    public void The_status_rule_maps_the_facts_to_one_status(bool apologised, bool followedUp, bool reopened, ResolutionOutcome? resolvedAs, CaseStatus expected)
    {
        Assert.Equal(expected, RecoveryCase.StatusOf(apologised, followedUp, reopened, resolvedAs));
    }

    [Theory]
    [InlineData(false, false, CaseStatus.AwaitingApology)]
    [InlineData(true, false, CaseStatus.AwaitingFollowUp)]
    [InlineData(true, true, CaseStatus.AwaitingApproval)]
    public void A_pending_compensation_holds_a_case_that_is_otherwise_ready_to_resolve(bool apologised, bool followedUp, CaseStatus expected)
    {
        Assert.Equal(expected, RecoveryCase.StatusOf(apologised, followedUp, reopened: false, resolvedAs: null, approvalPending: true));
    }

    // ---------------------------------------------------------------- version and timeline

    [Fact]
    public void Every_change_bumps_the_version_and_appends_exactly_one_event_with_its_actor_and_time()
    {
        var recoveryCase = NewCase();
        Assert.Equal(1, recoveryCase.Version);

        var steps = new (CaseEventType Action, string By, int Minute)[]
        {
            (CaseEventType.ApologyRecorded, Cashier, 1),
            (CaseEventType.CompensationAdded, Cashier, 2),
            (CaseEventType.CompensationAdded, "Cashier Cid", 3),
            (CaseEventType.FollowUpRecorded, Manager, 5),
            (CaseEventType.Resolved, Manager, 10),
            (CaseEventType.Reopened, "Owner Dee", 20),
            (CaseEventType.FollowUpRecorded, Manager, 25),
            (CaseEventType.Resolved, Manager, 30),
        };

        foreach (var (action, by, minute) in steps)
        {
            var version = recoveryCase.Version;
            var events = recoveryCase.Timeline.Count;

            Do(recoveryCase, action, by, At(minute));

            Assert.Equal(version + 1, recoveryCase.Version);
            Assert.Equal(events + 1, recoveryCase.Timeline.Count);
            var added = recoveryCase.Timeline[^1];
            Assert.Equal(action, added.Type);
            Assert.Equal(by, added.By);
            Assert.Equal(At(minute), added.At);
            Assert.False(string.IsNullOrWhiteSpace(added.Summary));
        }

        Assert.Equal(steps.Length + 1, recoveryCase.Version);
        Assert.Equal(CaseEventType.Logged, recoveryCase.Timeline[0].Type);
    }

    [Theory]
    [InlineData(CaseEventType.ApologyRecorded, "")]
    [InlineData(CaseEventType.CompensationAdded, " ")]
    [InlineData(CaseEventType.FollowUpRecorded, "")]
    [InlineData(CaseEventType.Resolved, "  ")]
    [InlineData(CaseEventType.Reopened, "")]
    public void A_change_without_an_actor_is_refused_and_leaves_the_case_as_it_was(CaseEventType action, string by)
    {
        var recoveryCase = CaseReadyFor(action);
        var before = StateOf(recoveryCase);

        Assert.ThrowsAny<ArgumentException>(() => Do(recoveryCase, action, by, At(30)));

        Assert.Equal(before, StateOf(recoveryCase));
    }

    [Fact]
    public void Timeline_summaries_never_contain_the_customer_contact_details()
    {
        var recoveryCase = RecoveryCase.Log(
            Failure(consents: true, name: "Jana Novakova", phone: "+420 777 123 456", email: "jana.novakova@example.com"), Cashier, LoggedAt, EffectiveTargets.Defaults);
        recoveryCase.RecordApology(ApologyMethod.InPerson, "Apologised at the counter", Cashier, At(1));
        recoveryCase.AddCompensation(CompensationKind.Remake, "Fresh wrap", 750, "EUR", Cashier, At(2));
        recoveryCase.RecordFollowUp(FollowUpChannel.Phone, CustomerOutcome.Satisfied, "Happy now", Manager, At(5));
        Resolve(recoveryCase, ResolutionOutcome.WonBack, At(10));
        recoveryCase.Reopen("Called again", Manager, At(20));

        Assert.Equal(6, recoveryCase.Timeline.Count);
        Assert.Contains("customer contact kept with consent", recoveryCase.Timeline[0].Summary, StringComparison.Ordinal);
        foreach (var line in recoveryCase.Timeline.Select(e => e.Summary))
        {
            Assert.DoesNotContain("Jana", line, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("Novakova", line, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("777", line, StringComparison.Ordinal);
            Assert.DoesNotContain("example.com", line, StringComparison.OrdinalIgnoreCase);
        }
    }

    // ---------------------------------------------------------------- helpers

    private static DateTime At(int minutesAfterLogging) => LoggedAt.AddMinutes(minutesAfterLogging);

    private static NewFailure Failure(
        string description = Description, DateTime? occurredAt = null, bool consents = false, string? name = null, string? phone = null, string? email = null) =>
        new(1, Guid.NewGuid(), occurredAt ?? LoggedAt.AddMinutes(-5), Channel.Counter, FailureType.WrongOrder, Severity.Moderate,
            description, "A-17", consents, name, phone, email);

    private static RecoveryCase NewCase() => RecoveryCase.Log(Failure(), Cashier, LoggedAt, EffectiveTargets.Defaults);

    private static RecoveryCase Apologised()
    {
        var recoveryCase = NewCase();
        recoveryCase.RecordApology(ApologyMethod.InPerson, null, Cashier, At(1));
        return recoveryCase;
    }

    private static RecoveryCase FollowedUp(CustomerOutcome outcome)
    {
        var recoveryCase = Apologised();
        recoveryCase.RecordFollowUp(FollowUpChannel.InPerson, outcome, null, Manager, At(5));
        return recoveryCase;
    }

    private static RecoveryCase Resolved(ResolutionOutcome outcome = ResolutionOutcome.WonBack)
    {
        var recoveryCase = FollowedUp(outcome == ResolutionOutcome.WonBack ? CustomerOutcome.Satisfied : CustomerOutcome.Dissatisfied);
        Resolve(recoveryCase, outcome, At(10));
        return recoveryCase;
    }

    private static void Resolve(RecoveryCase recoveryCase, ResolutionOutcome outcome, DateTime at) =>
        recoveryCase.Resolve(RootCause.ProcessError, ServiceDimension.Reliability, "Label wraps at the pass", outcome, Manager, at);

    /// <summary>A case on which <paramref name="action"/> is allowed (before minute 30).</summary>
    private static RecoveryCase CaseReadyFor(CaseEventType action) => action switch
    {
        CaseEventType.ApologyRecorded => NewCase(),
        CaseEventType.CompensationAdded => NewCase(),
        CaseEventType.FollowUpRecorded => Apologised(),
        CaseEventType.Resolved => FollowedUp(CustomerOutcome.Satisfied),
        CaseEventType.Reopened => Resolved(),
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };

    private static void Do(RecoveryCase recoveryCase, CaseEventType action, string by, DateTime at)
    {
        switch (action)
        {
            case CaseEventType.ApologyRecorded:
                recoveryCase.RecordApology(ApologyMethod.InPerson, null, by, at);
                break;
            case CaseEventType.CompensationAdded:
                recoveryCase.AddCompensation(CompensationKind.FreeItem, "Slice of cake", 390, "EUR", by, at);
                break;
            case CaseEventType.FollowUpRecorded:
                recoveryCase.RecordFollowUp(FollowUpChannel.InPerson, CustomerOutcome.Satisfied, null, by, at);
                break;
            case CaseEventType.Resolved:
                recoveryCase.Resolve(RootCause.ProcessError, ServiceDimension.Reliability, null, ResolutionOutcome.WonBack, by, at);
                break;
            case CaseEventType.Reopened:
                recoveryCase.Reopen("Customer called again", by, at);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(action), action, null);
        }
    }

    private static RecoveryCase CaseIn(CaseStatus status)
    {
        switch (status)
        {
            case CaseStatus.AwaitingApology:
                return NewCase();
            case CaseStatus.AwaitingFollowUp:
                return Apologised();
            case CaseStatus.ReadyToResolve:
                return FollowedUp(CustomerOutcome.Unreachable);
            case CaseStatus.ResolvedWonBack:
                return Resolved(ResolutionOutcome.WonBack);
            case CaseStatus.ResolvedLost:
                return Resolved(ResolutionOutcome.Lost);
            case CaseStatus.AwaitingApproval:
                var pending = FollowedUp(CustomerOutcome.Satisfied);
                pending.AddCompensation(CompensationKind.Refund, "Refund", 3000, "EUR", Cashier, At(10), needsApproval: true);
                return pending;
            case CaseStatus.Reopened:
                var reopened = Resolved();
                reopened.Reopen("Customer called again", Manager, At(20));
                return reopened;
            default:
                throw new Xunit.Sdk.XunitException($"No test builds a case in status {status}; add one.");
        }
    }

    private static CaseStateSnapshot StateOf(RecoveryCase c) => new(
        c.Version,
        c.Timeline.Count,
        c.Status,
        c.Apology,
        c.Compensations.Count,
        c.FollowUps.Count,
        c.Resolutions.Count,
        c.Resolutions.Count > 0 ? c.Resolutions[^1].ReopenedAt : null);

    /// <summary>The action is refused by the case's rules, and the case is exactly as it was.</summary>
    private static CaseRuleViolationException AssertRefused(RecoveryCase recoveryCase, Action action)
    {
        var before = StateOf(recoveryCase);
        var ex = Assert.Throws<CaseRuleViolationException>(action);
        Assert.Equal(before, StateOf(recoveryCase));
        return ex;
    }

    private sealed record CaseStateSnapshot(
        int Version, int Events, CaseStatus Status, Apology? Apology, int Compensations, int FollowUps, int Resolutions, DateTime? LastReopenedAt);
}
