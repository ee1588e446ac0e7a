using ServiceRecovery.Web.Domain;

namespace ServiceRecovery.Web.Tests.Domain;

/// <summary>The stored copies the queue filters on (decision 0014) always agree with what the case derives.</summary>
public sealed class QueueColumnsTests
{
    private static readonly DateTime LoggedAt = new(2026, 3, 10, 11, 30, 0, DateTimeKind.Utc);

    private static RecoveryCase NewCase() => RecoveryCase.Log(
        new NewFailure(1, Guid.NewGuid(), LoggedAt, Channel.Counter, FailureType.WrongOrder, Severity.Minor, "Wrong wrap", null, false, null, null, null),
        "Cashier Ann", LoggedAt, EffectiveTargets.Defaults);

    [Fact]
    public void A_new_case_is_open_with_no_follow_up_and_nothing_to_approve()
    {
        var c = NewCase();

        Assert.True(c.IsOpen);
        Assert.Null(c.FollowedUpAt);
        Assert.False(c.AwaitsApproval);
    }

    [Fact]
    public void Approval_waits_until_decided_and_resolve_and_reopen_move_open_and_the_follow_up_that_counts()
    {
        var c = NewCase();
        c.RecordApology(ApologyMethod.InPerson, null, "Cashier Ann", LoggedAt.AddMinutes(1));
        var compensation = c.AddCompensation(CompensationKind.Refund, "Refund", 4000, "EUR", "Cashier Ann", LoggedAt.AddMinutes(2), needsApproval: true);
        Assert.True(c.AwaitsApproval);

        c.ApproveCompensation(compensation.Id, "EUR", "Manager Bob", LoggedAt.AddMinutes(3));
        Assert.False(c.AwaitsApproval);

        c.RecordFollowUp(FollowUpChannel.Phone, CustomerOutcome.Satisfied, null, "Manager Bob", LoggedAt.AddMinutes(10));
        Assert.Equal(LoggedAt.AddMinutes(10), c.FollowedUpAt);

        c.Resolve(RootCause.ProcessError, ServiceDimension.Reliability, null, ResolutionOutcome.WonBack, "Manager Bob", LoggedAt.AddMinutes(11));
        Assert.False(c.IsOpen);

        c.Reopen("Customer called back", "Manager Bob", LoggedAt.AddMinutes(20));
        Assert.True(c.IsOpen);
        Assert.Null(c.FollowedUpAt);
        Assert.Equal(CaseStatus.Reopened, c.Status);
    }

    private static readonly EffectiveTargets Store = new(MinutesToApology: 10, HoursToFollowUp: 12, HoursToFollowUpMajor: 2, CashierCompensationLimitMinor: 1500);

    private static RecoveryCase NewCase(Severity severity, EffectiveTargets targets) => RecoveryCase.Log(
        new NewFailure(1, Guid.NewGuid(), LoggedAt, Channel.Counter, FailureType.WrongOrder, severity, "Wrong wrap", null, false, null, null, null),
        "Cashier Ann", LoggedAt, targets);

    [Theory]
    [InlineData(Severity.Major, 1)]
    [InlineData(Severity.Moderate, 2)]
    [InlineData(Severity.Minor, 3)]
    public void The_priority_puts_the_most_serious_first(Severity severity, int priority) =>
        Assert.Equal(priority, NewCase(severity, Store).Priority);

    [Fact]
    public void The_deadline_follows_every_change_at_the_stores_targets()
    {
        var c = NewCase(Severity.Minor, Store);
        Assert.Equal(LoggedAt.AddMinutes(10), c.UrgentAfter);

        c.RecordApology(ApologyMethod.InPerson, null, "Cashier Ann", LoggedAt.AddMinutes(1));
        Assert.Equal(LoggedAt.AddHours(12), c.UrgentAfter);

        var compensation = c.AddCompensation(CompensationKind.Refund, "Refund", 4000, "EUR", "Cashier Ann", LoggedAt.AddMinutes(2), needsApproval: true);
        Assert.Equal(RecoveryCase.UrgentFromTheStart, c.UrgentAfter);

        c.ApproveCompensation(compensation.Id, "EUR", "Manager Bob", LoggedAt.AddMinutes(3));
        Assert.Equal(LoggedAt.AddHours(12), c.UrgentAfter);

        c.RecordFollowUp(FollowUpChannel.Phone, CustomerOutcome.Satisfied, null, "Manager Bob", LoggedAt.AddHours(1));
        Assert.Null(c.UrgentAfter);

        c.Resolve(RootCause.ProcessError, ServiceDimension.Reliability, null, ResolutionOutcome.WonBack, "Manager Bob", LoggedAt.AddHours(2));
        Assert.Null(c.UrgentAfter);

        // Reopened: the follow-up no longer counts, so the follow-up target (from logging, decision 0014) is due again.
        c.Reopen("Customer called back", "Manager Bob", LoggedAt.AddHours(3));
        Assert.Equal(LoggedAt.AddHours(12), c.UrgentAfter);
    }

    [Fact]
    public void The_earliest_pending_target_counts_and_a_major_case_has_its_own_follow_up_target()
    {
        var tightFollowUp = Store with { MinutesToApology = 180, HoursToFollowUpMajor = 1 };
        var major = NewCase(Severity.Major, tightFollowUp);
        Assert.Equal(LoggedAt.AddHours(1), major.UrgentAfter);

        // A follow-up before the apology: the apology is still due.
        major.RecordFollowUp(FollowUpChannel.Phone, CustomerOutcome.Neutral, null, "Manager Bob", LoggedAt.AddMinutes(30));
        Assert.Equal(LoggedAt.AddMinutes(180), major.UrgentAfter);
    }

    private static RecoveryCase Card(EffectiveTargets targets) =>
        RecoveryCase.FromFeedbackCard(1, Guid.NewGuid(), FailureType.Quality, "Cold soup", null, LoggedAt, targets);

    [Fact]
    public void A_card_complaint_is_urgent_from_the_start_until_the_customer_is_contacted_and_its_apology_is_due_at_the_follow_up_target()
    {
        var card = Card(Store);
        Assert.Equal(RecoveryCase.UrgentFromTheStart, card.UrgentAfter);
        Assert.Equal(LoggedAt.AddHours(2), card.ApologyDueBy(Store));
        Assert.Equal(TimeSpan.FromHours(2), RecoveryCase.ApologyTarget(Channel.FeedbackCard, Severity.Major, Store));
        Assert.Equal(TimeSpan.FromMinutes(10), RecoveryCase.ApologyTarget(Channel.Counter, Severity.Major, Store));

        // The manager calls: the apology is made; the follow-up is due at the major target.
        card.RecordApology(ApologyMethod.Phone, null, "Manager Bob", LoggedAt.AddMinutes(30));
        Assert.Equal(LoggedAt.AddHours(2), card.UrgentAfter);
        Assert.Null(card.ApologyDueBy(Store));
    }

    [Fact]
    public void A_card_complaint_lowered_to_minor_is_not_urgent_from_the_start_and_its_apology_is_due_at_the_minor_follow_up_target()
    {
        var card = Card(Store);
        card.ChangeSeverity(Severity.Minor, "A small thing", "Manager Bob", LoggedAt.AddMinutes(1));

        Assert.Equal(LoggedAt.AddHours(12), card.UrgentAfter);
        Assert.Equal(LoggedAt.AddHours(12), card.ApologyDueBy(Store));
    }

    [Fact]
    public void A_card_complaint_followed_up_without_a_recorded_apology_leaves_the_urgent_band_with_the_apology_due_at_the_follow_up_target()
    {
        var card = Card(Store);
        card.RecordFollowUp(FollowUpChannel.Phone, CustomerOutcome.Satisfied, null, "Manager Bob", LoggedAt.AddMinutes(20));

        Assert.Equal(LoggedAt.AddHours(2), card.UrgentAfter);
    }
}
