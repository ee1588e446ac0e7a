using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace ServiceRecovery.Web.Tests.Browser;

/// <summary>What a person does on a page — open it, tap a choice, submit — and what the tests read back.</summary>
public static partial class PageActions
{
    /// <summary>Opens a page and checks it answered 200 at the address asked for (not, say, the login page it was sent to instead).</summary>
    public static async Task GoAsync(this IPage page, string path)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(path);
        var response = await page.GotoAsync(path);
        Assert.NotNull(response);
        Assert.Equal((int)HttpStatusCode.OK, response.Status);
        var asked = path.Split('?')[0];
        Assert.True(
            string.Equals(new Uri(page.Url).AbsolutePath, asked, StringComparison.OrdinalIgnoreCase),
            $"Asked for {path}, but the browser ended up at {page.Url}.");
    }

    /// <summary>Taps the visible label of one option in the radio group whose legend is given, and checks it got selected.</summary>
    public static async Task ChooseAsync(this IPage page, string legend, string option)
    {
        ArgumentNullException.ThrowIfNull(page);
        var group = page.GetByRole(AriaRole.Group, new PageGetByRoleOptions { Name = legend, Exact = true });
        await group.Locator("label").GetByText(option, new LocatorGetByTextOptions { Exact = true }).TapAsync();
        Assert.True(
            await group.GetByRole(AriaRole.Radio, new LocatorGetByRoleOptions { Name = option, Exact = true }).IsCheckedAsync(),
            $"Tapping '{option}' under '{legend}' did not select it.");
    }

    /// <summary>Taps a submit button and waits until a new document (the redirect target or the re-rendered form) has loaded.</summary>
    public static async Task SubmitAsync(this IPage page, ILocator button)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(button);
        await page.EvaluateAsync("() => { document.documentElement.dataset.submittedFrom = 'this page'; }");
        await button.TapAsync();
        await page.WaitForFunctionAsync("() => document.documentElement.dataset.submittedFrom === undefined && document.readyState === 'complete'");
    }

    /// <summary>Taps a link and waits until the page it leads to has loaded.</summary>
    public static Task FollowLinkAsync(this IPage page, ILocator link) => page.SubmitAsync(link);

    /// <summary>Taps the Save / Record … button of a form by its visible text.</summary>
    public static Task SubmitAsync(this IPage page, ILocator scope, string buttonText)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return page.SubmitAsync(scope.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = buttonText, Exact = true }));
    }

    /// <summary>Opens a collapsed &lt;details&gt; section by tapping its summary, as a person would.</summary>
    public static async Task<ILocator> OpenSectionAsync(this IPage page, string detailsSelector)
    {
        ArgumentNullException.ThrowIfNull(page);
        var section = page.Locator(detailsSelector);
        if (await section.GetAttributeAsync("open") is null)
        {
            await section.Locator("summary").TapAsync();
        }

        Assert.NotNull(await section.GetAttributeAsync("open"));
        return section;
    }

    /// <summary>Opens every collapsed section of the page's main content (not the header's menu), so audits see every form.</summary>
    public static async Task OpenAllSectionsAsync(this IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var closed = page.Locator("main details:not([open]) > summary");
        for (var count = await closed.CountAsync(); count > 0; count = await closed.CountAsync())
        {
            await closed.First.TapAsync();
            Assert.True(await closed.CountAsync() < count, "Tapping a section's summary did not open it.");
        }
    }

    public static async Task<string> StatusAsync(this IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return (await page.Locator("#case-status").TextContentAsync() ?? string.Empty).Trim();
    }

    public static async Task<IReadOnlyList<string>> TimelineAsync(this IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var items = await page.Locator("#timeline li").AllTextContentsAsync();
        return [.. items.Select(text => Whitespace().Replace(text, " ").Trim())];
    }

    /// <summary>The case id from a case page's address (/Cases/{id}).</summary>
    public static int CaseId(this IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var match = CaseUrl().Match(new Uri(page.Url).AbsolutePath);
        Assert.True(match.Success, $"Expected a case page, but the browser is at {page.Url}.");
        return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"^/Cases/(\d+)$")]
    private static partial Regex CaseUrl();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
