using Microsoft.Playwright;

namespace ServiceRecovery.Web.Tests.Browser;

/// <summary>The steps of the counter-to-resolution journey, each done by tapping the real page.</summary>
public static class CounterSteps
{
    /// <summary>On /Cases/Log: tap a failure type, type one line, Save. Returns on the new case page.</summary>
    public static async Task<int> LogFailureAsync(this IPage page, string failureType, string whatHappened, string? severity = null)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.GoAsync("/Cases/Log");
        await page.ChooseAsync("What went wrong?", failureType);
        await page.GetByLabel("What happened, in a line").FillAsync(whatHappened);
        if (severity is not null)
        {
            await page.ChooseAsync("How serious?", severity);
        }

        await page.SubmitAsync(page.Locator("main"), "Save");
        return page.CaseId();
    }

    public static async Task RecordApologyAsync(this IPage page, string method = "In person")
    {
        ArgumentNullException.ThrowIfNull(page);
        var section = await page.OpenSectionAsync("#apology-form");
        await page.ChooseAsync("How did you apologise?", method);
        await page.SubmitAsync(section, "Record apology");
    }

    public static async Task AddCompensationAsync(this IPage page, string kind, string description, string value)
    {
        ArgumentNullException.ThrowIfNull(page);
        var section = await page.OpenSectionAsync("#compensation-form");
        await page.ChooseAsync("What did you give?", kind);
        await section.GetByLabel("Description").FillAsync(description);
        await section.GetByLabel("Value", new LocatorGetByLabelOptions { Exact = false }).FillAsync(value);
        await page.SubmitAsync(section, "Add compensation");
    }

    /// <summary>A manager, in the #approval section: taps Approve beside the pending compensation with this description.</summary>
    public static async Task ApproveCompensationAsync(this IPage page, string description)
    {
        ArgumentNullException.ThrowIfNull(page);
        var pending = page.Locator("#approval .card-body > div", new PageLocatorOptions { HasText = description });
        Assert.Equal(1, await pending.CountAsync());
        await page.SubmitAsync(pending, "Approve");
    }

    public static async Task RecordFollowUpAsync(this IPage page, string channel, string outcome)
    {
        ArgumentNullException.ThrowIfNull(page);
        var section = await page.OpenSectionAsync("#followup-form");
        await page.ChooseAsync("How did you reach the customer?", channel);
        await page.ChooseAsync("How does the customer feel now?", outcome);
        await page.SubmitAsync(section, "Record follow-up");
    }

    public static async Task ResolveAsync(this IPage page, string rootCause, string dimension, string outcome, string whatWeWillChange)
    {
        ArgumentNullException.ThrowIfNull(page);
        var section = await page.OpenSectionAsync("#resolve-form");
        await page.ChooseAsync("Root cause (blameless)", rootCause);
        await page.ChooseAsync("Which part of the service failed?", dimension);
        await page.ChooseAsync("Outcome", outcome);
        await section.GetByLabel("What we'll change (optional)").FillAsync(whatWeWillChange);
        await page.SubmitAsync(section, "Resolve case");
    }
}
