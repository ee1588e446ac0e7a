using System.Globalization;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using ServiceRecovery.Web.Data.Demo;
using ServiceRecovery.Web.Pages.Dashboard;
using Xunit.Abstractions;

namespace ServiceRecovery.Web.Tests.Browser.Journeys;

/// <summary>
/// Journey 3, the owner (docs/screenshots: dashboard): on the demo chain, opens the weekly dashboard, sees the charts
/// drawn, goes back a week, narrows to one store, and downloads that week's cases as CSV — which parses and holds
/// exactly the store's cases of that week, as the database has them. Every screen is checked at every size.
/// </summary>
public sealed class OwnerJourneyTests(DemoChainFixture fixture, ITestOutputHelper output) : IClassFixture<DemoChainFixture>
{
    private static readonly string[] Charts = ["chart-failures", "chart-wonback", "chart-apology", "chart-types"];

    [Theory]
    [InlineData(Viewports.Phone)]
    [InlineData(Viewports.Tablet)]
    [InlineData(Viewports.Desktop)]
    public async Task The_owner_reads_the_dashboard_switches_week_and_store_and_exports_the_cases(string viewport)
    {
        var owner = DemoChain.Accounts.Single(a => a.Role == Web.Domain.Roles.Owner);
        await using var session = await fixture.OpenAsync(viewport);
        var page = session.Page;
        await session.SignInAsync(owner.Email, owner.Password, owner.DisplayName);

        await page.NavigateAsync("Dashboard");
        var show = page.Locator("#dashboard-filters").GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Show", Exact = true });
        var lastComplete = IsoWeek.Containing(fixture.App.Clock.GetUtcNow().UtcDateTime.AddDays(-7));
        Assert.Equal(lastComplete.ToString(), await Text(page, "#dashboard-week"));
        Assert.Equal("Whole chain", await Text(page, "#dashboard-store"));
        Assert.True(int.Parse(await Text(page, "#kpi-failures"), CultureInfo.InvariantCulture) > 0, "The demo chain shows no failures in the last complete week.");
        await AssertChartsDrawnAsync(page);
        await session.CheckScreenAsync("dashboard-chain", show);

        // A week back, by the button that names it.
        var previous = lastComplete.Previous;
        await page.FollowLinkAsync(page.Locator("#previous-week"));
        Assert.Equal(previous.ToString(), await Text(page, "#dashboard-week"));
        await AssertChartsDrawnAsync(page);
        await session.CheckScreenAsync("dashboard-previous-week", show);

        // Then one store, through the form (the week stays).
        await page.Locator("#pick-store").SelectOptionAsync(new SelectOptionValue { Label = DemoChain.Prague });
        await page.SubmitAsync(show);
        Assert.Equal(DemoChain.Prague, await Text(page, "#dashboard-store"));
        Assert.Equal(previous.ToString(), await Text(page, "#dashboard-week"));
        await AssertChartsDrawnAsync(page);
        await session.CheckScreenAsync("dashboard", show, photograph: true);

        // The accountant's file: exactly that store's cases logged in that week of its own calendar.
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#csv-cases").TapAsync());
        var file = Path.Combine(Path.GetTempPath(), $"servicerecovery-{Guid.NewGuid():N}.csv");
        try
        {
            await download.SaveAsAsync(file);
            var rows = ReadCases(file);
            var expected = await ExpectedCaseIdsAsync(DemoChain.Prague, previous);
            output.WriteLine($"{viewport}: {download.SuggestedFilename} has {rows.Count} cases of {DemoChain.Prague} in {previous}; the database has {expected.Count}.");
            Assert.NotEmpty(expected);
            Assert.Equal(expected, rows.Select(r => r.CaseId).Order().ToList());
            Assert.All(rows, r => Assert.Equal((previous.ToString(), DemoChain.Prague), (r.Week, r.Store)));
        }
        finally
        {
            File.Delete(file);
        }

        await session.AssertEveryScreenCheckedAsync();
        session.Notes.ForEach(output.WriteLine);
    }

    private sealed record CaseRow(string Week, int CaseId, string Store);

    private static List<CaseRow> ReadCases(string file)
    {
        using var csv = CsvReader.Create(File.ReadAllBytes(file), options: null);
        var rows = new List<CaseRow>();
        while (csv.Read())
        {
            rows.Add(new CaseRow(csv.GetString("Week"), int.Parse(csv.GetString("CaseId"), CultureInfo.InvariantCulture), csv.GetString("Store")));
        }

        return rows;
    }

    /// <summary>From the database: the store's cases logged between Monday 00:00 and the next Monday 00:00, in the store's own time zone.</summary>
    private Task<List<int>> ExpectedCaseIdsAsync(string storeName, IsoWeek week) => fixture.App.WithDbAsync(async db =>
    {
        var store = await db.Stores.SingleAsync(s => s.Name == storeName);
        var from = store.LocalToUtc(week.Monday);
        var to = store.LocalToUtc(week.Monday.AddDays(7));
        return await db.Cases.Where(c => c.StoreId == store.Id && c.LoggedAt >= from && c.LoggedAt < to).Select(c => c.Id).OrderBy(id => id).ToListAsync();
    });

    /// <summary>Each chart exists in Chart.js with data, and its canvas has pixels painted on it (waited for, not slept on).</summary>
    private static async Task AssertChartsDrawnAsync(IPage page)
    {
        foreach (var chart in Charts)
        {
            var painted = await page.WaitForFunctionAsync(
                """
                id => {
                  const chart = typeof Chart === 'undefined' ? undefined : Chart.getChart(id);
                  if (!chart || chart.data.datasets.every(d => d.data.length === 0)) return false;
                  const canvas = document.getElementById(id);
                  if (canvas.width === 0 || canvas.height === 0) return false;
                  const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
                  let painted = 0;
                  for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) painted++;
                  return painted > 500 ? painted : false;
                }
                """,
                chart);
            Assert.True(await painted.JsonValueAsync<int>() > 500, $"{chart} has nothing drawn on its canvas.");
        }
    }

    private static async Task<string> Text(IPage page, string selector) => (await page.Locator(selector).TextContentAsync())?.Trim() ?? string.Empty;
}
