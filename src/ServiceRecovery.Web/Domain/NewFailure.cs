namespace ServiceRecovery.Web.Domain;

/// <summary>What the cashier knows when logging a failure.</summary>
public sealed record NewFailure(
    int StoreId,
    Guid LogKey,
    DateTime OccurredAt,
    Channel Channel,
    FailureType FailureType,
    Severity Severity,
    string Description,
    string? OrderReference,
    bool CustomerConsents,
    string? CustomerName,
    string? CustomerPhone,
    string? CustomerEmail);
