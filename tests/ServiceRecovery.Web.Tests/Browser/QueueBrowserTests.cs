using Microsoft.Playwright;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Tests.Browser.Journeys;
using ServiceRecovery.Web.Tests.Infrastructure;
using ServiceRecovery.Web.Tests.Pages.Queue;

namespace ServiceRecovery.Web.Tests.Browser;

/// <summary>The managers' queue in a real Chromium at phone and tablet width: no sideways scroll, every filter named, the keyboard reaches everything, filtering and paging work.</summary>
public sealed class QueueBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    /// <summary>Signs in through the login page, as a person would (kept here on purpose: the shared browser sign-in steps are changing).</summary>
    private static async Task SignInAsync(IPage page, StaffLogin login)
    {
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("Email").FillAsync(login.Email);
        await page.GetByLabel("Password").FillAsync(StaffLogin.Password);
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Sign in", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/Account/Login", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(Viewports.Phone)]
    [InlineData(Viewports.Tablet)]
    public async Task The_queue_fits_the_screen_names_every_filter_and_filters_and_pages(string viewport)
    {
        var app = fixture.App;
        var storeA = await app.NewStoreAsync("Browser queue A");
        var storeB = await app.NewStoreAsync("Browser queue B");
        await app.AddCasesAsync(storeA, 30, i => i % 5 == 0 ? Severity.Major : Severity.Minor, TimeSpan.FromMinutes(7));
        await app.AddCasesAsync(storeB, 3, _ => Severity.Moderate, TimeSpan.FromMinutes(1));
        var manager = await app.CreateStaffAsync("Browser manager", Roles.Manager, storeA, storeB);

        await using var session = await fixture.OpenAsync(viewport);
        var page = session.Page;
        await SignInAsync(page, manager);
        await page.NavigateAsync("Open recoveries");
        await page.WaitForURLAsync(url => url.EndsWith("/Queue", StringComparison.Ordinal));

        Assert.Equal("33", (await page.Locator("#stat-open").TextContentAsync())?.Trim());
        Assert.Equal(25, await page.Locator("#queue li").CountAsync());
        await page.AssertNoSidewaysScrollAsync();
        foreach (var label in new[] { "Store", "What went wrong", "Severity", "Next step", "Logged from", "Logged to" })
        {
            Assert.Equal(1, await page.GetByLabel(label, new PageGetByLabelOptions { Exact = true }).CountAsync());
        }

        Assert.Equal(1, await page.GetByLabel("Overdue only (", new PageGetByLabelOptions { Exact = false }).CountAsync());
        var unnamed = await page.MissingNamesAsync();
        Assert.True(unnamed.Count == 0, $"Controls without a name:\n{string.Join('\n', unnamed)}");
        var unreachable = await page.UnreachableByKeyboardAsync();
        Assert.True(unreachable.Count == 0, $"Tab never reaches:\n{string.Join('\n', unreachable)}");

        // Filter by severity, then page through the rest of the unfiltered queue.
        await page.GetByLabel("Severity", new PageGetByLabelOptions { Exact = true }).SelectOptionAsync("Moderate");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Show", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("severity=Moderate", StringComparison.Ordinal));
        await page.WaitForLoadStateAsync(LoadState.Load);
        Assert.Equal(3, await page.Locator("#queue li").CountAsync());
        await page.AssertNoSidewaysScrollAsync();

        await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Clear filters", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("severity=", StringComparison.Ordinal));
        await page.WaitForLoadStateAsync(LoadState.Load);
        await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Next page", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("after=", StringComparison.Ordinal));
        Assert.Equal(8, await page.Locator("#queue li").CountAsync());
        await page.AssertNoSidewaysScrollAsync();
        Assert.Empty(session.Errors);
    }
}
