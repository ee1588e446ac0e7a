using ServiceRecovery.Web.Domain;

namespace ServiceRecovery.Web.Tests.Domain;

/// <summary>A compensation above the cashier's limit waits for a manager: the case's rules for that wait.</summary>
public sealed class CompensationApprovalTests
{
    private static readonly DateTime LoggedAt = new(2026, 3, 10, 11, 30, 0, DateTimeKind.Utc);

    private static RecoveryCase ApologisedAndFollowedUp()
    {
        var recoveryCase = RecoveryCase.Log(
            new NewFailure(1, Guid.NewGuid(), LoggedAt, Channel.Counter, FailureType.WrongOrder, Severity.Minor, "Wrong wrap", null, false, null, null, null),
            "Cashier Ann",
            LoggedAt, EffectiveTargets.Defaults);
        recoveryCase.RecordApology(ApologyMethod.InPerson, null, "Cashier Ann", LoggedAt.AddMinutes(1));
        recoveryCase.RecordFollowUp(FollowUpChannel.InPerson, CustomerOutcome.Satisfied, null, "Manager Bob", LoggedAt.AddMinutes(5));
        return recoveryCase;
    }

    [Fact]
    public void A_compensation_that_needs_approval_is_pending_and_says_so_on_the_timeline()
    {
        var recoveryCase = ApologisedAndFollowedUp();

        var compensation = recoveryCase.AddCompensation(CompensationKind.Refund, "Full refund", 2500, "EUR", "Cashier Ann", LoggedAt.AddMinutes(2), needsApproval: true);

        Assert.Equal(CompensationApproval.Pending, compensation.Approval);
        Assert.True(recoveryCase.HasPendingCompensation);
        Assert.Contains("waiting for a manager's approval", recoveryCase.Timeline[^1].Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_compensation_within_the_limit_needs_no_approval()
    {
        var recoveryCase = ApologisedAndFollowedUp();

        var compensation = recoveryCase.AddCompensation(CompensationKind.FreeItem, "Cake", 390, "EUR", "Cashier Ann", LoggedAt.AddMinutes(2));

        Assert.Equal(CompensationApproval.NotNeeded, compensation.Approval);
        Assert.False(recoveryCase.HasPendingCompensation);
    }

    [Fact]
    public void A_case_with_a_pending_compensation_cannot_be_resolved_until_it_is_decided()
    {
        var recoveryCase = ApologisedAndFollowedUp();
        recoveryCase.AddCompensation(CompensationKind.Refund, "Full refund", 2500, "EUR", "Cashier Ann", LoggedAt.AddMinutes(2), needsApproval: true);

        Assert.False(recoveryCase.CanResolve);
        var ex = Assert.Throws<CaseRuleViolationException>(() =>
            recoveryCase.Resolve(RootCause.ProcessError, ServiceDimension.Reliability, null, ResolutionOutcome.WonBack, "Manager Bob", LoggedAt.AddMinutes(10)));
        Assert.Equal("Approve or decline the pending compensation before resolving the case.", ex.Message);

        recoveryCase.ApproveCompensation(0, "EUR", "Manager Bob", LoggedAt.AddMinutes(11));

        Assert.True(recoveryCase.CanResolve);
    }

    [Fact]
    public void Approving_records_who_and_when_bumps_the_version_and_appends_to_the_timeline()
    {
        var recoveryCase = ApologisedAndFollowedUp();
        var compensation = recoveryCase.AddCompensation(CompensationKind.Refund, "Full refund", 2500, "EUR", "Cashier Ann", LoggedAt.AddMinutes(2), needsApproval: true);
        var version = recoveryCase.Version;

        recoveryCase.ApproveCompensation(compensation.Id, "EUR", "Manager Bob", LoggedAt.AddMinutes(6));

        Assert.Equal(CompensationApproval.Approved, compensation.Approval);
        Assert.Equal("Manager Bob", compensation.DecidedBy);
        Assert.Equal(LoggedAt.AddMinutes(6), compensation.DecidedAt);
        Assert.Equal(2500, compensation.CostMinor);
        Assert.Equal(version + 1, recoveryCase.Version);
        Assert.Equal(CaseEventType.CompensationApproved, recoveryCase.Timeline[^1].Type);
        Assert.Equal("Approved compensation: Full refund (EUR 25.00)", recoveryCase.Timeline[^1].Summary);
    }

    [Fact]
    public void Declining_needs_a_reason_and_a_declined_compensation_costs_nothing()
    {
        var recoveryCase = ApologisedAndFollowedUp();
        var compensation = recoveryCase.AddCompensation(CompensationKind.Voucher, "Voucher", 5000, "EUR", "Cashier Ann", LoggedAt.AddMinutes(2), needsApproval: true);

        var ex = Assert.Throws<CaseRuleViolationException>(() => recoveryCase.DeclineCompensation(compensation.Id, "  ", "EUR", "Manager Bob", LoggedAt.AddMinutes(6)));
        Assert.Equal("Reason is required.", ex.Message);
        Assert.True(compensation.IsPending);

        recoveryCase.DeclineCompensation(compensation.Id, "A remake was enough", "EUR", "Manager Bob", LoggedAt.AddMinutes(6));

        Assert.Equal(CompensationApproval.Declined, compensation.Approval);
        Assert.Equal("A remake was enough", compensation.DeclineReason);
        Assert.Equal(0, compensation.CostMinor);
        Assert.Contains("A remake was enough", recoveryCase.Timeline[^1].Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_compensation_is_decided_only_once()
    {
        var recoveryCase = ApologisedAndFollowedUp();
        var compensation = recoveryCase.AddCompensation(CompensationKind.Refund, "Full refund", 2500, "EUR", "Cashier Ann", LoggedAt.AddMinutes(2), needsApproval: true);
        recoveryCase.ApproveCompensation(compensation.Id, "EUR", "Manager Bob", LoggedAt.AddMinutes(6));
        var version = recoveryCase.Version;

        var ex = Assert.Throws<CaseRuleViolationException>(() => recoveryCase.DeclineCompensation(compensation.Id, "Changed my mind", "EUR", "Manager Bob", LoggedAt.AddMinutes(7)));

        Assert.Equal("That compensation is not waiting for approval.", ex.Message);
        Assert.Equal(CompensationApproval.Approved, compensation.Approval);
        Assert.Equal(version, recoveryCase.Version);
    }

    [Fact]
    public void Deciding_a_compensation_that_is_not_on_the_case_is_refused()
    {
        var recoveryCase = ApologisedAndFollowedUp();

        var ex = Assert.Throws<CaseRuleViolationException>(() => recoveryCase.ApproveCompensation(42, "EUR", "Manager Bob", LoggedAt.AddMinutes(6)));

        Assert.Equal("That compensation is not on this case.", ex.Message);
    }
}
