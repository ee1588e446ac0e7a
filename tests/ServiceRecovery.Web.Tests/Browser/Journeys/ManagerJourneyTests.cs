using Microsoft.Playwright;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Pages.Cases;
using ServiceRecovery.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ServiceRecovery.Web.Tests.Browser.Journeys;

/// <summary>
/// Journey 2, the manager (docs/screenshots: queue, case-approval, case-ready, case-resolved): a cashier has logged a
/// major wrong order, apologised and given a voucher above the cashier limit. The manager finds it in the open queue,
/// sees it turn overdue once the app's clock passes the follow-up target, follows up, approves the voucher and resolves
/// with a root cause. Every screen is checked at every size.
/// </summary>
public sealed class ManagerJourneyTests(BrowserFixture fixture, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    [Theory]
    [InlineData(Viewports.Phone)]
    [InlineData(Viewports.Tablet)]
    [InlineData(Viewports.Desktop)]
    public async Task A_manager_sees_the_case_turn_overdue_follows_up_approves_the_voucher_and_resolves_it(string viewport)
    {
        var app = fixture.App;
        var id = await CashierGaveAVoucherAboveTheLimitAsync($"Two burgers missing from a family order ({viewport})");

        await using var session = await fixture.OpenAsync(viewport);
        var page = session.Page;
        await session.SignInAsync(await app.StandardStaffAsync(Roles.Manager));

        await page.NavigateAsync("Open recoveries");
        Assert.Equal("/Queue", new Uri(page.Url).AbsolutePath);
        var row = page.Locator($"#queue > li[data-case-id='{id}']");
        var act = row.Locator("a.queue-action");
        Assert.Equal("Approval waiting", (await row.Locator(".urgency").TextContentAsync())?.Trim());
        await session.CheckScreenAsync("queue-fresh", act);

        // A major case's follow-up is due within 4 hours (chain default); five hours on, the queue says it is late.
        app.Clock.Advance(TimeSpan.FromHours(5));
        await page.ReloadAsync();
        Assert.Equal("Follow-up overdue", (await row.Locator(".urgency").TextContentAsync())?.Trim());
        Assert.Equal("Danger", await row.GetAttributeAsync("data-urgency"));
        Assert.Equal(id.ToString(System.Globalization.CultureInfo.InvariantCulture), await page.Locator("#queue > li").First.GetAttributeAsync("data-case-id"));
        Assert.NotEqual("0", (await page.Locator("#stat-overdue").TextContentAsync())?.Trim());
        await session.CheckScreenAsync("queue", act, photograph: true);

        await page.FollowLinkAsync(act);
        Assert.Equal(id, page.CaseId());
        var approve = page.Locator("#approval").GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Approve", Exact = true });
        Assert.Equal("Awaiting follow-up", await page.StatusAsync());
        await session.CheckScreenAsync("case-approval", approve, photograph: true);

        app.Clock.Advance(TimeSpan.FromMinutes(10));
        await page.RecordFollowUpAsync("By phone", "Satisfied");
        Assert.Contains(await page.TimelineAsync(), t => t.Contains("customer satisfied", StringComparison.Ordinal));
        await session.CheckScreenAsync("case-followed-up", approve);

        await page.ApproveCompensationAsync("Meal voucher for four");
        Assert.Equal(0, await page.GetByText("Pending approval").CountAsync());
        Assert.Equal("Ready to resolve", await page.StatusAsync());
        var resolve = page.Locator("#resolve-form").GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Resolve case", Exact = true });
        await session.CheckScreenAsync("case-ready", resolve, photograph: true);

        await page.ResolveAsync("Process error", "Reliability", "Won back", "Check the bag against the receipt at the pass");
        Assert.Equal("Resolved — won back", await page.StatusAsync());
        var timeline = await page.TimelineAsync();
        Assert.Contains(timeline, t => t.Contains("Approved compensation: Meal voucher for four", StringComparison.Ordinal) && t.Contains("Test manager", StringComparison.Ordinal));
        Assert.Contains(timeline, t => t.Contains("Resolved as won back", StringComparison.Ordinal));
        Assert.Contains("Process error", await page.Locator("main").TextContentAsync(), StringComparison.Ordinal);
        await session.CheckScreenAsync("case-resolved", page.Locator("#reopen-form > summary"), photograph: true);

        await page.NavigateAsync("Open recoveries");
        Assert.Equal(0, await page.Locator($"#queue > li[data-case-id='{id}']").CountAsync());
        await session.CheckScreenAsync("queue-after", page.Locator("#queue-filters, form").GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Show", Exact = true }).First);

        await session.AssertEveryScreenCheckedAsync();
        session.Notes.ForEach(output.WriteLine);
    }

    /// <summary>The counter's part, sent through the app's own handlers as the cashier: a major missing-item case, the apology, and a voucher above the EUR 15.00 limit.</summary>
    private async Task<int> CashierGaveAVoucherAboveTheLimitAsync(string description)
    {
        var app = fixture.App;
        var cashier = await app.StandardStaffAsync(Roles.Cashier);
        var id = await app.SendAsync(
            new LogFailure.Command
            {
                LogKey = Guid.NewGuid(),
                StoreId = await app.DefaultStoreIdAsync(),
                FailureType = FailureType.MissingItem,
                Severity = Severity.Major,
                Description = description,
            },
            cashier);
        app.Clock.Advance(TimeSpan.FromMinutes(2));
        await app.SendAsync(new RecordApology.Command { CaseId = id, Version = 1 }, cashier);
        await app.SendAsync(new AddCompensation.Command { CaseId = id, Version = 2, Kind = CompensationKind.Voucher, Description = "Meal voucher for four", Amount = "25.00" }, cashier);
        Assert.True((await app.LoadCaseAsync(id)).AwaitsApproval, "The voucher above the cashier limit does not wait for approval.");
        return id;
    }
}
