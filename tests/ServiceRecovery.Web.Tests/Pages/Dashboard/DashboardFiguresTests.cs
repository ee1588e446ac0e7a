using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Pages.Dashboard;
using ServiceRecovery.Web.Tests.Pages.Queue;
using ServiceRecovery.Web.Tests.Infrastructure;
using static ServiceRecovery.Web.Tests.Pages.Dashboard.DashboardSteps;

namespace ServiceRecovery.Web.Tests.Pages.Dashboard;

/// <summary>
/// Every KPI against numbers worked out by hand. The store is in Europe/Prague (UTC+1 in early March) with targets of
/// 5 min to apology, 2 h to follow-up and 1 h for a major case; 2026-W10 is Mon 2 March – Sun 8 March.
/// The test clock stands at Tue 10 March 2026 (W11), so W10 is the last complete week.
/// </summary>
public sealed class DashboardFiguresTests(AppFactory factory) : AppTestBase(factory)
{
    private static readonly IsoWeek W10 = new(2026, 10);

    private async Task<int> ArrangeAsync()
    {
        var store = await Factory.NewStoreAsync("Figures");
        var t = Utc("2026-03-03T10:00:00Z");

        // 1: apologised after 3 min, remake 3.50 given, a 10.00 discount declined, followed up after 1 h, won back.
        await Factory.CaseAtAsync(store, t, FailureType.WrongOrder, Severity.Minor, Channel.Counter,
            c =>
            {
                c.Apologise(t.AddMinutes(3));
                c.Give(CompensationKind.Remake, 350, t.AddMinutes(4));
                c.Give(CompensationKind.Discount, 1000, t.AddMinutes(4), needsApproval: true);
                c.FollowUp(t.AddHours(1));
            },
            c =>
            {
                c.DeclineCompensation(c.Compensations.Single(x => x.IsPending).Id, "Too much", "EUR", "Test manager", t.AddHours(1.5));
                c.Resolve(t.AddHours(2), ResolutionOutcome.WonBack, RootCause.ProcessError, ServiceDimension.Reliability);
            });

        // 2: major, apologised after 10 min (late), refund 20.00 approved, followed up after 3 h (late for major), lost.
        var t2 = t.AddDays(1);
        await Factory.CaseAtAsync(store, t2, FailureType.WrongOrder, Severity.Major, Channel.Delivery,
            c =>
            {
                c.Apologise(t2.AddMinutes(10));
                c.Give(CompensationKind.Refund, 2000, t2.AddMinutes(11), needsApproval: true);
                c.FollowUp(t2.AddHours(3), CustomerOutcome.Dissatisfied);
            },
            c =>
            {
                c.ApproveCompensation(c.Compensations.Single(x => x.IsPending).Id, "EUR", "Test manager", t2.AddHours(3.5));
                c.Resolve(t2.AddHours(4), ResolutionOutcome.Lost, RootCause.PerceptionGap, ServiceDimension.Empathy);
            });

        // 3: apologised after 1 min, a 5.00 voucher still waiting for approval, open.
        var t3 = t.AddDays(2);
        await Factory.CaseAtAsync(store, t3, FailureType.MissingItem, Severity.Moderate, Channel.Counter,
            c =>
            {
                c.Apologise(t3.AddMinutes(1));
                c.Give(CompensationKind.Voucher, 500, t3.AddMinutes(2), needsApproval: true);
            });

        // 4: nothing done yet.
        await Factory.CaseAtAsync(store, t.AddDays(3), FailureType.WrongOrder, Severity.Minor, Channel.Phone);

        // 7: apologised after 4 min, followed up, won back — then reopened: open again, its follow-up no longer counts.
        var t7 = t.AddDays(4);
        await Factory.CaseAtAsync(store, t7, FailureType.Cleanliness, Severity.Minor, Channel.Counter,
            c =>
            {
                c.Apologise(t7.AddMinutes(4));
                c.FollowUp(t7.AddMinutes(30));
                c.Resolve(t7.AddHours(1), ResolutionOutcome.WonBack, RootCause.Other, ServiceDimension.Tangibles);
                c.Reopen("Customer called back", "Test manager", t7.AddHours(2));
            });

        // 5: the week before (W09): apologised after 2 min, free item 2.00, followed up after 1 h, won back.
        var t5 = t.AddDays(-7);
        await Factory.CaseAtAsync(store, t5, FailureType.Quality, Severity.Minor, Channel.Counter,
            c =>
            {
                c.Apologise(t5.AddMinutes(2));
                c.Give(CompensationKind.FreeItem, 200, t5.AddMinutes(3));
                c.FollowUp(t5.AddHours(1), CustomerOutcome.Delighted);
                c.Resolve(t5.AddHours(2), ResolutionOutcome.WonBack, RootCause.ProcessError, ServiceDimension.Reliability);
            });

        // 6: this week (W11): not in either.
        await Factory.CaseAtAsync(store, t.AddDays(7), FailureType.Other);
        return store;
    }

    [Fact]
    public async Task Every_kpi_of_the_week_matches_the_hand_count()
    {
        var store = await ArrangeAsync();

        var model = await Factory.SendAsync(new WeeklyDashboard.Query(W10, store));
        var w = model.ThisWeek;

        Assert.Equal(W10, model.Week);
        Assert.Equal(5, w.Failures); // cases 1, 2, 3, 4, 7
        Assert.Equal(3, w.ByType[FailureType.WrongOrder]);
        Assert.Equal(1, w.ByType[FailureType.MissingItem]);
        Assert.Equal(1, w.ByType[FailureType.Cleanliness]);
        Assert.Equal(3, w.BySeverity[Severity.Minor]);
        Assert.Equal(1, w.BySeverity[Severity.Major]);
        Assert.Equal(1, w.BySeverity[Severity.Moderate]);
        Assert.Equal(3, w.ByChannel[Channel.Counter]);
        Assert.Equal(1, w.ByChannel[Channel.Delivery]);
        Assert.Equal(1, w.ByChannel[Channel.Phone]);
        Assert.Equal(5, w.ByStore[store]);

        // Apologies after 3, 10, 1 and 4 minutes: 4 of 5, median (3 + 4) / 2; within 5 min: 3, 1, 4.
        Assert.Equal(4, w.Apologised);
        Assert.Equal(80m, w.ApologyPercent);
        Assert.Equal(3.5m, w.MedianMinutesToApology);
        Assert.Equal(60m, w.ApologyWithinTargetPercent);

        // Follow-ups that count: 1 h (case 1) and 3 h (case 2); case 7's ended with the reopen. Within target: only case 1.
        Assert.Equal(2, w.FollowedUp);
        Assert.Equal(40m, w.FollowUpPercent);
        Assert.Equal(2m, w.MedianHoursToFollowUp);
        Assert.Equal(20m, w.FollowUpWithinTargetPercent);

        // Resolved: case 1 (won back) and case 2 (lost); case 7 is reopened.
        Assert.Equal(2, w.Resolved);
        Assert.Equal(1, w.WonBack);
        Assert.Equal(1, w.Lost);
        Assert.Equal(50m, w.WonBackPercent);

        // Cost: remake 3.50 + approved refund 20.00; the declined discount and the pending voucher cost nothing.
        Assert.Equal(2350, w.CostMinor["EUR"]);
        Assert.Equal(350, w.CostByKindMinor[(CompensationKind.Remake, "EUR")]);
        Assert.Equal(2000, w.CostByKindMinor[(CompensationKind.Refund, "EUR")]);
        Assert.False(w.CostByKindMinor.ContainsKey((CompensationKind.Discount, "EUR")));
        Assert.Equal(1, w.PendingApprovals);
        Assert.Equal(3, w.StillOpen); // 3, 4 and the reopened 7

        Assert.Equal(1, w.RootCauses[RootCause.ProcessError]);
        Assert.Equal(1, w.RootCauses[RootCause.PerceptionGap]);
        Assert.False(w.RootCauses.ContainsKey(RootCause.Other));
        Assert.Equal(1, w.Dimensions[ServiceDimension.Reliability]);
        Assert.Equal(1, w.Dimensions[ServiceDimension.Empathy]);
        Assert.Equal([(store, FailureType.WrongOrder, 3)], w.Recurring);
    }

    [Fact]
    public async Task The_kpi_table_puts_each_figure_beside_the_week_before_with_the_change()
    {
        var store = await ArrangeAsync();

        var kpis = (await Factory.SendAsync(new WeeklyDashboard.Query(W10, store))).Kpis.ToDictionary(k => k.Key);

        // W09 has only case 5: one failure, apologised in 2 min, followed up in 1 h, won back, 2.00 given.
        Assert.Equal((50m, 100m, -50m), (kpis["wonback"].ThisWeek, kpis["wonback"].PreviousWeek, kpis["wonback"].Change));
        Assert.Equal((5m, 1m, 4m), (kpis["failures"].ThisWeek, kpis["failures"].PreviousWeek, kpis["failures"].Change));
        Assert.Equal((3.5m, 2m), (kpis["apologymedian"].ThisWeek, kpis["apologymedian"].PreviousWeek));
        Assert.Equal((60m, 100m), (kpis["apologytarget"].ThisWeek, kpis["apologytarget"].PreviousWeek));
        Assert.Equal((2m, 1m), (kpis["followupmedian"].ThisWeek, kpis["followupmedian"].PreviousWeek));
        Assert.Equal((1m, 0m), (kpis["lost"].ThisWeek, kpis["lost"].PreviousWeek));
        Assert.Equal((23.50m, 2.00m, 21.50m), (kpis["cost-EUR"].ThisWeek, kpis["cost-EUR"].PreviousWeek, kpis["cost-EUR"].Change));

        // 23.50 over 5 cases; 2.00 over 1.
        Assert.Equal((4.70m, 2.00m), (kpis["average-EUR"].ThisWeek, kpis["average-EUR"].PreviousWeek));
        Assert.Equal((1m, 0m), (kpis["pending"].ThisWeek, kpis["pending"].PreviousWeek));
        Assert.Equal((3m, 0m), (kpis["open"].ThisWeek, kpis["open"].PreviousWeek));
    }

    [Fact]
    public async Task The_trend_covers_twelve_weeks_ending_with_the_chosen_one()
    {
        var store = await ArrangeAsync();

        var trend = (await Factory.SendAsync(new WeeklyDashboard.Query(W10, store))).Trend;

        Assert.Equal(12, trend.Count);
        Assert.Equal(new IsoWeek(2025, 51), trend[0].Week);
        Assert.Equal((W10, 5, 50m, 3.5m), (trend[^1].Week, trend[^1].Failures, trend[^1].WonBackPercent, trend[^1].MedianMinutesToApology));
        Assert.Equal((new IsoWeek(2026, 9), 1, 100m, 2m), (trend[^2].Week, trend[^2].Failures, trend[^2].WonBackPercent, trend[^2].MedianMinutesToApology));
        Assert.All(trend.Take(10), p => Assert.Equal((0, null, null), (p.Failures, p.WonBackPercent, p.MedianMinutesToApology)));
    }

    [Fact]
    public async Task Without_a_week_it_shows_the_last_complete_one_and_knows_the_current()
    {
        var store = await ArrangeAsync();

        var model = await Factory.SendAsync(new WeeklyDashboard.Query(null, store));

        Assert.Equal(W10, model.Week);
        Assert.Equal(W10, model.LastComplete);
        Assert.Equal(new IsoWeek(2026, 11), model.Current);
        Assert.False(model.IsPartial);
        var thisWeek = await Factory.SendAsync(new WeeklyDashboard.Query(model.Current, store));
        Assert.True(thisWeek.IsPartial);
        Assert.Equal(1, thisWeek.ThisWeek.Failures); // case 6
    }
}
