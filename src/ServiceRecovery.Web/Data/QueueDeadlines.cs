using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ServiceRecovery.Web.Domain;

namespace ServiceRecovery.Web.Data;

/// <summary>
/// Keeps the open cases' stored deadlines (<see cref="RecoveryCase.UrgentAfter"/>, decision 0035, and
/// <see cref="RecoveryCase.OverdueAfter"/>, decision 0052) in step with the owner's targets: after a target change, one
/// UPDATE per group of stores that share their targets recomputes them for their open cases, with the same rule as
/// <see cref="RecoveryCase.NextDeadline"/>. SQLite-specific (ticks from the stored text time,
/// as the DashboardDurations back-fill does): PostgreSQL would say the same with <c>extract(epoch ...)</c>.
/// </summary>
public static class QueueDeadlines
{
    /// <summary>Ticks (100 ns since 0001-01-01) of a time EF stored as "yyyy-MM-dd HH:mm:ss.FFFFFFF", exactly.</summary>
    public const string LoggedTicksSql = """
        ((CAST(strftime('%s', substr("LoggedAt", 1, 19)) AS INTEGER) + 62135596800) * 10000000
            + CAST(substr(substr("LoggedAt", 21) || '0000000', 1, 7) AS INTEGER))
        """;

    /// <summary>
    /// When an open case at a store with these targets is urgent, in ticks (null when both targets are met): 0 while an
    /// approval waits or a major card complaint awaits its first contact, else <see cref="OverdueAfterSql"/>.
    /// </summary>
    public static string UrgentAfterSql(EffectiveTargets targets) => $"""
        CASE
            WHEN "AwaitsApproval" THEN 0
            WHEN "Channel" = '{nameof(Channel.FeedbackCard)}' AND "Severity" = 'Major' AND "ApologisedAt" IS NULL AND "FollowedUpAt" IS NULL THEN 0
            ELSE {OverdueAfterSql(targets)}
        END
        """;

    /// <summary>
    /// The earliest pending target of an open case at a store with these targets, in ticks (null when both are met); a card
    /// complaint's apology is due at its follow-up target (decision 0047).
    /// </summary>
    public static string OverdueAfterSql(EffectiveTargets targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var followUpHours = string.Create(CultureInfo.InvariantCulture,
            $"""(CASE WHEN "Severity" = 'Major' THEN {targets.HoursToFollowUpMajor} ELSE {targets.HoursToFollowUp} END)""");
        var followUp = string.Create(CultureInfo.InvariantCulture, $"{followUpHours} * {TimeSpan.TicksPerHour}");
        var apology = string.Create(CultureInfo.InvariantCulture,
            $"""(CASE WHEN "Channel" = '{nameof(Channel.FeedbackCard)}' THEN {followUp} ELSE {targets.MinutesToApology} * {TimeSpan.TicksPerMinute} END)""");
        return $"""
            CASE
                WHEN "ApologisedAt" IS NULL AND "FollowedUpAt" IS NULL THEN {LoggedTicksSql} + min({apology}, {followUp})
                WHEN "ApologisedAt" IS NULL THEN {LoggedTicksSql} + {apology}
                WHEN "FollowedUpAt" IS NULL THEN {LoggedTicksSql} + {followUp}
            END
            """;
    }

    /// <summary>
    /// Saves a target change and recomputes the deadlines it moves in one transaction (taking the write gate's turn first,
    /// decision 0029), so the queue never sees the new targets with the old deadlines.
    /// </summary>
    public static async Task SaveTargetsAsync(AppDbContext db, IReadOnlyCollection<int>? storeIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var gate = SqliteWriteGate.Of(db);
        using var turn = gate is null ? null : await gate.EnterAsync(db, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await RecomputeAsync(db, storeIds, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Recomputes the deadlines of every open case at <paramref name="storeIds"/> (every store when null).</summary>
    public static async Task<int> RecomputeAsync(AppDbContext db, IReadOnlyCollection<int>? storeIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var targets = await db.EffectiveTargetsByStoreAsync(cancellationToken);
        var changed = 0;
        foreach (var group in targets.Where(t => storeIds is null || storeIds.Contains(t.Key)).GroupBy(t => t.Value))
        {
            var ids = string.Join(", ", group.Select(g => g.Key.ToString(CultureInfo.InvariantCulture)));
            // Only integers (targets, store ids) are written into the statement, never user text.
#pragma warning disable EF1002
            changed += await db.Database.ExecuteSqlRawAsync(
                $"""UPDATE "Cases" SET "UrgentAfter" = {UrgentAfterSql(group.Key)}, "OverdueAfter" = {OverdueAfterSql(group.Key)} WHERE "IsOpen" AND "StoreId" IN ({ids})""", cancellationToken);
#pragma warning restore EF1002
        }

        return changed;
    }
}
