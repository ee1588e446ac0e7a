using Microsoft.EntityFrameworkCore;
using ServiceRecovery.Web.Data;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Tests.Infrastructure;

namespace ServiceRecovery.Web.Tests.Pages.Dashboard;

/// <summary>Cases with exact times, built through the domain (as the pages would make them) straight into the database.</summary>
public static class DashboardSteps
{
    public static DateTime Utc(string iso) =>
        DateTime.Parse(iso, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal);

    /// <summary>
    /// Logs a case at <paramref name="loggedAt"/>; <paramref name="then"/> acts on it before the first save,
    /// <paramref name="afterSave"/> after it (approvals need the compensation's id).
    /// </summary>
    public static Task<int> CaseAtAsync(
        this AppFactory factory, int storeId, DateTime loggedAt, FailureType type = FailureType.WrongOrder, Severity severity = Severity.Minor,
        Channel channel = Channel.Counter, Action<RecoveryCase>? then = null, Action<RecoveryCase>? afterSave = null)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return factory.WithDbAsync(async db =>
        {
            var recoveryCase = RecoveryCase.Log(
                new NewFailure(storeId, Guid.NewGuid(), loggedAt, channel, type, severity, "Dashboard case", null, false, null, null, null),
                "Test cashier", loggedAt, await db.EffectiveTargetsAsync(storeId, CancellationToken.None));
            then?.Invoke(recoveryCase);
            db.Cases.Add(recoveryCase);
            await db.SaveChangesAsync();
            if (afterSave is not null)
            {
                afterSave(recoveryCase);
                await db.SaveChangesAsync();
            }

            return recoveryCase.Id;
        });
    }

    /// <summary>Loads a case as the pages do (its compensations, follow-ups and resolutions, at its store's targets), changes it and saves.</summary>
    public static Task ChangeCaseAsync(this AppFactory factory, int id, Action<RecoveryCase> change)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(change);
        return factory.WithDbAsync(async db =>
        {
            var recoveryCase = await db.Cases.Include(c => c.Compensations).Include(c => c.FollowUps).Include(c => c.Resolutions).AsSplitQuery().SingleAsync(c => c.Id == id);
            recoveryCase.MeasureAgainst(await db.EffectiveTargetsAsync(recoveryCase.StoreId, CancellationToken.None));
            change(recoveryCase);
            await db.SaveChangesAsync();
        });
    }

    public static void Apologise(this RecoveryCase c, DateTime at) => c.RecordApology(ApologyMethod.InPerson, null, "Test cashier", at);

    public static void FollowUp(this RecoveryCase c, DateTime at, CustomerOutcome outcome = CustomerOutcome.Satisfied) =>
        c.RecordFollowUp(FollowUpChannel.InPerson, outcome, null, "Test manager", at);

    public static void Resolve(this RecoveryCase c, DateTime at, ResolutionOutcome outcome, RootCause cause, ServiceDimension dimension) =>
        c.Resolve(cause, dimension, null, outcome, "Test manager", at);

    public static Compensation Give(this RecoveryCase c, CompensationKind kind, long minor, DateTime at, bool needsApproval = false) =>
        c.AddCompensation(kind, kind.ToString(), minor, "EUR", "Test cashier", at, needsApproval);
}
