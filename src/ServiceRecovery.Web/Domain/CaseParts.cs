namespace ServiceRecovery.Web.Domain;

/// <summary>Customer contact details: personal data, kept only with the customer's consent and never logged.</summary>
public sealed record CustomerContact(string? Name, string? Phone, string? Email, DateTime ConsentGivenAt)
{
    public bool IsEmpty => string.IsNullOrWhiteSpace(Name) && string.IsNullOrWhiteSpace(Phone) && string.IsNullOrWhiteSpace(Email);
}

public sealed record Apology(string By, DateTime At, ApologyMethod Method, string? Note);

public sealed class Compensation
{
    private Compensation()
    {
    }

    internal Compensation(CompensationKind kind, string description, long valueMinor, string by, DateTime at, bool needsApproval)
    {
        Kind = kind;
        Description = description;
        ValueMinor = valueMinor;
        By = by;
        At = at;
        Approval = needsApproval ? CompensationApproval.Pending : CompensationApproval.NotNeeded;
    }

    public int Id { get; private set; }

    public CompensationKind Kind { get; private set; }

    public string Description { get; private set; } = string.Empty;

    /// <summary>Value in minor units of the store's currency; never negative.</summary>
    public long ValueMinor { get; private set; }

    public string By { get; private set; } = string.Empty;

    public DateTime At { get; private set; }

    /// <summary>Above the cashier's limit a compensation waits for a manager's decision.</summary>
    public CompensationApproval Approval { get; private set; } = CompensationApproval.NotNeeded;

    public string? DecidedBy { get; private set; }

    public DateTime? DecidedAt { get; private set; }

    public string? DeclineReason { get; private set; }

    public bool IsPending => Approval == CompensationApproval.Pending;

    /// <summary>What it costs: a declined compensation was never given, a pending one not yet.</summary>
    public long CostMinor => Approval is CompensationApproval.Declined or CompensationApproval.Pending ? 0 : ValueMinor;

    internal void Decide(bool approve, string? reason, string by, DateTime at)
    {
        Approval = approve ? CompensationApproval.Approved : CompensationApproval.Declined;
        DeclineReason = approve ? null : reason;
        DecidedBy = by;
        DecidedAt = at;
    }
}

public sealed class FollowUp
{
    private FollowUp()
    {
    }

    internal FollowUp(FollowUpChannel channel, CustomerOutcome outcome, string? note, string by, DateTime at)
    {
        Channel = channel;
        Outcome = outcome;
        Note = note;
        By = by;
        At = at;
    }

    public int Id { get; private set; }

    public FollowUpChannel Channel { get; private set; }

    public CustomerOutcome Outcome { get; private set; }

    public string? Note { get; private set; }

    public string By { get; private set; } = string.Empty;

    public DateTime At { get; private set; }

    public bool CustomerWonBack => Outcome is CustomerOutcome.Delighted or CustomerOutcome.Satisfied;
}

/// <summary>A resolution stays on record when the case is reopened; the reopen is written onto it.</summary>
public sealed class Resolution
{
    private Resolution()
    {
    }

    internal Resolution(RootCause rootCause, ServiceDimension dimension, string? whatWeWillChange, ResolutionOutcome outcome, string by, DateTime at)
    {
        RootCause = rootCause;
        Dimension = dimension;
        WhatWeWillChange = whatWeWillChange;
        Outcome = outcome;
        By = by;
        At = at;
    }

    public int Id { get; private set; }

    public RootCause RootCause { get; private set; }

    public ServiceDimension Dimension { get; private set; }

    public string? WhatWeWillChange { get; private set; }

    public ResolutionOutcome Outcome { get; private set; }

    public string By { get; private set; } = string.Empty;

    public DateTime At { get; private set; }

    public DateTime? ReopenedAt { get; private set; }

    public string? ReopenedBy { get; private set; }

    public string? ReopenReason { get; private set; }

    public bool IsReopened => ReopenedAt is not null;

    internal void MarkReopened(string by, DateTime at, string reason)
    {
        ReopenedBy = by;
        ReopenedAt = at;
        ReopenReason = reason;
    }
}

/// <summary>One line on a case's timeline: who did what, when. Append-only. Holds no customer contact data.</summary>
public sealed class CaseEvent
{
    private CaseEvent()
    {
    }

    internal CaseEvent(CaseEventType type, string by, DateTime at, string summary)
    {
        Type = type;
        By = by;
        At = at;
        Summary = summary;
    }

    public long Id { get; private set; }

    public int RecoveryCaseId { get; private set; }

    public CaseEventType Type { get; private set; }

    public string By { get; private set; } = string.Empty;

    public DateTime At { get; private set; }

    public string Summary { get; private set; } = string.Empty;
}
