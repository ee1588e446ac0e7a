namespace ServiceRecovery.Web.Domain;

/// <summary>The product's words for each enum value, used by pages and timeline lines alike.</summary>
public static class Labels
{
    public static string For(Enum value) => value switch
    {
        Channel v => Of(v),
        FailureType v => Of(v),
        Severity v => Of(v),
        ApologyMethod v => Of(v),
        CompensationKind v => Of(v),
        FollowUpChannel v => Of(v),
        CustomerOutcome v => Of(v),
        RootCause v => Of(v),
        ServiceDimension v => Of(v),
        ResolutionOutcome v => Of(v),
        CaseStatus v => Of(v),
        FeedbackKind v => Of(v),
        SuggestionStatus v => Of(v),
        _ => value?.ToString() ?? string.Empty,
    };

    /// <summary>A few words under an option whose name alone would puzzle a busy person.</summary>
    public static string? HintFor(Enum value) => value switch
    {
        ServiceDimension.Reliability => "we didn't do what we promised",
        ServiceDimension.Responsiveness => "too slow, or no help when asked",
        ServiceDimension.Assurance => "staff seemed unsure or untrustworthy",
        ServiceDimension.Empathy => "the customer felt uncared for",
        ServiceDimension.Tangibles => "the place, the food, the packaging",
        RootCause.ProcessError => "a step in how we work failed",
        RootCause.PerceptionGap => "customer expected something else",
        RootCause.ProductOrSupplier => "the product itself, or a delivery",
        _ => null,
    };

    public static string Of(Channel value) => value switch
    {
        Channel.Counter => "Counter",
        Channel.DriveThrough => "Drive-through",
        Channel.Delivery => "Delivery",
        Channel.Phone => "Phone",
        Channel.OnlineOrder => "Online order",
        Channel.FeedbackCard => "Feedback card",
        _ => value.ToString(),
    };

    public static string Of(FailureType value) => value switch
    {
        FailureType.WrongOrder => "Wrong order",
        FailureType.MissingItem => "Missing item",
        FailureType.LateOrLongWait => "Late / long wait",
        FailureType.Quality => "Food or product quality",
        FailureType.StaffAttitude => "Staff attitude",
        FailureType.BillingError => "Billing error",
        FailureType.Cleanliness => "Cleanliness",
        FailureType.Other => "Other",
        _ => value.ToString(),
    };

    public static string Of(Severity value) => value.ToString();

    public static string Of(ApologyMethod value) => value switch
    {
        ApologyMethod.InPerson => "In person",
        ApologyMethod.Phone => "By phone",
        ApologyMethod.Message => "By message",
        _ => value.ToString(),
    };

    public static string Of(CompensationKind value) => value switch
    {
        CompensationKind.Remake => "Remake / replacement",
        CompensationKind.FreeItem => "Free item",
        CompensationKind.Refund => "Refund",
        CompensationKind.Discount => "Discount",
        CompensationKind.Voucher => "Voucher",
        CompensationKind.Gift => "Gift",
        _ => value.ToString(),
    };

    public static string Of(FollowUpChannel value) => value switch
    {
        FollowUpChannel.InPerson => "In person",
        FollowUpChannel.Phone => "By phone",
        FollowUpChannel.Message => "By message",
        FollowUpChannel.Email => "By email",
        _ => value.ToString(),
    };

    public static string Of(CustomerOutcome value) => value.ToString();

    public static string Of(RootCause value) => value switch
    {
        RootCause.ProcessError => "Process error",
        RootCause.PerceptionGap => "Perception gap",
        RootCause.ProductOrSupplier => "Product or supplier",
        RootCause.Other => "Other",
        _ => value.ToString(),
    };

    public static string Of(ServiceDimension value) => value.ToString();

    public static string Of(ResolutionOutcome value) => value switch
    {
        ResolutionOutcome.WonBack => "Won back",
        ResolutionOutcome.Lost => "Lost",
        _ => value.ToString(),
    };

    public static string Of(CaseStatus value) => value switch
    {
        CaseStatus.AwaitingApology => "Awaiting apology",
        CaseStatus.AwaitingFollowUp => "Awaiting follow-up",
        CaseStatus.ReadyToResolve => "Ready to resolve",
        CaseStatus.ResolvedWonBack => "Resolved — won back",
        CaseStatus.ResolvedLost => "Resolved — lost",
        CaseStatus.Reopened => "Reopened — follow up again",
        CaseStatus.AwaitingApproval => "Awaiting compensation approval",
        _ => value.ToString(),
    };

    public static string Of(FeedbackKind value) => value switch
    {
        FeedbackKind.Complaint => "Something went wrong",
        FeedbackKind.Praise => "Praise someone",
        FeedbackKind.Suggestion => "A suggestion",
        _ => value.ToString(),
    };

    public static string Of(SuggestionStatus value) => value.ToString();

    /// <summary>What a customer would call each failure type on the public card.</summary>
    public static string ForCustomer(FailureType value) => value switch
    {
        FailureType.WrongOrder => "My order was wrong",
        FailureType.MissingItem => "Something was missing",
        FailureType.LateOrLongWait => "I waited too long",
        FailureType.Quality => "The food or product",
        FailureType.StaffAttitude => "How I was treated",
        FailureType.BillingError => "The bill or payment",
        FailureType.Cleanliness => "Cleanliness",
        _ => "Something else",
    };

    /// <summary>The next step on a case of this channel: a card complaint's apology is made by contacting the customer (decision 0047).</summary>
    public static string NextStep(CaseStatus value, Channel channel) =>
        value == CaseStatus.AwaitingApology && RecoveryCase.ApologisedAtContact(channel) ? "Contact the customer and apologise" : NextStep(value);

    public static string NextStep(CaseStatus value) => value switch
    {
        CaseStatus.AwaitingApology => "Record the apology",
        CaseStatus.AwaitingFollowUp => "Manager follow-up",
        CaseStatus.Reopened => "Follow up again",
        CaseStatus.ReadyToResolve => "Resolve",
        CaseStatus.AwaitingApproval => "Approve or decline the compensation",
        _ => "Nothing — done",
    };
}
