using Microsoft.Playwright;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Tests.Browser.Journeys;
using ServiceRecovery.Web.Tests.Infrastructure;
using ServiceRecovery.Web.Tests.Pages.Dashboard;
using ServiceRecovery.Web.Tests.Pages.Queue;

namespace ServiceRecovery.Web.Tests.Browser;

/// <summary>The dashboard in a real Chromium: the charts draw under the CSP (no console errors), the page fits a phone, every control is named.</summary>
public sealed class DashboardBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Theory]
    [InlineData(Viewports.Phone)]
    [InlineData(Viewports.Tablet)]
    public async Task The_charts_draw_and_the_page_fits_the_screen(string viewport)
    {
        var app = fixture.App;
        var store = await app.NewStoreAsync("Browser dashboard");
        var at = DashboardSteps.Utc("2026-03-03T10:00:00Z");
        await app.CaseAtAsync(store, at, then: c => c.Apologise(at.AddMinutes(2)));
        await app.CaseAtAsync(store, at.AddDays(1), FailureType.Quality);
        var manager = await app.CreateStaffAsync("Browser dashboard manager", Roles.Manager, store);

        await using var session = await fixture.OpenAsync(viewport);
        var page = session.Page;
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("Email").FillAsync(manager.Email);
        await page.GetByLabel("Password").FillAsync(StaffLogin.Password);
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Sign in", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/Account/Login", StringComparison.Ordinal));
        await page.NavigateAsync("Dashboard");
        await page.WaitForURLAsync(url => url.Contains("/Dashboard", StringComparison.Ordinal));
        await page.WaitForLoadStateAsync(LoadState.Load);

        Assert.Equal("2", (await page.Locator("#kpi-failures").TextContentAsync())?.Trim());
        foreach (var chart in new[] { "chart-failures", "chart-wonback", "chart-apology", "chart-types" })
        {
            Assert.True(await page.EvaluateAsync<bool>($"() => typeof Chart !== 'undefined' && Chart.getChart('{chart}') !== undefined"), $"{chart} was not drawn");
        }

        await page.AssertNoSidewaysScrollAsync();
        var unnamed = await page.MissingNamesAsync();
        Assert.True(unnamed.Count == 0, $"Controls without a name:\n{string.Join('\n', unnamed)}");
        Assert.Empty(session.Errors);
    }
}
