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
}
