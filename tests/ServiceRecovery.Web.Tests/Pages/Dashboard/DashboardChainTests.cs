using Microsoft.EntityFrameworkCore;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Pages.Dashboard;
using ServiceRecovery.Web.Tests.Infrastructure;
using ServiceRecovery.Web.Tests.Pages.Queue;
using static ServiceRecovery.Web.Tests.Pages.Dashboard.DashboardSteps;

namespace ServiceRecovery.Web.Tests.Pages.Dashboard;

/// <summary>
/// Several stores at once — two time zones, one store with targets of its own, times with fractions of a second — against a
/// recount from the cases' own timestamps: the SQL medians and shares within each store's target (over the stored
/// durations, decision 0024), the per-store table and every week of the trend must equal what the timeline says.
/// </summary>
public sealed class DashboardChainTests(AppFactory factory) : DashboardRecount(factory)
{
    /// <summary>A manager of the three stores: the figures come from those stores' rows and their weeks' ranges of cases.</summary>
    [Fact]
    public Task Chain_figures_equal_a_recount_from_the_cases() => RecountAsync(wholeChain: false);
}

/// <summary>
/// The same recount for the owner's whole chain (every store of this test's own database in view): no store filter, so
/// the medians read the chain's (week, time) indexes (decision 0049) instead of the stores' ranges.
/// </summary>
public sealed class DashboardWholeChainTests(AppFactory factory) : DashboardRecount(factory)
{
    [Fact]
    public Task Whole_chain_figures_equal_a_recount_from_the_cases() => RecountAsync(wholeChain: true);
}

public abstract class DashboardRecount(AppFactory factory) : AppTestBase(factory)
{
    private static readonly IsoWeek W10 = new(2026, 10);

    protected async Task RecountAsync(bool wholeChain)
    {
        var prague = await Factory.NewStoreAsync("Chain Prague");
        var london = await Factory.NewStoreAsync("Chain London", "Europe/London");
        var strict = await Factory.NewStoreAsync("Chain own targets");
        await Factory.WithDbAsync(async db =>
        {
            var targets = await db.Targets.SingleAsync(t => t.StoreId == strict);
            (targets.MinutesToApology, targets.HoursToFollowUp, targets.HoursToFollowUpMajor) = (15, 24, 4);
            await db.SaveChangesAsync();
        });
        var stores = new[] { prague, london, strict };

        var random = new Random(5);
        var ids = new List<int>();
        var from = Utc("2025-12-20T00:00:00Z");
        for (var i = 0; i < 90; i++)
        {
            var store = stores[random.Next(stores.Length)];
            var at = from.AddTicks((long)(random.NextDouble() * TimeSpan.FromDays(80).Ticks));
            var severity = (Severity)random.Next(1, 4);
            ids.Add(await Factory.CaseAtAsync(store, at, (FailureType)random.Next(1, 5), severity, (Channel)random.Next(1, 4), c =>
            {
                if (random.Next(5) > 0)
                {
                    c.Apologise(at.AddTicks((long)(random.NextDouble() * TimeSpan.FromMinutes(25).Ticks)));
                }

                if (random.Next(3) > 0)
                {
                    c.Give(CompensationKind.Remake, random.Next(100, 900), at.AddMinutes(30), needsApproval: random.Next(4) == 0);
                }

                if (random.Next(3) > 0)
                {
                    c.FollowUp(at.AddTicks((long)(random.NextDouble() * TimeSpan.FromHours(30).Ticks)));
                    if (random.Next(3) > 0 && c.Apology is not null && !c.HasPendingCompensation)
                    {
                        c.Resolve(at.AddHours(31), random.Next(2) == 0 ? ResolutionOutcome.WonBack : ResolutionOutcome.Lost, RootCause.ProcessError, ServiceDimension.Reliability);
                        if (random.Next(5) == 0)
                        {
                            c.Reopen("Came back", "Test manager", at.AddHours(32));
                        }
                    }
                }
            }));
        }

        var cases = new List<RecoveryCase>();
        foreach (var id in ids)
        {
            cases.Add(await Factory.LoadCaseAsync(id));
        }

        var zones = await Factory.WithDbAsync(db => db.Stores.Where(s => stores.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => TimeZoneInfo.FindSystemTimeZoneById(s.TimeZoneId)));
        var apologyTarget = new Dictionary<int, int> { [prague] = 5, [london] = 5, [strict] = 15 };
        var followUpTarget = new Dictionary<int, (int Usual, int Major)> { [prague] = (2, 1), [london] = (2, 1), [strict] = (24, 4) };
        List<RecoveryCase> In(IsoWeek week, int? store = null) => cases
            .Where(c => (store is null || c.StoreId == store) && IsoWeek.Containing(TimeZoneInfo.ConvertTimeFromUtc(c.LoggedAt, zones[c.StoreId]).Date) == week)
            .ToList();
        static decimal? Median(IEnumerable<double> values)
        {
            var sorted = values.Order().ToList();
            return sorted.Count == 0 ? null
                : Math.Round((decimal)(sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2), 1);
        }

        static decimal? MinutesToApology(List<RecoveryCase> week) =>
            Median(week.Where(c => c.Apology is not null).Select(c => (c.Apology!.At - c.LoggedAt).TotalMinutes));

        var model = wholeChain
            ? await Factory.SendAsync(new WeeklyDashboard.Query(W10))
            : await Factory.SendAsync(new WeeklyDashboard.Query(W10), await Factory.CreateStaffAsync("Chain manager", Roles.Manager, stores));

        foreach (var (figures, week) in new[] { (model.ThisWeek, W10), (model.PreviousWeek, W10.Previous) })
        {
            var expected = In(week);
            var apologised = expected.Where(c => c.Apology is not null).ToList();
            var followedUp = expected.Where(c => c.CurrentFollowUp is not null).ToList();
            var resolved = expected.Where(c => c.CurrentResolution is not null).ToList();
            Assert.True(expected.Count > 3, $"the data should fill {week}");
            Assert.Equal(expected.Count, figures.Failures);
            Assert.Equal(apologised.Count, figures.Apologised);
            Assert.Equal(MinutesToApology(expected), figures.MedianMinutesToApology);
            Assert.Equal(apologised.Count(c => (c.Apology!.At - c.LoggedAt).TotalMinutes <= apologyTarget[c.StoreId]), figures.ApologisedWithinTarget);
            Assert.Equal(followedUp.Count, figures.FollowedUp);
            Assert.Equal(Median(followedUp.Select(c => (c.CurrentFollowUp!.At - c.LoggedAt).TotalHours)), figures.MedianHoursToFollowUp);
            Assert.Equal(
                followedUp.Count(c => (c.CurrentFollowUp!.At - c.LoggedAt).TotalHours <= (c.Severity == Severity.Major ? followUpTarget[c.StoreId].Major : followUpTarget[c.StoreId].Usual)),
                figures.FollowedUpWithinTarget);
            Assert.Equal(resolved.Count, figures.Resolved);
            Assert.Equal(resolved.Count(c => c.CurrentResolution!.Outcome == ResolutionOutcome.WonBack), figures.WonBack);
            Assert.Equal(resolved.Count(c => c.CurrentResolution!.Outcome == ResolutionOutcome.Lost), figures.Lost);
            Assert.Equal(expected.Count(c => c.CurrentResolution is null), figures.StillOpen);
            Assert.Equal(
                expected.SelectMany(c => c.Compensations).Where(m => m.Approval is CompensationApproval.NotNeeded or CompensationApproval.Approved).Sum(m => m.ValueMinor),
                figures.CostMinor.GetValueOrDefault("EUR"));
            Assert.Equal(expected.SelectMany(c => c.Compensations).Count(m => m.Approval == CompensationApproval.Pending), figures.PendingApprovals);
        }

        foreach (var row in model.StoreRows.Where(r => stores.Contains(r.StoreId)))
        {
            var expected = In(W10, row.StoreId);
            Assert.Equal(expected.Count, row.Failures);
            Assert.Equal(MinutesToApology(expected), row.MedianMinutesToApology);
            Assert.Equal(expected.Count(c => c.CurrentResolution is null), row.StillOpen);
        }

        // The whole chain also lists any store other set-ups of this database made, with no cases.
        Assert.Equal(stores.Order(), model.StoreRows.Select(r => r.StoreId).Where(stores.Contains).Order());
        Assert.All(model.StoreRows.Where(r => !stores.Contains(r.StoreId)), r => Assert.Equal(0, r.Failures));
        Assert.True(wholeChain || model.StoreRows.Count == stores.Length);
        Assert.Equal(WeeklyDashboard.TrendWeeks, model.Trend.Count);
        foreach (var point in model.Trend)
        {
            var expected = In(point.Week);
            var resolved = expected.Where(c => c.CurrentResolution is not null).ToList();
            Assert.Equal(expected.Count, point.Failures);
            Assert.Equal(WeeklyDashboard.Percent(resolved.Count(c => c.CurrentResolution!.Outcome == ResolutionOutcome.WonBack), resolved.Count), point.WonBackPercent);
            Assert.Equal(MinutesToApology(expected), point.MedianMinutesToApology);
        }
    }
}
