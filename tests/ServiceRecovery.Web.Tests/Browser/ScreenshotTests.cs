using Microsoft.Playwright;

namespace ServiceRecovery.Web.Tests.Browser;

/// <summary>
/// Full-page screenshots of the counter screens at tablet and phone width, so a person can look at the pages without
/// running the app. They go beside the test binaries; with SERVICERECOVERY_SCREENSHOTS=docs they refresh docs/screenshots/. This class has its own app and database, so the pictures come out
/// the same on every run (fixed clock, same cases, same ids).
/// </summary>
public sealed class ScreenshotTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_counter_screens_are_photographed_at_tablet_and_phone_width()
    {
        var folder = ScreenshotFolder();
        var written = new List<string>();
        foreach (var (viewport, failure, line, width) in new[]
        {
            (Viewports.Tablet, "Wrong order", "Ordered a chicken wrap, got a veggie one", 768),
            (Viewports.Phone, "Missing item", "No fries in the bag", 390),
        })
        {
            await using var session = await fixture.OpenAsync(viewport);
            var page = session.Page;

            await page.GoAsync("/Cases/Log");
            written.Add(await ShootAsync(page, folder, $"log-{width}.png"));

            await page.LogFailureAsync(failure, line);
            Assert.Equal("Awaiting apology", await page.StatusAsync());
            written.Add(await ShootAsync(page, folder, $"case-logged-{width}.png"));

            fixture.App.Clock.Advance(TimeSpan.FromMinutes(2));
            await page.RecordApologyAsync();
            await page.AddCompensationAsync("Remake / replacement", "Fresh one and a free drink", "6.40");
            fixture.App.Clock.Advance(TimeSpan.FromMinutes(3));
            await page.RecordFollowUpAsync("In person", "Satisfied");
            Assert.Equal("Ready to resolve", await page.StatusAsync());
            written.Add(await ShootAsync(page, folder, $"case-ready-{width}.png"));
            Assert.Empty(session.Errors);
        }

        await using (var cashier = await fixture.OpenAsync(Viewports.Tablet))
        {
            await cashier.Page.LogFailureAsync("Staff attitude", "Customer says the server rolled their eyes and walked away mid-order", "Major");
        }

        foreach (var (viewport, width) in new[] { (Viewports.Tablet, 768), (Viewports.Phone, 390) })
        {
            await using var session = await fixture.OpenAsync(viewport);
            await session.Page.GoAsync("/Today");
            Assert.Equal(3, await session.Page.Locator("#today-cases li").CountAsync());
            written.Add(await ShootAsync(session.Page, folder, $"today-{width}.png"));
        }

        Assert.Equal(8, written.Count);
        Assert.All(written, path => Assert.True(new FileInfo(path).Length > 1000, $"{path} is not a real picture."));
    }

    private static async Task<string> ShootAsync(IPage page, string folder, string name)
    {
        var path = Path.Combine(folder, name);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true, Type = ScreenshotType.Png });
        return path;
    }

    /// <summary>A folder beside the test binaries, or docs/screenshots when asked for, so a plain test run leaves git clean.</summary>
    private static string ScreenshotFolder()
    {
        if (!string.Equals(Environment.GetEnvironmentVariable("SERVICERECOVERY_SCREENSHOTS"), "docs", StringComparison.Ordinal))
        {
            return Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ServiceRecovery.sln")))
            {
                return Directory.CreateDirectory(Path.Combine(dir.FullName, "docs", "screenshots")).FullName;
            }
        }

        return Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;
    }
}
