using System.Diagnostics;
using Microsoft.Playwright;
using ServiceRecovery.Web.Domain;
using Xunit.Abstractions;

namespace ServiceRecovery.Web.Tests.Browser.Journeys;

/// <summary>
/// Journey 1, the cashier at the counter (docs/screenshots: login, log, case-*, today): signs in, logs a wrong order in
/// at most four interactions, records the apology, a remake and a free item, and finds the case under Today. Every
/// screen is checked at every size (<see cref="ScreenChecks"/>). One app for the class; the three sizes share it.
/// </summary>
public sealed class CashierJourneyTests(BrowserFixture fixture, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    /// <summary>The brief's promise: from opening the log screen to a saved case, at most this many taps or typed fields.</summary>
    private const int MaxInteractionsToLog = 4;

    [Theory]
    [InlineData(Viewports.Phone)]
    [InlineData(Viewports.Tablet)]
    [InlineData(Viewports.Desktop)]
    public async Task A_cashier_logs_a_wrong_order_apologises_gives_a_remake_and_a_free_item_and_sees_it_under_today(string viewport)
    {
        var cashier = await fixture.App.StandardStaffAsync(Roles.Cashier);
        await using var session = await fixture.OpenAsync(viewport);
        var page = session.Page;
        await session.SignInAsync(cashier, photograph: true);

        await page.FollowLinkAsync(page.LogAFailure());
        var save = page.Locator("main").GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Save", Exact = true });
        await session.CheckScreenAsync("log", save, photograph: true);

        // The counter's promise, timed from the open log screen to the saved case's page.
        var description = $"Ordered a chicken wrap, got a veggie one ({viewport})";
        var interactions = 0;
        var watch = Stopwatch.StartNew();
        await page.ChooseAsync("What went wrong?", "Wrong order");
        interactions++;
        await page.GetByLabel("What happened, in a line").FillAsync(description);
        interactions++;
        await page.SubmitAsync(save);
        interactions++;
        watch.Stop();
        var id = page.CaseId();
        output.WriteLine($"{viewport}: log screen to saved case {id}: {interactions} interactions, {watch.ElapsedMilliseconds} ms wall time (browser and app on a shared 2-core machine).");
        Assert.InRange(interactions, 1, MaxInteractionsToLog);
        Assert.Equal("Awaiting apology", await page.StatusAsync());
        Assert.Contains(description, await page.Locator("main").TextContentAsync(), StringComparison.Ordinal);
        await session.CheckScreenAsync("case-logged", page.Button("Record apology"), photograph: true);

        fixture.App.Clock.Advance(TimeSpan.FromMinutes(1));
        await page.RecordApologyAsync("In person");
        Assert.Equal("Awaiting follow-up", await page.StatusAsync());
        await session.CheckScreenAsync("case-apologised", page.Locator("#compensation-form > summary"));

        await page.AddCompensationAsync("Remake / replacement", "Fresh chicken wrap", "7.50");
        await session.CheckScreenAsync("case-remade", page.Locator("#compensation-form > summary"));
        await page.AddCompensationAsync("Free item", "Slice of chocolate cake", "3.20");
        var facts = await page.Locator("section[aria-labelledby='facts-heading']").TextContentAsync();
        Assert.Contains("Fresh chicken wrap — EUR 7.50", facts, StringComparison.Ordinal);
        Assert.Contains("Slice of chocolate cake — EUR 3.20", facts, StringComparison.Ordinal);
        Assert.Equal(0, await page.GetByText("Pending approval").CountAsync());
        Assert.Equal("Awaiting follow-up", await page.StatusAsync());
        await session.CheckScreenAsync("case-compensated", page.Locator("#compensation-form > summary"), photograph: true);

        await page.NavigateAsync("Today");
        var row = page.Locator($"#today-cases a[href='/Cases/{id}']");
        Assert.Equal(1, await row.CountAsync());
        var rowText = await row.TextContentAsync();
        Assert.Contains("Wrong order", rowText, StringComparison.Ordinal);
        Assert.Contains("Awaiting follow-up", rowText, StringComparison.Ordinal);
        await session.CheckScreenAsync("today", page.LogAFailure(), primaryOnFirstScreen: true, photograph: true);

        await session.AssertEveryScreenCheckedAsync();
        session.Notes.ForEach(output.WriteLine);
    }
}
