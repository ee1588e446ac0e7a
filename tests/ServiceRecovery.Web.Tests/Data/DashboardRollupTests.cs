using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using ServiceRecovery.Web.Data;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Pages.Dashboard;
using ServiceRecovery.Web.Tests.Infrastructure;
using ServiceRecovery.Web.Tests.Pages.Queue;
using static ServiceRecovery.Web.Tests.Pages.Dashboard.DashboardSteps;

namespace ServiceRecovery.Web.Tests.Data;

/// <summary>
/// The dashboard's rollup (<see cref="DashboardFact"/>, decisions 0041 and 0049) is kept by every SaveChanges: after cases are
/// logged, apologised, followed up, compensated, resolved, reopened and a store moves to another zone, its rows equal a
/// recomputation from the cases — and the store-local week and minute or hour bucket of a case are the ones the dashboard's
/// own range queries use.
/// </summary>
public sealed class DashboardRollupTests(AppFactory factory) : AppTestBase(factory)
{
    private static readonly DashboardFactKind[] Timing =
        [DashboardFactKind.Open, DashboardFactKind.Outcome, DashboardFactKind.ApologyMinute, DashboardFactKind.FollowUpHour];

    [Fact]
    public async Task Rows_follow_every_change_and_equal_a_rebuild()
    {
        var prague = await Factory.NewStoreAsync("Rollup Prague");
        var london = await Factory.NewStoreAsync("Rollup London", "Europe/London");
        int[] stores = [prague, london];

        // Monday 2026-03-02 00:30 in Prague is Sunday 23:30 UTC: week 10 there; the same instant in London is still week 9.
        var mondayEarly = Utc("2026-03-01T23:30:00Z");
        var early = await Factory.CaseAtAsync(prague, mondayEarly, then: c => c.Apologise(mondayEarly.AddSeconds(59.5)));
        await Factory.CaseAtAsync(london, mondayEarly, then: c => c.Apologise(mondayEarly.AddMinutes(5)));
        var later = await Factory.CaseAtAsync(prague, Utc("2026-03-04T12:00:00Z"), type: FailureType.Quality, severity: Severity.Major);
        var resolved = await Factory.CaseAtAsync(prague, Utc("2026-03-04T13:00:00Z"), then: c =>
        {
            c.Apologise(Utc("2026-03-04T13:00:00Z"));
            c.FollowUp(Utc("2026-03-04T14:00:00Z"));
        });

        Assert.Equal(
            [
                Row(prague, 202610, DashboardFactKind.Open, 0, 3),
                Row(prague, 202610, DashboardFactKind.ApologyMinute, 0, 1),
                Row(prague, 202610, DashboardFactKind.ApologyMinute, 1, 1),
                Row(prague, 202610, DashboardFactKind.FollowUpHour, 1, 1),
                Row(london, 202609, DashboardFactKind.Open, 0, 1),
                Row(london, 202609, DashboardFactKind.ApologyMinute, 5, 1),
            ],
            await RowsAsync(stores, Timing));
        Assert.Equal(
            [
                Row(prague, 202610, DashboardFactKind.FailureType, (int)FailureType.WrongOrder, 2),
                Row(prague, 202610, DashboardFactKind.FailureType, (int)FailureType.Quality, 1),
                Row(prague, 202610, DashboardFactKind.Severity, (int)Severity.Minor, 2),
                Row(prague, 202610, DashboardFactKind.Severity, (int)Severity.Major, 1),
                Row(prague, 202610, DashboardFactKind.Channel, (int)Channel.Counter, 3),
            ],
            await RowsAsync([prague], [DashboardFactKind.FailureType, DashboardFactKind.Severity, DashboardFactKind.Channel]));

        // Later changes: an apology and a follow-up of the major case (its own hour kind), a resolution (won back), then a
        // reopen of another case after it had been resolved as lost.
        await ChangeAsync(later, c =>
        {
            c.Apologise(Utc("2026-03-04T12:07:00Z").AddTicks(1));
            c.FollowUp(Utc("2026-03-04T14:00:00Z"));
        });
        await ChangeAsync(resolved, c => c.Resolve(Utc("2026-03-04T15:00:00Z"), ResolutionOutcome.WonBack, RootCause.ProcessError, ServiceDimension.Reliability));
        await ChangeAsync(early, c =>
        {
            c.FollowUp(mondayEarly.AddHours(1), CustomerOutcome.Dissatisfied);
            c.Resolve(mondayEarly.AddHours(2), ResolutionOutcome.Lost, RootCause.PerceptionGap, ServiceDimension.Empathy);
        });
        Assert.Contains(Row(prague, 202610, DashboardFactKind.Outcome, (int)ResolutionOutcome.Lost, 1), await RowsAsync(stores, Timing));
        await ChangeAsync(early, c => c.Reopen("Came back", "Test manager", mondayEarly.AddHours(3)));

        var kept = await RowsAsync(stores);
        Assert.Equal(
            [
                Row(prague, 202610, DashboardFactKind.Open, 0, 2),
                Row(prague, 202610, DashboardFactKind.Outcome, (int)ResolutionOutcome.WonBack, 1),
                Row(prague, 202610, DashboardFactKind.ApologyMinute, 0, 1),
                Row(prague, 202610, DashboardFactKind.ApologyMinute, 1, 1),
                Row(prague, 202610, DashboardFactKind.ApologyMinute, 8, 1),

                // The reopened case's follow-up came before the reopen: it waits for a new one (RecoveryCase.CurrentFollowUp).
                Row(prague, 202610, DashboardFactKind.FollowUpHour, 1, 1),
                Row(london, 202609, DashboardFactKind.Open, 0, 1),
                Row(london, 202609, DashboardFactKind.ApologyMinute, 5, 1),
            ],
            await RowsAsync(stores, Timing));
        Assert.Contains(Row(prague, 202610, DashboardFactKind.FollowUpHourMajor, 2, 1), kept);
        Assert.Contains(Row(prague, 202610, DashboardFactKind.RootCause, (int)RootCause.ProcessError, 1), kept);
        Assert.Contains(Row(prague, 202610, DashboardFactKind.Dimension, (int)ServiceDimension.Reliability, 1), kept);
        Assert.DoesNotContain(kept, r => r.Contains(" kind RootCause value " + (int)RootCause.PerceptionGap + ":", StringComparison.Ordinal));
        await RebuildAsync();
        Assert.Equal(kept, await RowsAsync(stores));

        // Each case carries its store-local week (what the medians' indexes are keyed by): the early case is in week 10.
        Assert.Equal(202610, await WeekOfAsync(early));
        Assert.Equal(202610, await WeekOfAsync(later));

        // Prague moves to London time: its early case now falls in week 9, as the dashboard's ranges would count it.
        await Factory.WithDbAsync(async db =>
        {
            var store = await db.Stores.SingleAsync(s => s.Id == prague);
            store.Update(store.Name, "Europe/London", store.Currency);
            await db.SaveChangesAsync();
        });
        var moved = await RowsAsync(stores);
        Assert.Contains(Row(prague, 202609, DashboardFactKind.ApologyMinute, 1, 1), moved);
        Assert.DoesNotContain(Row(prague, 202610, DashboardFactKind.ApologyMinute, 1, 1), moved);
        Assert.Equal(202609, await WeekOfAsync(early));
        Assert.Equal(202610, await WeekOfAsync(later));
        await RebuildAsync();
        Assert.Equal(moved, await RowsAsync(stores));
    }

    [Fact]
    public async Task Compensations_are_counted_and_summed_by_kind_and_approval_and_a_card_apology_by_its_own_target()
    {
        var store = await Factory.NewStoreAsync("Rollup compensations", "Europe/London");
        var at = Utc("2026-03-03T10:00:00Z");
        var pendingId = 0;
        var given = await Factory.CaseAtAsync(store, at, then: c =>
        {
            c.Give(CompensationKind.Remake, 450, at.AddMinutes(1));
            c.Give(CompensationKind.Refund, 2500, at.AddMinutes(2), needsApproval: true);
        }, afterSave: c => pendingId = c.Compensations.Single(m => m.IsPending).Id);
        await Factory.CaseAtAsync(store, at.AddHours(1), severity: Severity.Major, channel: Channel.FeedbackCard,
            then: c => c.Apologise(at.AddHours(2).AddSeconds(1)));
        int[] stores = [store];
        string Compensation(CompensationKind kind, CompensationApproval approval, int count, long amount) =>
            Row(store, 202610, DashboardFactKind.Compensation, DashboardRollup.CompensationValue(kind, approval), count, amount);

        var rows = await RowsAsync(stores);
        Assert.Contains(Compensation(CompensationKind.Remake, CompensationApproval.NotNeeded, 1, 450), rows);
        Assert.Contains(Compensation(CompensationKind.Refund, CompensationApproval.Pending, 1, 2500), rows);
        Assert.Contains(Row(store, 202610, DashboardFactKind.CardApologyMinuteMajor, 61, 1), rows);

        // The approval moves the refund from pending to approved; a second remake on the same case adds to the remakes' row.
        await ChangeAsync(given, c =>
        {
            c.ApproveCompensation(pendingId, "EUR", "Test manager", at.AddMinutes(10));
            c.Give(CompensationKind.Remake, 300, at.AddMinutes(11));
        });
        rows = await RowsAsync(stores);
        Assert.Contains(Compensation(CompensationKind.Remake, CompensationApproval.NotNeeded, 2, 750), rows);
        Assert.Contains(Compensation(CompensationKind.Refund, CompensationApproval.Approved, 1, 2500), rows);
        Assert.DoesNotContain(rows, r => r.Contains(" value " + DashboardRollup.CompensationValue(CompensationKind.Refund, CompensationApproval.Pending) + ":", StringComparison.Ordinal));
        await RebuildAsync();
        Assert.Equal(rows, await RowsAsync(stores));
    }

    [Fact]
    public async Task An_empty_rollup_is_filled_from_the_cases_and_a_filled_one_is_left_alone()
    {
        var store = await Factory.NewStoreAsync("Rollup refill");
        await Factory.CaseAtAsync(store, Utc("2026-02-10T10:00:00Z"), then: c => c.Apologise(Utc("2026-02-10T10:03:30Z")));
        await Factory.CaseAtAsync(store, Utc("2026-02-11T10:00:00Z"), then: c => c.Give(CompensationKind.FreeItem, 300, Utc("2026-02-11T10:01:00Z")));
        var before = await RowsAsync([store]);

        // As right after the migration that added the rollup and the cases' week column: no rows, every week 0.
        await Factory.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("DELETE FROM \"DashboardFacts\"; UPDATE \"Cases\" SET \"LoggedWeek\" = 0;"));
        Assert.True(await Factory.WithDbAsync(db => DashboardRollup.RebuildIfMissingAsync(db)));
        Assert.Equal(before, await RowsAsync([store]));
        Assert.Equal([202607, 202607], await Factory.WithDbAsync(db => db.Cases.Where(c => c.StoreId == store).Select(c => EF.Property<int>(c, DashboardRollup.WeekColumn)).ToListAsync()));
        Assert.False(await Factory.WithDbAsync(db => DashboardRollup.RebuildIfMissingAsync(db)));

        // As a file from before decision 0052: the weeks' rows but none for the open cases. Rebuilt, since cases are open.
        Assert.Contains(before, r => r.Contains(" week 0 ", StringComparison.Ordinal));
        await Factory.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("DELETE FROM \"DashboardFacts\" WHERE \"Week\" = 0"));
        Assert.True(await Factory.WithDbAsync(db => DashboardRollup.RebuildIfMissingAsync(db)));
        Assert.Equal(before, await RowsAsync([store]));
    }

    [Theory]
    [InlineData(0L, 0)]
    [InlineData(1L, 1)]
    [InlineData(TimeSpan.TicksPerMinute, 1)]
    [InlineData(TimeSpan.TicksPerMinute + 1, 2)]
    [InlineData(5 * TimeSpan.TicksPerMinute, 5)]
    public void A_minute_bucket_holds_times_above_the_previous_minute_up_to_its_own(long ticks, int minute) =>
        Assert.Equal(minute, DashboardRollup.MinuteOf(TimeSpan.FromTicks(ticks)));

    [Theory]
    [InlineData(-1L, 0)]
    [InlineData(0L, 0)]
    [InlineData(1L, 1)]
    [InlineData(TimeSpan.TicksPerHour, 1)]
    [InlineData(TimeSpan.TicksPerHour + 1, 2)]
    public void An_hour_bucket_holds_times_above_the_previous_hour_up_to_its_own(long ticks, int hour) =>
        Assert.Equal(hour, DashboardRollup.HourOf(TimeSpan.FromTicks(ticks)));

    [Fact]
    public async Task Medians_that_straddle_two_buckets_are_exact_in_the_trend_and_the_week()
    {
        var store = await Factory.NewStoreAsync("Rollup medians", "Europe/London");

        // Two apologies per week, 30 s and 5 min 0.6 s after logging: the median (2.755 min) lies between buckets 1 and 6.
        foreach (var day in new[] { "2026-01-06", "2026-03-03" })
        {
            var at = Utc(day + "T10:00:00Z");
            await Factory.CaseAtAsync(store, at, then: c => c.Apologise(at.AddSeconds(30)));
            await Factory.CaseAtAsync(store, at.AddHours(1), then: c => c.Apologise(at.AddHours(1).AddSeconds(300.6)));
            await Factory.CaseAtAsync(store, at.AddHours(2));
        }

        var model = await Factory.SendAsync(new WeeklyDashboard.Query(new IsoWeek(2026, 10), store));
        Assert.Equal(2.8m, model.ThisWeek.MedianMinutesToApology);
        var january = Assert.Single(model.Trend, t => t.Week == new IsoWeek(2026, 2));
        Assert.Equal(2.8m, january.MedianMinutesToApology);
        Assert.Equal(3, january.Failures);
    }

    private static string Row(int store, int week, DashboardFactKind kind, int value, int cases, long amount = 0) =>
        $"store {store} week {week} kind {kind} value {value}: {cases} cases, amount {amount}";

    private Task<List<string>> RowsAsync(int[] stores, DashboardFactKind[]? kinds = null) => Factory.WithDbAsync(async db =>
        (await db.DashboardFacts.AsNoTracking().Where(r => stores.Contains(r.StoreId)).ToListAsync())
            .Where(r => kinds is null || kinds.Contains(r.Kind))
            .OrderBy(r => Array.IndexOf(stores, r.StoreId)).ThenBy(r => r.Week).ThenBy(r => kinds is null ? 0 : Array.IndexOf(kinds, r.Kind)).ThenBy(r => r.Kind).ThenBy(r => r.Value)
            .Select(r => Row(r.StoreId, r.Week, r.Kind, r.Value, r.Cases, r.Amount))
            .ToList());

    private Task<int> WeekOfAsync(int id) =>
        Factory.WithDbAsync(db => db.Cases.Where(c => c.Id == id).Select(c => EF.Property<int>(c, DashboardRollup.WeekColumn)).SingleAsync());

    private Task ChangeAsync(int id, Action<RecoveryCase> change) => Factory.ChangeCaseAsync(id, change);

    private Task RebuildAsync() => Factory.WithDbAsync(async db =>
    {
        await db.Database.OpenConnectionAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        await DashboardRollup.RebuildAsync(db.Database.GetDbConnection(), transaction.GetDbTransaction());
        await transaction.CommitAsync();
    });
}
