namespace ServiceRecovery.Web.Pages.Admin;

/// <summary>
/// The security log of the owner's administration: who changed what, by user id. Never a password, never an email
/// (an email identifies a person; the id is enough to look them up).
/// </summary>
internal static partial class AdminEvents
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Admin: store {StoreId} created by user {ActorId}")]
    public static partial void StoreCreated(ILogger logger, int storeId, string actorId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Admin: store {StoreId} changed by user {ActorId}")]
    public static partial void StoreChanged(ILogger logger, int storeId, string actorId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Admin: staff account {UserId} created as {Role} by user {ActorId}")]
    public static partial void StaffCreated(ILogger logger, string userId, string role, string actorId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Admin: staff account {UserId} changed to {Role} at stores [{StoreIds}] by user {ActorId}")]
    public static partial void StaffAccessChanged(ILogger logger, string userId, string role, string storeIds, string actorId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Admin: staff account {UserId} disabled by user {ActorId}")]
    public static partial void StaffDisabled(ILogger logger, string userId, string actorId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Admin: staff account {UserId} enabled by user {ActorId}")]
    public static partial void StaffEnabled(ILogger logger, string userId, string actorId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Admin: temporary password issued for staff account {UserId} by user {ActorId}")]
    public static partial void StaffPasswordReset(ILogger logger, string userId, string actorId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Admin: chain-wide targets changed by user {ActorId}")]
    public static partial void ChainTargetsChanged(ILogger logger, string actorId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Admin: targets of store {StoreId} changed by user {ActorId}")]
    public static partial void StoreTargetsChanged(ILogger logger, int storeId, string actorId);
}
