namespace ServiceRecovery.Web.Domain;

/// <summary>
/// One service failure and its recovery. The case guards its own lifecycle: every change goes through a
/// method here, is checked against the rules, bumps <see cref="Version"/> and appends to the timeline.
/// </summary>
public sealed class RecoveryCase
{
    public const int DescriptionMaxLength = 280;
    public const int NoteMaxLength = 500;

    private readonly List<Compensation> _compensations = [];
    private readonly List<FollowUp> _followUps = [];
    private readonly List<Resolution> _resolutions = [];
    private readonly List<CaseEvent> _timeline = [];

    /// <summary>The store's targets the deadlines are measured against: given to <see cref="Log"/>, and by whoever loads a case to change it
    /// (<see cref="MeasureAgainst"/>). Not stored: the owner can change targets, and then the stored deadline is recomputed (decision 0035).</summary>
    private EffectiveTargets? _targets;

    private RecoveryCase()
    {
    }

    public int Id { get; private set; }

    public int StoreId { get; private set; }

    /// <summary>The log form's one-time key; unique, so a re-posted form cannot create a second case.</summary>
    public Guid LogKey { get; private set; }

    public DateTime OccurredAt { get; private set; }

    public DateTime LoggedAt { get; private set; }

    public string LoggedBy { get; private set; } = string.Empty;

    /// <summary>The account that logged it (null for cases logged before accounts existed), for "cases I logged".</summary>
    public string? LoggedByUserId { get; private set; }

    public Channel Channel { get; private set; }

    public FailureType FailureType { get; private set; }

    public Severity Severity { get; private set; }

    public string Description { get; private set; } = string.Empty;

    public string? OrderReference { get; private set; }

    public CustomerContact? Customer { get; private set; }

    public Apology? Apology { get; private set; }

    /// <summary>Stored copy of "not resolved" for the open-recoveries queue's index; written only by <see cref="Refresh"/>.</summary>
    public bool IsOpen { get; private set; }

    /// <summary>Stored copy of the apology's time, so the queue's index covers it (the owned apology's columns cannot be indexed with the case's).</summary>
    public DateTime? ApologisedAt { get; private set; }

    /// <summary>Stored copy of <see cref="CurrentFollowUp"/>'s time (null when none counts), so the queue filters without joins.</summary>
    public DateTime? FollowedUpAt { get; private set; }

    /// <summary>Stored copy of <see cref="HasPendingCompensation"/>, so the queue filters without joins.</summary>
    public bool AwaitsApproval { get; private set; }

    /// <summary>
    /// Stored deadline for the queue (decision 0035): the case is urgent at any moment strictly after this — a waiting approval
    /// or a card complaint nobody has contacted yet from the start (<see cref="DateTime.MinValue"/>, decision 0047), else the
    /// earliest target still pending (logged + the apology target, or + hours to follow-up for its severity, at its store);
    /// null when nothing is due or the case is resolved.
    /// </summary>
    public DateTime? UrgentAfter { get; private set; }

    /// <summary>
    /// Stored deadline for the queue's overdue count (decision 0052): the case is overdue at any moment strictly after this, the
    /// earliest target still pending (<see cref="NextDeadline"/>), whether or not an approval waits; null when nothing is due or
    /// the case is resolved. The cases not yet overdue are one range of an index on it.
    /// </summary>
    public DateTime? OverdueAfter { get; private set; }

    /// <summary>Stored sort rank of the severity, most serious first (major 1, moderate 2, minor 3), so the queue's index runs in one direction.</summary>
    public int Priority { get; private set; }

    /// <summary>Stored copy of <see cref="CurrentResolution"/>'s outcome (null while open), so the dashboard counts without joins.</summary>
    public ResolutionOutcome? ResolvedOutcome { get; private set; }

    /// <summary>Stored copy of <see cref="CurrentResolution"/>'s root cause (null while open).</summary>
    public RootCause? ResolvedRootCause { get; private set; }

    /// <summary>Stored copy of <see cref="CurrentResolution"/>'s failing service dimension (null while open).</summary>
    public ServiceDimension? ResolvedDimension { get; private set; }

    /// <summary>
    /// Stored copy of the time from logging to the apology (null without one), so the dashboard's medians and shares within
    /// target are computed in SQL over an index instead of from the two timestamps (decision 0024).
    /// </summary>
    public TimeSpan? TimeToApology { get; private set; }

    /// <summary>Stored copy of the time from logging to the follow-up that counts now (null when none counts), as <see cref="TimeToApology"/>.</summary>
    public TimeSpan? TimeToFollowUp { get; private set; }

    /// <summary>Optimistic concurrency token: bumped by every change (SQLite has no rowversion).</summary>
    public int Version { get; private set; }

    public IReadOnlyList<Compensation> Compensations => _compensations;

    public IReadOnlyList<FollowUp> FollowUps => _followUps;

    public IReadOnlyList<Resolution> Resolutions => _resolutions;

    public IReadOnlyList<CaseEvent> Timeline => _timeline;

    public Resolution? CurrentResolution => _resolutions.Count > 0 && !_resolutions[^1].IsReopened ? _resolutions[^1] : null;

    public bool IsResolved => CurrentResolution is not null;

    public bool WasReopened => _resolutions.Count > 0 && _resolutions[^1].IsReopened;

    /// <summary>The follow-up that counts now: the latest one, and only if it came strictly after the last reopen.</summary>
    public FollowUp? CurrentFollowUp
    {
        get
        {
            if (_followUps.Count == 0)
            {
                return null;
            }

            var latest = _followUps.MaxBy(f => f.At)!;
            var lastReopen = _resolutions.Count > 0 ? _resolutions[^1].ReopenedAt : null;
            return lastReopen is null || latest.At > lastReopen ? latest : null;
        }
    }

    public CaseStatus Status => StatusOf(
        Apology is not null,
        CurrentFollowUp is not null,
        WasReopened,
        CurrentResolution?.Outcome,
        HasPendingCompensation);

    public bool CanRecordApology => !IsResolved && Apology is null;

    public bool CanAddCompensation => !IsResolved;

    public bool CanRecordFollowUp => !IsResolved;

    public bool CanResolve => !IsResolved && Apology is not null && CurrentFollowUp is not null && !HasPendingCompensation;

    public bool HasPendingCompensation => _compensations.Any(c => c.IsPending);

    public bool CanReopen => IsResolved;

    /// <summary>The outcomes the current follow-up allows: won back only when the customer left satisfied or delighted.</summary>
    public IReadOnlyList<ResolutionOutcome> AllowedOutcomes =>
        CurrentFollowUp is { CustomerWonBack: true } ? [ResolutionOutcome.WonBack, ResolutionOutcome.Lost] : [ResolutionOutcome.Lost];

    /// <summary>The status rule in one place, usable from queries that project only the facts.</summary>
    public static CaseStatus StatusOf(bool apologised, bool hasCurrentFollowUp, bool reopened, ResolutionOutcome? resolvedAs, bool approvalPending = false) =>
        resolvedAs switch
        {
            ResolutionOutcome.WonBack => CaseStatus.ResolvedWonBack,
            ResolutionOutcome.Lost => CaseStatus.ResolvedLost,
            _ when !apologised => CaseStatus.AwaitingApology,
            _ when !hasCurrentFollowUp => reopened ? CaseStatus.Reopened : CaseStatus.AwaitingFollowUp,
            _ when approvalPending => CaseStatus.AwaitingApproval,
            _ => CaseStatus.ReadyToResolve,
        };

    /// <summary>
    /// What a manager does next on an open case: approve a compensation that waits, else apologise, else follow up, else
    /// resolve. The queue's SQL says the same (<c>QueueFacts</c>); the open cases' rollup counts by it.
    /// </summary>
    public static NextStep NextStepOf(bool awaitsApproval, bool apologised, bool followedUp) =>
        awaitsApproval ? NextStep.Approve : !apologised ? NextStep.Apologise : !followedUp ? NextStep.FollowUp : NextStep.Resolve;

    /// <summary>The queue's sort rank of a severity: major 1, moderate 2, minor 3.</summary>
    public static int PriorityOf(Severity severity) => severity switch
    {
        Severity.Major => 1,
        Severity.Moderate => 2,
        _ => 3,
    };

    /// <summary>The <see cref="UrgentAfter"/> of a case waiting for an approval, or for the store to contact its customer: urgent from the start.</summary>
    public static readonly DateTime UrgentFromTheStart = DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc);

    /// <summary>
    /// Whether the apology on a case of this channel is made when someone contacts the customer, not at once at the counter:
    /// a feedback card's customer has left the store, so a manager calls or writes to them (decision 0047).
    /// </summary>
    public static bool ApologisedAtContact(Channel channel) => channel == Channel.FeedbackCard;

    /// <summary>The time from logging to the manager's follow-up the store's targets allow a case of this severity.</summary>
    public static TimeSpan FollowUpTarget(Severity severity, EffectiveTargets targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        return TimeSpan.FromHours(severity == Severity.Major ? targets.HoursToFollowUpMajor : targets.HoursToFollowUp);
    }

    /// <summary>
    /// The time from logging to the apology the store's targets allow: minutes at the counter; for a customer who is not
    /// in the store (<see cref="ApologisedAtContact"/>), the follow-up target of its severity, since the apology comes with
    /// the contact (decision 0047).
    /// </summary>
    public static TimeSpan ApologyTarget(Channel channel, Severity severity, EffectiveTargets targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        return ApologisedAtContact(channel) ? FollowUpTarget(severity, targets) : TimeSpan.FromMinutes(targets.MinutesToApology);
    }

    /// <summary>
    /// A major complaint whose customer is not in the store and whom nobody has contacted yet: the customer is waiting on
    /// the store, so it is urgent from the start, as a waiting approval is (decision 0047).
    /// </summary>
    public static bool AwaitsContact(Channel channel, Severity severity, bool apologised, bool followedUp) =>
        ApologisedAtContact(channel) && severity == Severity.Major && !apologised && !followedUp;

    /// <summary>
    /// The earliest target still pending on an open case (null when both are met): what <see cref="OverdueAfter"/> holds, and
    /// <see cref="UrgentAfter"/> when no approval or first contact waits. The target-change recompute in
    /// <c>Data/QueueDeadlines.cs</c> says the same in SQL.
    /// </summary>
    public static DateTime? NextDeadline(DateTime loggedAt, Channel channel, Severity severity, bool apologised, bool followedUp, EffectiveTargets targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        DateTime? apology = apologised ? null : loggedAt + ApologyTarget(channel, severity, targets);
        DateTime? followUp = followedUp ? null : loggedAt + FollowUpTarget(severity, targets);
        return apology is { } a && followUp is { } f ? (a < f ? a : f) : apology ?? followUp;
    }

    public static RecoveryCase Log(NewFailure failure, string by, DateTime now, EffectiveTargets targets, string? byUserId = null)
    {
        ArgumentNullException.ThrowIfNull(failure);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        var description = Required(failure.Description, "What happened", DescriptionMaxLength);
        if (failure.OccurredAt > now)
        {
            throw new CaseRuleViolationException("A failure cannot have happened in the future.");
        }

        var contact = new CustomerContact(Trimmed(failure.CustomerName), Trimmed(failure.CustomerPhone), Trimmed(failure.CustomerEmail), now);
        if (!contact.IsEmpty && !failure.CustomerConsents)
        {
            throw new CaseRuleViolationException("Customer contact details can only be kept with the customer's consent.");
        }

        var recoveryCase = new RecoveryCase
        {
            StoreId = failure.StoreId,
            LogKey = failure.LogKey,
            OccurredAt = Utc(failure.OccurredAt),
            LoggedAt = Utc(now),
            LoggedBy = by,
            LoggedByUserId = byUserId,
            Channel = failure.Channel,
            FailureType = failure.FailureType,
            Severity = failure.Severity,
            Description = description,
            OrderReference = Trimmed(failure.OrderReference),
            Customer = contact.IsEmpty ? null : contact with { ConsentGivenAt = Utc(now) },
            Version = 1,
            _targets = targets,
        };
        var summary = $"Logged: {Labels.Of(failure.FailureType)}, {Labels.Of(failure.Severity).ToLowerInvariant()}, via {Labels.Of(failure.Channel).ToLowerInvariant()}";
        if (recoveryCase.Customer is not null)
        {
            summary += "; customer contact kept with consent";
        }

        recoveryCase._timeline.Add(new CaseEvent(CaseEventType.Logged, by, recoveryCase.LoggedAt, summary));
        recoveryCase.Refresh();
        return recoveryCase;
    }

    /// <summary>
    /// A complaint a customer sent through the store's feedback card: a major case (so it gets the major-case follow-up
    /// target and sorts with the most serious, decision 0016), logged by the customer, with their own words on the timeline.
    /// The customer is not in the store: the apology comes when a manager contacts them, within the follow-up target, and
    /// until then the case is urgent in the queue (decision 0047).
    /// </summary>
    public static RecoveryCase FromFeedbackCard(int storeId, Guid submitKey, FailureType about, string words, CustomerContact? contact, DateTime now, EffectiveTargets targets)
    {
        var text = FeedbackCard.Words(words);
        var description = text.Length <= DescriptionMaxLength ? text : string.Concat(text.AsSpan(0, DescriptionMaxLength - 1), "…");
        var recoveryCase = Log(
            new NewFailure(storeId, submitKey, now, Channel.FeedbackCard, about, Severity.Major, description, null,
                contact is not null, contact?.Name, contact?.Phone, contact?.Email),
            FeedbackCard.By,
            now,
            targets);
        recoveryCase._timeline.Add(new CaseEvent(CaseEventType.CustomerWrote, FeedbackCard.By, recoveryCase.LoggedAt, $"The customer wrote: “{text}”"));
        return recoveryCase;
    }

    /// <summary>When the apology is due at the store's targets (null once it is recorded or the case is resolved).</summary>
    public DateTime? ApologyDueBy(EffectiveTargets targets) => CanRecordApology ? LoggedAt + ApologyTarget(Channel, Severity, targets) : null;

    /// <summary>Gives a loaded case its store's targets, before a change, so the stored deadline is measured against them.</summary>
    public void MeasureAgainst(EffectiveTargets targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        _targets = targets;
        Refresh();
    }

    public void RecordApology(ApologyMethod method, string? note, string by, DateTime at)
    {
        EnsureOpen(by, at);
        if (Apology is not null)
        {
            throw new CaseRuleViolationException("An apology is already recorded on this case.");
        }

        Apology = new Apology(by, Utc(at), method, Optional(note, "Note", NoteMaxLength));
        Append(CaseEventType.ApologyRecorded, by, at, $"Apologised {Labels.Of(method).ToLowerInvariant()}" + Quote(Apology.Note));
    }

    /// <summary>Adds a compensation; <paramref name="needsApproval"/> (a cashier above the limit) records it as pending.</summary>
    public Compensation AddCompensation(CompensationKind kind, string description, long valueMinor, string currency, string by, DateTime at, bool needsApproval = false)
    {
        EnsureOpen(by, at);
        if (valueMinor < 0)
        {
            throw new CaseRuleViolationException("A compensation's value cannot be negative.");
        }

        var compensation = new Compensation(kind, Required(description, "Description", 120), valueMinor, by, Utc(at), needsApproval);
        _compensations.Add(compensation);
        Append(CaseEventType.CompensationAdded, by, at,
            $"{Labels.Of(kind)}: {compensation.Description} ({Money.Format(valueMinor, currency)})" + (needsApproval ? " — above the cashier limit, waiting for a manager's approval" : string.Empty));
        return compensation;
    }

    public void ApproveCompensation(int compensationId, string currency, string by, DateTime at)
    {
        var compensation = PendingCompensation(compensationId, by, at);
        compensation.Decide(approve: true, reason: null, by, Utc(at));
        Append(CaseEventType.CompensationApproved, by, at, $"Approved compensation: {compensation.Description} ({Money.Format(compensation.ValueMinor, currency)})");
    }

    public void DeclineCompensation(int compensationId, string reason, string currency, string by, DateTime at)
    {
        var compensation = PendingCompensation(compensationId, by, at);
        var why = Required(reason, "Reason", NoteMaxLength);
        compensation.Decide(approve: false, why, by, Utc(at));
        Append(CaseEventType.CompensationDeclined, by, at, $"Declined compensation: {compensation.Description} ({Money.Format(compensation.ValueMinor, currency)})" + Quote(why));
    }

    public void RecordFollowUp(FollowUpChannel channel, CustomerOutcome outcome, string? note, string by, DateTime at)
    {
        EnsureOpen(by, at);
        var followUp = new FollowUp(channel, outcome, Optional(note, "Note", NoteMaxLength), by, Utc(at));
        _followUps.Add(followUp);
        Append(CaseEventType.FollowUpRecorded, by, at, $"Followed up {Labels.Of(channel).ToLowerInvariant()}: customer {Labels.Of(outcome).ToLowerInvariant()}" + Quote(followUp.Note));
    }

    public void Resolve(RootCause rootCause, ServiceDimension dimension, string? whatWeWillChange, ResolutionOutcome outcome, string by, DateTime at)
    {
        EnsureOpen(by, at);
        if (Apology is null)
        {
            throw new CaseRuleViolationException("Record the apology before resolving the case.");
        }

        if (HasPendingCompensation)
        {
            throw new CaseRuleViolationException("Approve or decline the pending compensation before resolving the case.");
        }

        if (CurrentFollowUp is not { } followUp)
        {
            throw new CaseRuleViolationException(WasReopened
                ? "Follow up with the customer again before resolving a reopened case."
                : "Record the manager's follow-up before resolving the case.");
        }

        if (outcome == ResolutionOutcome.WonBack && !followUp.CustomerWonBack)
        {
            throw new CaseRuleViolationException(
                $"The customer was {Labels.Of(followUp.Outcome).ToLowerInvariant()} at follow-up, so this case can only be resolved as lost.");
        }

        var resolution = new Resolution(rootCause, dimension, Optional(whatWeWillChange, "What we'll change", NoteMaxLength), outcome, by, Utc(at));
        _resolutions.Add(resolution);
        Append(CaseEventType.Resolved, by, at,
            $"Resolved as {Labels.Of(outcome).ToLowerInvariant()}: {Labels.Of(rootCause).ToLowerInvariant()}, {Labels.Of(dimension).ToLowerInvariant()}" + Quote(resolution.WhatWeWillChange));
    }

    public void Reopen(string reason, string by, DateTime at)
    {
        EnsureNotBeforeLogged(by, at);
        if (CurrentResolution is not { } resolution)
        {
            throw new CaseRuleViolationException("Only a resolved case can be reopened.");
        }

        var why = Required(reason, "Reason", NoteMaxLength);
        resolution.MarkReopened(by, Utc(at), why);
        Append(CaseEventType.Reopened, by, at, "Reopened" + Quote(why));
    }

    /// <summary>
    /// A manager's second look: a card complaint arrives as major, a cashier may have guessed. The severity decides the
    /// queue's order and the follow-up target, so the change and its reason go on the timeline like any other.
    /// </summary>
    public void ChangeSeverity(Severity to, string reason, string by, DateTime at)
    {
        EnsureOpen(by, at);
        if (!Enum.IsDefined(to))
        {
            throw new CaseRuleViolationException("Choose a severity.");
        }

        if (to == Severity)
        {
            throw new CaseRuleViolationException($"The case is already {Labels.Of(to).ToLowerInvariant()}.");
        }

        var why = Required(reason, "Reason", NoteMaxLength);
        var from = Severity;
        Severity = to;
        Append(CaseEventType.SeverityChanged, by, at, $"Severity changed from {Labels.Of(from).ToLowerInvariant()} to {Labels.Of(to).ToLowerInvariant()}" + Quote(why));
    }

    private Compensation PendingCompensation(int compensationId, string by, DateTime at)
    {
        EnsureOpen(by, at);
        var compensation = _compensations.FirstOrDefault(c => c.Id == compensationId)
            ?? throw new CaseRuleViolationException("That compensation is not on this case.");
        return compensation.IsPending ? compensation
            : throw new CaseRuleViolationException("That compensation is not waiting for approval.");
    }

    private static DateTime Utc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
    };

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string Required(string? value, string field, int maxLength) =>
        Trimmed(value) is { } text
            ? text.Length <= maxLength ? text : throw new CaseRuleViolationException($"{field} must be at most {maxLength} characters.")
            : throw new CaseRuleViolationException($"{field} is required.");

    private static string? Optional(string? value, string field, int maxLength) =>
        Trimmed(value) is { } text ? Required(text, field, maxLength) : null;

    private static string Quote(string? text) => text is null ? string.Empty : $" — “{text}”";

    private void EnsureOpen(string by, DateTime at)
    {
        EnsureNotBeforeLogged(by, at);
        if (IsResolved)
        {
            throw new CaseRuleViolationException("This case is resolved. Reopen it (with a reason) to change it.");
        }
    }

    /// <summary>Checked before anything changes, so a refused action leaves the case exactly as it was.</summary>
    private void EnsureNotBeforeLogged(string by, DateTime at)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        _ = TargetsForDeadline;
        if (Utc(at) < LoggedAt)
        {
            throw new CaseRuleViolationException("Nothing on a case can be dated before the case was logged.");
        }
    }

    /// <summary>A programming error, not a rule: a loaded case changed without its store's targets would store a wrong deadline.</summary>
    private EffectiveTargets TargetsForDeadline =>
        _targets ?? throw new InvalidOperationException("A case's deadline needs its store's targets: call MeasureAgainst before changing a loaded case.");

    private void Append(CaseEventType type, string by, DateTime at, string summary)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        _timeline.Add(new CaseEvent(type, by, Utc(at), summary));
        Version++;
        Refresh();
    }

    /// <summary>Every change ends here, so the stored copies of derived facts can never disagree with the case (decision 0014).</summary>
    private void Refresh()
    {
        IsOpen = !IsResolved;
        ApologisedAt = Apology?.At;
        FollowedUpAt = CurrentFollowUp?.At;
        TimeToApology = ApologisedAt - LoggedAt;
        TimeToFollowUp = FollowedUpAt - LoggedAt;
        AwaitsApproval = HasPendingCompensation;
        var resolution = CurrentResolution;
        ResolvedOutcome = resolution?.Outcome;
        ResolvedRootCause = resolution?.RootCause;
        ResolvedDimension = resolution?.Dimension;
        Priority = PriorityOf(Severity);
        OverdueAfter = !IsOpen ? null : NextDeadline(LoggedAt, Channel, Severity, ApologisedAt is not null, FollowedUpAt is not null, TargetsForDeadline);
        UrgentAfter = !IsOpen ? null
            : AwaitsApproval || AwaitsContact(Channel, Severity, ApologisedAt is not null, FollowedUpAt is not null) ? UrgentFromTheStart
            : OverdueAfter;
    }
}
