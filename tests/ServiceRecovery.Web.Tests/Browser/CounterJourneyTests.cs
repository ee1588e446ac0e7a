using Microsoft.Playwright;

namespace ServiceRecovery.Web.Tests.Browser;

/// <summary>
/// The counter screens in a real Chromium, at tablet and phone size: the cashier's journey, a form error, keyboard and
/// screen-reader reachability, and no sideways scrolling. One app and one browser serve the whole class.
/// </summary>
public sealed class CounterJourneyTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Theory]
    [InlineData(Viewports.Tablet)]
    [InlineData(Viewports.Phone)]
    public async Task Cashier_logs_apologises_compensates_and_the_manager_follows_up_and_resolves(string viewport)
    {
        await using var session = await fixture.OpenAsync(viewport);
        var page = session.Page;
        var description = $"Chicken wrap ordered, veggie wrap served ({viewport})";

        var id = await page.LogFailureAsync("Wrong order", description);
        Assert.Contains("Wrong order", await page.Locator("h1").TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal("Awaiting apology", await page.StatusAsync());
        var timeline = await page.TimelineAsync();
        Assert.Contains("Logged", Assert.Single(timeline), StringComparison.Ordinal);

        fixture.App.Clock.Advance(TimeSpan.FromMinutes(1));
        await page.RecordApologyAsync("In person");
        Assert.Equal(id, page.CaseId());
        Assert.Equal("Awaiting follow-up", await page.StatusAsync());
        timeline = await page.TimelineAsync();
        Assert.Equal(2, timeline.Count);
        Assert.Contains(timeline, t => t.Contains("Apologised in person", StringComparison.Ordinal));

        fixture.App.Clock.Advance(TimeSpan.FromMinutes(1));
        await page.AddCompensationAsync("Remake / replacement", "Fresh chicken wrap and a slice of cake", "7.50");
        Assert.Equal("Awaiting follow-up", await page.StatusAsync());
        timeline = await page.TimelineAsync();
        Assert.Equal(3, timeline.Count);
        Assert.Contains(timeline, t => t.Contains("Fresh chicken wrap", StringComparison.Ordinal));
        Assert.Contains("EUR 7.50", await page.Locator("main").TextContentAsync(), StringComparison.Ordinal);

        fixture.App.Clock.Advance(TimeSpan.FromMinutes(5));
        await page.RecordFollowUpAsync("In person", "Delighted");
        Assert.Equal("Ready to resolve", await page.StatusAsync());
        timeline = await page.TimelineAsync();
        Assert.Equal(4, timeline.Count);
        Assert.Contains(timeline, t => t.Contains("customer delighted", StringComparison.Ordinal));

        fixture.App.Clock.Advance(TimeSpan.FromMinutes(1));
        await page.ResolveAsync("Process error", "Reliability", "Won back", "Label wraps at the pass");
        Assert.Equal(id, page.CaseId());
        Assert.Equal("Resolved — won back", await page.StatusAsync());
        timeline = await page.TimelineAsync();
        Assert.Equal(5, timeline.Count);
        Assert.Contains(timeline, t => t.Contains("Resolved as won back", StringComparison.Ordinal));
        Assert.All(timeline, t => Assert.Contains("Test cashier", t, StringComparison.Ordinal));
        Assert.Equal(0, await page.Locator("#apology-form, #compensation-form, #followup-form, #resolve-form").CountAsync());
        Assert.Equal(1, await page.Locator("#reopen-form").CountAsync());

        Assert.Empty(session.Errors);

        // Today's page is not checked for console errors: its inline style attribute is refused by the CSP (reported).
        await page.GoAsync("/Today");
        var row = page.Locator($"#today-cases a[href='/Cases/{id}']");
        Assert.Contains("Resolved — won back", await row.TextContentAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Viewports.Tablet)]
    [InlineData(Viewports.Phone)]
    public async Task An_invalid_log_shows_the_error_beside_the_field_and_keeps_what_was_typed(string viewport)
    {
        await using var session = await fixture.OpenAsync(viewport);
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
    public async Task Every_control_on_the_log_and_case_pages_is_named_and_reachable_by_keyboard(string viewport)
    {
        await using var session = await fixture.OpenAsync(viewport);
        var page = session.Page;

        await page.GoAsync("/Cases/Log");
        await AssertAccessibleAsync(page, "log page");

        await page.LogFailureAsync("Missing item", "No fries in the bag");
        await AssertAccessibleAsync(page, "case page after logging");

        await page.RecordApologyAsync("By phone");
        await page.AddCompensationAsync("Refund", "Fries refunded", "2.90");
        await page.RecordFollowUpAsync("By phone", "Dissatisfied");
        Assert.Equal("Ready to resolve", await page.StatusAsync());
        await AssertAccessibleAsync(page, "case page ready to resolve");

        Assert.Empty(session.Errors);

        await page.GoAsync("/Today");
        await AssertAccessibleAsync(page, "today page");
    }

    [Theory]
    [InlineData(Viewports.Phone)]
    [InlineData(Viewports.Tablet)]
    public async Task No_page_scrolls_sideways(string viewport)
    {
        await using var session = await fixture.OpenAsync(viewport);
        var page = session.Page;

        await page.GoAsync("/Cases/Log");
        await page.OpenAllSectionsAsync();
        Assert.Null(await page.HorizontalOverflowAsync());

        await page.LogFailureAsync("Late / long wait", "Waited twenty-five minutes for a drive-through order", "Major");
        await page.OpenAllSectionsAsync();
        Assert.Null(await page.HorizontalOverflowAsync());

        await page.RecordApologyAsync();
        await page.RecordFollowUpAsync("By message", "Unreachable");
        await page.OpenAllSectionsAsync();
        Assert.Null(await page.HorizontalOverflowAsync());

        await page.GoAsync("/Today");
        Assert.Null(await page.HorizontalOverflowAsync());
    }

    [Fact]
    public async Task The_page_checks_catch_an_unlabelled_field_an_unreachable_button_and_a_block_too_wide_for_the_phone()
    {
        await using var session = await fixture.OpenAsync(Viewports.Phone);
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

    private static async Task AssertAccessibleAsync(IPage page, string where)
    {
        await page.OpenAllSectionsAsync();
        var unnamed = await page.MissingNamesAsync();
        Assert.True(unnamed.Count == 0, $"On the {where}, controls without a name:\n{string.Join('\n', unnamed)}");
        var unreachable = await page.UnreachableByKeyboardAsync();
        Assert.True(unreachable.Count == 0, $"On the {where}, Tab never reaches:\n{string.Join('\n', unreachable)}");
    }
}
