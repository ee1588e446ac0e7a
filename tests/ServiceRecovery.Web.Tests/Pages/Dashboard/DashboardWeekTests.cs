using ServiceRecovery.Web.Pages.Dashboard;
using ServiceRecovery.Web.Tests.Infrastructure;
using ServiceRecovery.Web.Tests.Pages.Queue;
using static ServiceRecovery.Web.Tests.Pages.Dashboard.DashboardSteps;

namespace ServiceRecovery.Web.Tests.Pages.Dashboard;

/// <summary>Week boundaries: the store's local Monday 00:00, across daylight-saving changes and into an ISO week 53.</summary>
public sealed class DashboardWeekTests(AppFactory factory) : AppTestBase(factory)
{
    private async Task<int> FailuresAsync(int store, string week)
    {
        Assert.True(IsoWeek.TryParse(week, out var parsed));
        return (await Factory.SendAsync(new WeeklyDashboard.Query(parsed, store))).ThisWeek.Failures;
    }

    [Fact]
    public async Task Spring_forward_in_Prague_moves_the_week_boundary_to_22_00_utc()
    {
        var store = await Factory.NewStoreAsync("Spring", "Europe/Prague");

        // 2026-W13 is Mon 23 March (CET, UTC+1) to Sun 29 March, the night clocks go forward (CEST, UTC+2).
        await Factory.CaseAtAsync(store, Utc("2026-03-22T22:30:00Z")); // Sun 23:30 CET: W12
        await Factory.CaseAtAsync(store, Utc("2026-03-22T23:30:00Z")); // Mon 00:30 CET: W13
        await Factory.CaseAtAsync(store, Utc("2026-03-29T21:30:00Z")); // Sun 23:30 CEST: W13
        await Factory.CaseAtAsync(store, Utc("2026-03-29T22:30:00Z")); // Mon 00:30 CEST: W14

        Assert.Equal(1, await FailuresAsync(store, "2026-W12"));
        Assert.Equal(2, await FailuresAsync(store, "2026-W13"));
        Assert.Equal(1, await FailuresAsync(store, "2026-W14"));
    }

    [Fact]
    public async Task Fall_back_in_Prague_moves_the_week_boundary_to_23_00_utc()
    {
        var store = await Factory.NewStoreAsync("Autumn", "Europe/Prague");

        // Clocks go back on Sun 25 October 2026; W44 starts Mon 26 October 00:00 CET = 25 October 23:00 UTC.
        await Factory.CaseAtAsync(store, Utc("2026-10-18T21:30:00Z")); // Sun 23:30 CEST: W42
        await Factory.CaseAtAsync(store, Utc("2026-10-18T22:30:00Z")); // Mon 00:30 CEST: W43
        await Factory.CaseAtAsync(store, Utc("2026-10-25T22:30:00Z")); // Sun 23:30 CET: W43
        await Factory.CaseAtAsync(store, Utc("2026-10-25T23:30:00Z")); // Mon 00:30 CET: W44

        Assert.Equal(1, await FailuresAsync(store, "2026-W42"));
        Assert.Equal(2, await FailuresAsync(store, "2026-W43"));
        Assert.Equal(1, await FailuresAsync(store, "2026-W44"));
    }

    [Fact]
    public async Task Iso_week_53_runs_from_28_December_to_3_January_and_follows_week_52()
    {
        var store = await Factory.NewStoreAsync("Week53", "Europe/Prague");
        await Factory.CaseAtAsync(store, Utc("2026-12-27T22:30:00Z")); // Sun 27 Dec 23:30: W52
        await Factory.CaseAtAsync(store, Utc("2026-12-27T23:30:00Z")); // Mon 28 Dec 00:30: W53
        await Factory.CaseAtAsync(store, Utc("2027-01-03T22:30:00Z")); // Sun 3 Jan 23:30: still 2026-W53
        await Factory.CaseAtAsync(store, Utc("2027-01-03T23:30:00Z")); // Mon 4 Jan 00:30: 2027-W01

        var w53 = await Factory.SendAsync(new WeeklyDashboard.Query(new IsoWeek(2026, 53), store));
        var w01 = await Factory.SendAsync(new WeeklyDashboard.Query(new IsoWeek(2027, 1), store));

        Assert.Equal((2, 1), (w53.ThisWeek.Failures, w53.PreviousWeek.Failures));
        Assert.Equal(new IsoWeek(2026, 52), w53.PreviousWeek.Week);
        Assert.Equal((1, 2), (w01.ThisWeek.Failures, w01.PreviousWeek.Failures));
        Assert.Equal(new IsoWeek(2026, 53), w01.PreviousWeek.Week);
    }

    [Theory]
    [InlineData("2026-W53", true, 2026, 53)]
    [InlineData("2026-w01", true, 2026, 1)]
    [InlineData("2025-W53", false, 0, 0)]
    [InlineData("2026-W00", false, 0, 0)]
    [InlineData("2026-13", false, 0, 0)]
    [InlineData("", false, 0, 0)]
    public void Week_text_is_read_only_when_the_year_has_that_week(string text, bool valid, int year, int week)
    {
        Assert.Equal(valid, IsoWeek.TryParse(text, out var parsed));
        Assert.Equal(new IsoWeek(year, week), parsed);
    }

    [Fact]
    public void Week_53_has_its_own_monday_and_neighbours()
    {
        var w53 = new IsoWeek(2026, 53);
        Assert.Equal(new DateTime(2026, 12, 28), w53.Monday);
        Assert.Equal(new DateTime(2027, 1, 3), w53.Sunday);
        Assert.Equal(new IsoWeek(2027, 1), w53.Next);
        Assert.Equal("2026-W53", w53.ToString());
    }
}
