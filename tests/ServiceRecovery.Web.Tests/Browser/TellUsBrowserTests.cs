using Microsoft.Playwright;
using ServiceRecovery.Web.Tests.Pages.TellUs;
using ServiceRecovery.Web.Tests.Security;

namespace ServiceRecovery.Web.Tests.Browser;

/// <summary>The public tell-us card on a phone in a real Chromium: fits, every control named, the CSS shows the field that fits the kind.</summary>
public sealed class TellUsBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_customer_praises_someone_from_a_phone()
    {
        var store = await fixture.App.StoreAsync("Browser card store");
        await using var session = await fixture.OpenAsync(Viewports.Phone);
        var page = session.Page;
        await page.GoAsync(await fixture.App.CardPathAsync(store));

        Assert.Null(await page.HorizontalOverflowAsync());
        var unnamed = await page.MissingNamesAsync();
        Assert.True(unnamed.Count == 0, $"Controls without a name:\n{string.Join('\n', unnamed)}");
        var unreachable = await page.UnreachableByKeyboardAsync();
        Assert.True(unreachable.All(u => u.Contains("Website", StringComparison.Ordinal)), $"Not reachable by Tab:\n{string.Join('\n', unreachable)}");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder(), "tellus-card-390.png"), FullPage = true, Animations = ScreenshotAnimations.Disabled });

        await page.GetByText("Praise someone", new PageGetByTextOptions { Exact = true }).ClickAsync();
        Assert.True(await page.GetByLabel("Who would you like to praise? (optional)").IsVisibleAsync());
        Assert.False(await page.GetByLabel("What was it about? (optional)").IsVisibleAsync());
        var send = page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Send", Exact = true });
        var box = await send.BoundingBoxAsync();
        Assert.True(box is { Height: >= 48 }, $"The Send button is {box?.Height} px high");

        await page.GetByLabel("Who would you like to praise? (optional)").FillAsync("Ola");
        await page.GetByLabel("In your own words").FillAsync("Browser: the quickest, friendliest service in town.");
        var posted = await page.RunAndWaitForResponseAsync(() => send.ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(302, posted.Status);
        await page.WaitForURLAsync(url => url.Contains("/thanks", StringComparison.Ordinal));

        Assert.Equal("Thank you", (await page.Locator("h1").TextContentAsync())?.Trim());
        Assert.Null(await page.HorizontalOverflowAsync());
        Assert.Empty(session.Errors);
    }

    /// <summary>Beside the test binaries, or docs/screenshots with SERVICERECOVERY_SCREENSHOTS=docs (as ScreenshotTests does).</summary>
    private static string ScreenshotFolder()
    {
        if (string.Equals(Environment.GetEnvironmentVariable("SERVICERECOVERY_SCREENSHOTS"), "docs", StringComparison.Ordinal))
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "ServiceRecovery.sln")))
                {
                    return Directory.CreateDirectory(Path.Combine(dir.FullName, "docs", "screenshots")).FullName;
                }
            }
        }

        return Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;
    }
}
