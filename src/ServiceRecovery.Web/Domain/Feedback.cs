namespace ServiceRecovery.Web.Domain;

/// <summary>What a customer tells us on a store's public "tell us" card.</summary>
public enum FeedbackKind
{
    Complaint = 1,
    Praise = 2,
    Suggestion = 3,
}

public enum SuggestionStatus
{
    New = 1,
    Considered = 2,
    Adopted = 3,
}

/// <summary>The limits every card obeys, whatever kind it is.</summary>
public static class FeedbackCard
{
    public const int TextMaxLength = 800;
    public const int EmployeeMaxLength = 100;

    /// <summary>Who the timeline and lists say wrote it: the customer, through the store's card.</summary>
    public const string By = "Customer (feedback card)";

    /// <summary>The contact a customer left, only if they ticked consent; otherwise nothing at all is kept.</summary>
    public static CustomerContact? Contact(bool consents, string? name, string? phone, string? email, DateTime now)
    {
        var contact = new CustomerContact(Trimmed(name), Trimmed(phone), Trimmed(email), now);
        if (contact.IsEmpty)
        {
            return null;
        }

        return consents ? contact : throw new CaseRuleViolationException("Contact details can only be kept when you tick the box to be contacted.");
    }

    public static string Words(string? text) =>
        Trimmed(text) is { } words
            ? words.Length <= TextMaxLength ? words : throw new CaseRuleViolationException($"Keep it under {TextMaxLength} characters.")
            : throw new CaseRuleViolationException("Write a few words.");

    internal static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>Praise a customer gave a named employee: linked to the staff account when the name matched one at that store.</summary>
public sealed class Commendation
{
    private Commendation()
    {
    }

    public Commendation(int storeId, Guid submitKey, string text, string? employeeName, string? staffUserId, CustomerContact? customer, DateTime receivedAt)
    {
        StoreId = storeId;
        SubmitKey = submitKey;
        Text = FeedbackCard.Words(text);
        EmployeeName = FeedbackCard.Trimmed(employeeName) is { } name && name.Length > FeedbackCard.EmployeeMaxLength
            ? throw new CaseRuleViolationException($"A name is at most {FeedbackCard.EmployeeMaxLength} characters.")
            : FeedbackCard.Trimmed(employeeName);
        StaffUserId = staffUserId;
        Customer = customer;
        ReceivedAt = receivedAt;
    }

    public int Id { get; private set; }

    public int StoreId { get; private set; }

    /// <summary>The card form's one-time key: a double tap stores one commendation.</summary>
    public Guid SubmitKey { get; private set; }

    public DateTime ReceivedAt { get; private set; }

    public string Text { get; private set; } = string.Empty;

    /// <summary>The name as the customer wrote it (null when they praised the whole team).</summary>
    public string? EmployeeName { get; private set; }

    /// <summary>The staff account the name matched at this store, if exactly one did.</summary>
    public string? StaffUserId { get; private set; }

    public CustomerContact? Customer { get; private set; }
}

/// <summary>A customer's suggestion; managers mark it considered or adopted, and every change of status is kept.</summary>
public sealed class Suggestion
{
    private readonly List<SuggestionStatusChange> _changes = [];

    private Suggestion()
    {
    }

    public Suggestion(int storeId, Guid submitKey, string text, CustomerContact? customer, DateTime receivedAt)
    {
        StoreId = storeId;
        SubmitKey = submitKey;
        Text = FeedbackCard.Words(text);
        Customer = customer;
        ReceivedAt = receivedAt;
        Status = SuggestionStatus.New;
    }

    public int Id { get; private set; }

    public int StoreId { get; private set; }

    public Guid SubmitKey { get; private set; }

    public DateTime ReceivedAt { get; private set; }

    public string Text { get; private set; } = string.Empty;

    public CustomerContact? Customer { get; private set; }

    public SuggestionStatus Status { get; private set; }

    /// <summary>When it was adopted (null unless its status is Adopted now), so the dashboard counts adoptions without a join.</summary>
    public DateTime? AdoptedAt { get; private set; }

    /// <summary>Optimistic concurrency token: two managers changing the status at once cannot overwrite each other silently.</summary>
    public int Version { get; private set; } = 1;

    public IReadOnlyList<SuggestionStatusChange> Changes => _changes;

    public void ChangeStatus(SuggestionStatus status, string by, DateTime at)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        if (!Enum.IsDefined(status))
        {
            throw new CaseRuleViolationException("Choose new, considered or adopted.");
        }

        if (status == Status)
        {
            throw new CaseRuleViolationException($"This suggestion is already {Labels.Of(status).ToLowerInvariant()}.");
        }

        if (at < ReceivedAt)
        {
            throw new CaseRuleViolationException("A status cannot change before the suggestion arrived.");
        }

        _changes.Add(new SuggestionStatusChange(Status, status, by, at));
        Status = status;
        AdoptedAt = status == SuggestionStatus.Adopted ? at : null;
        Version++;
    }
}

/// <summary>One change of a suggestion's status: who, when, from what to what. Append-only.</summary>
public sealed class SuggestionStatusChange
{
    private SuggestionStatusChange()
    {
    }

    internal SuggestionStatusChange(SuggestionStatus from, SuggestionStatus to, string by, DateTime at)
    {
        From = from;
        To = to;
        By = by;
        At = at;
    }

    public int Id { get; private set; }

    public int SuggestionId { get; private set; }

    public SuggestionStatus From { get; private set; }

    public SuggestionStatus To { get; private set; }

    public string By { get; private set; } = string.Empty;

    public DateTime At { get; private set; }
}

/// <summary>
/// Cards a store received above its caps in one hour (decision 0017): only counted, never their text, so a flood can
/// neither fill the disk nor bury the queue, and the owner still sees that it happened.
/// </summary>
public sealed class CardOverflow
{
    private CardOverflow()
    {
    }

    public CardOverflow(int storeId, FeedbackKind kind, DateTime hourUtc, int count)
    {
        StoreId = storeId;
        Kind = kind;
        HourUtc = hourUtc;
        Count = count;
    }

    public int StoreId { get; private set; }

    public FeedbackKind Kind { get; private set; }

    /// <summary>The UTC hour the cards arrived in (minutes and seconds zero).</summary>
    public DateTime HourUtc { get; private set; }

    public int Count { get; private set; }
}
