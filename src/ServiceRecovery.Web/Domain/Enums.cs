namespace ServiceRecovery.Web.Domain;

public enum Channel
{
    Counter = 1,
    DriveThrough = 2,
    Delivery = 3,
    Phone = 4,
    OnlineOrder = 5,
    FeedbackCard = 6,
}

public enum FailureType
{
    WrongOrder = 1,
    MissingItem = 2,
    LateOrLongWait = 3,
    Quality = 4,
    StaffAttitude = 5,
    BillingError = 6,
    Cleanliness = 7,
    Other = 8,
}

public enum Severity
{
    Minor = 1,
    Moderate = 2,
    Major = 3,
}

public enum ApologyMethod
{
    InPerson = 1,
    Phone = 2,
    Message = 3,
}

public enum CompensationKind
{
    Remake = 1,
    FreeItem = 2,
    Refund = 3,
    Discount = 4,
    Voucher = 5,
    Gift = 6,
}

public enum CompensationApproval
{
    NotNeeded = 1,
    Pending = 2,
    Approved = 3,
    Declined = 4,
}

public enum FollowUpChannel
{
    InPerson = 1,
    Phone = 2,
    Message = 3,
    Email = 4,
}

public enum CustomerOutcome
{
    Delighted = 1,
    Satisfied = 2,
    Neutral = 3,
    Dissatisfied = 4,
    Unreachable = 5,
}

public enum RootCause
{
    ProcessError = 1,
    PerceptionGap = 2,
    ProductOrSupplier = 3,
    Other = 4,
}

public enum ServiceDimension
{
    Reliability = 1,
    Responsiveness = 2,
    Assurance = 3,
    Empathy = 4,
    Tangibles = 5,
}

public enum ResolutionOutcome
{
    WonBack = 1,
    Lost = 2,
}

/// <summary>Derived from the facts on a case; never stored.</summary>
public enum CaseStatus
{
    AwaitingApology = 1,
    AwaitingFollowUp = 2,
    ReadyToResolve = 3,
    ResolvedWonBack = 4,
    ResolvedLost = 5,
    Reopened = 6,
    AwaitingApproval = 7,
}

public enum CaseEventType
{
    Logged = 1,
    ApologyRecorded = 2,
    CompensationAdded = 3,
    FollowUpRecorded = 4,
    Resolved = 5,
    Reopened = 6,
    CompensationApproved = 7,
    CompensationDeclined = 8,
    CustomerWrote = 9,
    SeverityChanged = 10,
}

/// <summary>
/// What a manager does next on an open case, most pressing first: a customer may be waiting on an approval. The queue
/// filters and counts by it (<see cref="RecoveryCase.NextStepOf"/>).
/// </summary>
public enum NextStep
{
    Approve = 1,
    Apologise = 2,
    FollowUp = 3,
    Resolve = 4,
}
