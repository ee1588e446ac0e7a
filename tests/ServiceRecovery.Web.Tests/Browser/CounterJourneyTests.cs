using Microsoft.Playwright;
using ServiceRecovery.Web.Domain;

namespace ServiceRecovery.Web.Tests.Browser;

/// <summary>
/// The counter screens in a real Chromium, at tablet and phone size, each person signed in through the login page: the
/// cashier's and the manager's journey, a form error, keyboard and screen-reader reachability, and no sideways
/// scrolling. One app and one browser serve the whole class.
/// </summary>
public sealed class CounterJourneyTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Theory]
    [InlineData(Viewports.Tablet)]
    [InlineData(Viewports.Phone)]
    public async Task The_cashier_logs_apologises_and_compensates_and_a_manager_approves_follows_up_and_resolves(string viewport)
    {
        // Two people, two devices: the cashier at the till and the manager in the back office, each signed in as themselves.
        await using var cashier = await fixture.OpenAsAsync(viewport, Roles.Cashier);
        await using var manager = await fixture.OpenAsAsync(viewport, Roles.Manager);
        var till = cashier.Page;
        var office = manager.Page;
        var description = $"Chicken wrap ordered, veggie wrap served ({viewport})";

        var id = await till.LogFailureAsync("Wrong order", description);
        Assert.Contains("Wrong order", await till.Locator("h1").TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal("Awaiting apology", await till.StatusAsync());
        Assert.Contains("Logged", Assert.Single(await till.TimelineAsync()), StringComparison.Ordinal);

        // A cashier is offered the counter's actions only.
        Assert.Equal(2, await till.Locator("#apology-form, #compensation-form").CountAsync());
        Assert.Equal(0, await till.Locator(ManagerActions).CountAsync());

        fixture.App.Clock.Advance(TimeSpan.FromMinutes(1));
        await till.RecordApologyAsync("In person");
        Assert.Equal(id, till.CaseId());
        Assert.Equal("Awaiting follow-up", await till.StatusAsync());
        Assert.Contains(await till.TimelineAsync(), t => t.Contains("Apologised in person", StringComparison.Ordinal));

        // Within the cashier's limit (EUR 15.00 by default): given at once, nothing to approve.
        fixture.App.Clock.Advance(TimeSpan.FromMinutes(1));
        await till.AddCompensationAsync("Remake / replacement", "Fresh chicken wrap", "7.50");
        Assert.Equal("Awaiting follow-up", await till.StatusAsync());
        Assert.Contains("Fresh chicken wrap — EUR 7.50", await Facts(till).TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await till.GetByText("Pending approval").CountAsync());
        Assert.Equal(0, await till.Locator("#approval").CountAsync());

        // Above the limit: recorded, but it waits for a manager; the cashier cannot approve it.
        fixture.App.Clock.Advance(TimeSpan.FromMinutes(1));
        await till.AddCompensationAsync("Voucher", "Dinner for two voucher", "25.00");
        var pendingLine = Facts(till).Locator("li", new LocatorLocatorOptions { HasText = "Dinner for two voucher" });
        Assert.Contains("EUR 25.00", await pendingLine.TextContentAsync(), StringComparison.Ordinal);
        Assert.True(await pendingLine.GetByText("Pending approval", new LocatorGetByTextOptions { Exact = true }).IsVisibleAsync(), "The voucher above the limit is not marked as pending approval.");
        var approval = till.Locator("#approval");
        Assert.True(await approval.IsVisibleAsync(), "The cashier does not see that the voucher waits for approval.");
        Assert.Contains("A manager will approve or decline it.", await approval.TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await approval.Locator("button, input").CountAsync());
        Assert.Equal(0, await till.Locator(ManagerActions).CountAsync());
        Assert.Contains("waiting for a manager's approval", (await till.TimelineAsync())[^1], StringComparison.Ordinal);

        // The manager opens the same case: the follow-up is offered, resolving is not while the voucher waits.
        await office.GoAsync($"/Cases/{id}");
        Assert.Equal("Awaiting follow-up", await office.StatusAsync());
        fixture.App.Clock.Advance(TimeSpan.FromMinutes(5));
        await office.RecordFollowUpAsync("In person", "Delighted");
        Assert.Contains(await office.TimelineAsync(), t => t.Contains("customer delighted", StringComparison.Ordinal));
        Assert.Equal(0, await office.Locator("#resolve-form").CountAsync());
        Assert.True(await office.Locator("#approval").GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Approve", Exact = true }).IsVisibleAsync(), "The manager is not offered Approve.");
        Assert.True(await office.Locator("#approval").GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Decline", Exact = true }).IsVisibleAsync(), "The manager is not offered Decline.");

        fixture.App.Clock.Advance(TimeSpan.FromMinutes(1));
        await office.ApproveCompensationAsync("Dinner for two voucher");
        Assert.Equal(id, office.CaseId());
        var approvedLine = Facts(office).Locator("li", new LocatorLocatorOptions { HasText = "Dinner for two voucher" });
        Assert.True(await approvedLine.GetByText("Approved by Test manager", new LocatorGetByTextOptions { Exact = true }).IsVisibleAsync(), "The voucher shows no approved badge.");
        Assert.Equal(0, await office.GetByText("Pending approval").CountAsync());
        Assert.Equal(0, await office.Locator("#approval").CountAsync());
        Assert.Contains("Total EUR 32.50", await Facts(office).TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal("Ready to resolve", await office.StatusAsync());
        Assert.Equal(1, await office.Locator("#resolve-form").CountAsync());

        fixture.App.Clock.Advance(TimeSpan.FromMinutes(1));
        await office.ResolveAsync("Process error", "Reliability", "Won back", "Label wraps at the pass");
        Assert.Equal(id, office.CaseId());
        Assert.Equal("Resolved — won back", await office.StatusAsync());
        Assert.Equal(0, await office.Locator("#apology-form, #compensation-form, #followup-form, #resolve-form, #approval").CountAsync());
        Assert.Equal(1, await office.Locator("#reopen-form").CountAsync());

        // The timeline names who did each step: the cashier for the counter's, the manager for the rest.
        var timeline = await office.TimelineAsync();
        Assert.Collection(
            timeline,
            t => AssertStep(t, "Test cashier", "Logged"),
            t => AssertStep(t, "Test cashier", "Apologised in person"),
            t => AssertStep(t, "Test cashier", "Fresh chicken wrap (EUR 7.50)"),
            t => AssertStep(t, "Test cashier", "Dinner for two voucher (EUR 25.00) — above the cashier limit"),
            t => AssertStep(t, "Test manager", "customer delighted"),
            t => AssertStep(t, "Test manager", "Approved compensation: Dinner for two voucher"),
            t => AssertStep(t, "Test manager", "Resolved as won back"));

        // Back at the till the case reads resolved, and a cashier cannot reopen it.
        await till.GoAsync($"/Cases/{id}");
        Assert.Equal("Resolved — won back", await till.StatusAsync());
        Assert.Equal(timeline, await till.TimelineAsync());
        Assert.Equal(0, await till.Locator("#reopen-form").CountAsync());

        await till.GoAsync("/Today");
        var row = till.Locator($"#today-cases a[href='/Cases/{id}']");
        Assert.Contains("Resolved — won back", await row.TextContentAsync(), StringComparison.Ordinal);

        Assert.Empty(cashier.Errors);
        Assert.Empty(manager.Errors);
    }

    [Theory]
    [InlineData(Viewports.Tablet)]
    [InlineData(Viewports.Phone)]
    public async Task An_invalid_log_shows_the_error_beside_the_field_and_keeps_what_was_typed(string viewport)
    {
        await using var session = await fixture.OpenAsAsync(viewport, Roles.Cashier);
        var page = session.Page;
        await page.GoAsync("/Cases/Log");

        // Typed a line but tapped no failure type.
        await page.GetByLabel("What happened, in a line").FillAsync("Burger arrived cold");
        await page.SubmitAsync(page.Locator("main"), "Save");
        Assert.Equal("/Cases/Log", new Uri(page.Url).AbsolutePath);
        var failureType = page.GetByRole(AriaRole.Group, new PageGetByRoleOptions { Name = "What went wrong?", Exact = true });
        var typeError = failureType.Locator("#Failure_FailureType_error");
        Assert.True(await typeError.IsVisibleAsync(), "The failure-type error is not shown inside its group.");
        Assert.Equal("Choose what went wrong.", (await typeError.TextContentAsync())?.Trim());
        Assert.Equal("true", await failureType.GetAttributeAsync("aria-invalid"));
        Assert.Equal("Burger arrived cold", await page.GetByLabel("What happened, in a line").InputValueAsync());

        // Now the type is tapped but the line is cleared.
        await page.ChooseAsync("What went wrong?", "Food or product quality");
        await page.GetByLabel("What happened, in a line").FillAsync(string.Empty);
        await page.SubmitAsync(page.Locator("main"), "Save");
        var descriptionError = page.Locator("[data-valmsg-for='Failure.Description']");
        Assert.True(await descriptionError.IsVisibleAsync(), "The description error is not shown.");
        Assert.Equal("Say in a line what happened.", (await descriptionError.TextContentAsync())?.Trim());
        Assert.Equal("Failure_Description_error", await descriptionError.GetAttributeAsync("id"));
        Assert.Equal("Failure_Description_error", await page.GetByLabel("What happened, in a line").GetAttributeAsync("aria-describedby"));
        var field = await page.GetByLabel("What happened, in a line").BoundingBoxAsync();
        var error = await descriptionError.BoundingBoxAsync();
        Assert.NotNull(field);
        Assert.NotNull(error);
        Assert.InRange(error.Y - (field.Y + field.Height), 0, 24);
        Assert.True(await failureType.GetByLabel("Food or product quality", new LocatorGetByLabelOptions { Exact = true }).IsCheckedAsync());
        Assert.Equal(0, await failureType.Locator("#Failure_FailureType_error:not(:empty)").CountAsync());

        // Corrected, the same form saves.
        await page.GetByLabel("What happened, in a line").FillAsync("Burger arrived cold");
        await page.SubmitAsync(page.Locator("main"), "Save");
        page.CaseId();
        Assert.Equal("Awaiting apology", await page.StatusAsync());
        Assert.Empty(session.Errors);
    }

    [Theory]
    [InlineData(Viewports.Tablet)]
    [InlineData(Viewports.Phone)]
    public async Task Every_control_on_every_page_is_named_and_reachable_by_keyboard(string viewport)
    {
        await using (var visitor = await fixture.OpenAsync(viewport))
        {
            await visitor.Page.GoAsync(AccountSteps.LoginPath);
            await AssertAccessibleAsync(visitor.Page, "login page");
            Assert.Empty(visitor.Errors);
        }

        await using var cashier = await fixture.OpenAsAsync(viewport, Roles.Cashier);
        var till = cashier.Page;
        await till.GoAsync("/Cases/Log");
        await AssertAccessibleAsync(till, "log page");

        var id = await till.LogFailureAsync("Missing item", "No fries in the bag");
        await AssertAccessibleAsync(till, "case page after logging");

        await till.RecordApologyAsync("By phone");
        await till.AddCompensationAsync("Refund", "Fries refunded", "2.90");
        await till.AddCompensationAsync("Gift", "Family meal on the house", "32.00");
        await AssertAccessibleAsync(till, "case page with a compensation waiting for approval (cashier)");

        await using var manager = await fixture.OpenAsAsync(viewport, Roles.Manager);
        var office = manager.Page;
        await office.GoAsync($"/Cases/{id}");
        await office.RecordFollowUpAsync("By phone", "Dissatisfied");
        Assert.Equal(1, await office.Locator("#approval form").CountAsync());
        await AssertAccessibleAsync(office, "case page with a compensation waiting for approval (manager)");

        await office.ApproveCompensationAsync("Family meal on the house");
        Assert.Equal(1, await office.Locator("#resolve-form").CountAsync());
        await AssertAccessibleAsync(office, "case page ready to resolve");

        await office.GoAsync("/Account/ChangePassword");
        await AssertAccessibleAsync(office, "change-password page");

        await till.GoAsync("/Today");
        await AssertAccessibleAsync(till, "today page");

        Assert.Empty(cashier.Errors);
        Assert.Empty(manager.Errors);
    }

    [Theory]
    [InlineData(Viewports.Phone)]
    [InlineData(Viewports.Tablet)]
    public async Task No_page_scrolls_sideways(string viewport)
    {
        await using (var visitor = await fixture.OpenAsync(viewport))
        {
            await visitor.Page.GoAsync(AccountSteps.LoginPath);
            await visitor.Page.AssertNoSidewaysScrollAsync();

            // With the error shown, too.
            await visitor.Page.FillLoginAsync("nobody@test.local", "not the password at all");
            await visitor.Page.SubmitAsync(visitor.Page.Locator("main"), "Sign in");
            Assert.True(await visitor.Page.Locator("main [role=alert]").IsVisibleAsync(), "A wrong password shows no error.");
            await visitor.Page.AssertNoSidewaysScrollAsync();
        }

        await using var cashier = await fixture.OpenAsAsync(viewport, Roles.Cashier);
        var till = cashier.Page;
        await till.GoAsync("/Cases/Log");
        await till.OpenAllSectionsAsync();
        await till.AssertNoSidewaysScrollAsync();

        var id = await till.LogFailureAsync("Late / long wait", "Waited twenty-five minutes for a drive-through order", "Major");
        await till.OpenAllSectionsAsync();
        await till.AssertNoSidewaysScrollAsync();

        await till.RecordApologyAsync();
        await till.AddCompensationAsync("Voucher", "Voucher for the next two drive-through visits", "18.00");
        await till.OpenAllSectionsAsync();
        await till.AssertNoSidewaysScrollAsync();

        await using var manager = await fixture.OpenAsAsync(viewport, Roles.Manager);
        var office = manager.Page;
        await office.GoAsync($"/Cases/{id}");
        await office.RecordFollowUpAsync("By message", "Unreachable");
        Assert.Equal(1, await office.Locator("#approval form").CountAsync());
        await office.OpenAllSectionsAsync();
        await office.AssertNoSidewaysScrollAsync();

        await office.GoAsync("/Account/ChangePassword");
        await office.AssertNoSidewaysScrollAsync();

        await till.GoAsync("/Today");
        await till.AssertNoSidewaysScrollAsync();

        Assert.Empty(cashier.Errors);
        Assert.Empty(manager.Errors);
    }

    [Fact]
    public async Task The_page_checks_catch_an_unlabelled_field_an_unreachable_button_and_a_block_too_wide_for_the_phone()
    {
        await using var session = await fixture.OpenAsAsync(Viewports.Phone, Roles.Cashier);
        var page = session.Page;
        await page.GoAsync("/Cases/Log");
        await page.EvaluateAsync("""
            () => {
              const main = document.querySelector('main');
              const add = (tag, props) => main.appendChild(Object.assign(document.createElement(tag), props));
              add('input', { id: 'stray' });
              add('input', { type: 'radio', name: 'loose', id: 'loose' });
              add('label', { htmlFor: 'loose', textContent: 'Loose option' });
              add('button', { type: 'button', tabIndex: -1, textContent: 'Mouse only' });
              add('div', { id: 'wide', textContent: 'wide' }).style.width = '2000px';
            }
            """);

        var unnamed = await page.MissingNamesAsync();
        Assert.Contains(unnamed, p => p.StartsWith("no <label>", StringComparison.Ordinal) && p.Contains("id=\"stray\"", StringComparison.Ordinal));
        Assert.Contains(unnamed, p => p.StartsWith("radio not in a fieldset", StringComparison.Ordinal) && p.Contains("id=\"loose\"", StringComparison.Ordinal));
        var unreachable = await page.UnreachableByKeyboardAsync();
        Assert.Contains(unreachable, p => p.Contains("Mouse only", StringComparison.Ordinal));
        Assert.DoesNotContain(unreachable, p => p.Contains("stray", StringComparison.Ordinal));
        Assert.Contains("id=\"wide\"", await page.HorizontalOverflowAsync(), StringComparison.Ordinal);
    }

    /// <summary>The actions only managers and owners are offered.</summary>
    private const string ManagerActions = "#followup-form, #resolve-form, #reopen-form, #approval form";

    private static ILocator Facts(IPage page) => page.Locator("section[aria-labelledby='facts-heading']");

    private static void AssertStep(string timelineItem, string by, string what)
    {
        Assert.Contains(what, timelineItem, StringComparison.Ordinal);
        Assert.Contains(by, timelineItem, StringComparison.Ordinal);
        var other = by == "Test cashier" ? "Test manager" : "Test cashier";
        Assert.DoesNotContain(other, timelineItem, StringComparison.Ordinal);
    }

    private static async Task AssertAccessibleAsync(IPage page, string where)
    {
        await page.OpenAllSectionsAsync();
        var unnamed = await page.MissingNamesAsync();
        Assert.True(unnamed.Count == 0, $"On the {where}, controls without a name:\n{string.Join('\n', unnamed)}");
        var unreachable = await page.UnreachableByKeyboardAsync();
        Assert.True(unreachable.Count == 0, $"On the {where}, Tab never reaches:\n{string.Join('\n', unreachable)}");
    }
}
