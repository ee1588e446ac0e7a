using Microsoft.Playwright;
using ServiceRecovery.Web.Domain;

namespace ServiceRecovery.Web.Tests.Browser;

/// <summary>
/// Full-page screenshots of the login page and the counter screens at tablet and phone width (cashier's and manager's views), so a person can look at the pages without
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
        var manager = await fixture.App.StandardStaffAsync(Roles.Manager);
        var cashier = await fixture.App.StandardStaffAsync(Roles.Cashier);
        foreach (var (viewport, failure, line, width) in new[]
        {
            (Viewports.Tablet, "Wrong order", "Ordered a chicken wrap, got a veggie one", 768),
            (Viewports.Phone, "Missing item", "No fries in the bag", 390),
        })
        {
            // The cashier at the till, signed in through the login page.
            await using var till = await fixture.OpenAsync(viewport);
            await till.Page.GoAsync(AccountSteps.LoginPath);
            written.Add(await ShootAsync(till.Page, folder, $"login-{width}.png"));
            await till.Page.SignInAsync(cashier);

            await till.Page.GoAsync("/Cases/Log");
            written.Add(await ShootAsync(till.Page, folder, $"log-{width}.png"));

            var id = await till.Page.LogFailureAsync(failure, line);
            Assert.Equal("Awaiting apology", await till.Page.StatusAsync());
            written.Add(await ShootAsync(till.Page, folder, $"case-logged-{width}.png"));

            fixture.App.Clock.Advance(TimeSpan.FromMinutes(2));
            await till.Page.RecordApologyAsync();
            await till.Page.AddCompensationAsync("Remake / replacement", "Fresh one and a free drink", "6.40");

            // The manager follows up on their own device.
            await using var office = await fixture.OpenAsync(viewport);
            await office.Page.SignInAsync(manager);
            await office.Page.GoAsync($"/Cases/{id}");
            fixture.App.Clock.Advance(TimeSpan.FromMinutes(3));
            await office.Page.RecordFollowUpAsync("In person", "Satisfied");
            Assert.Equal("Ready to resolve", await office.Page.StatusAsync());
            written.Add(await ShootAsync(office.Page, folder, $"case-ready-{width}.png"));
            Assert.Empty(till.Errors);
            Assert.Empty(office.Errors);
        }

        // A major case where the cashier gave more than their limit allows: it waits for the manager.
        int majorId;
        await using (var till = await fixture.OpenAsAsync(Viewports.Tablet, Roles.Cashier))
        {
            majorId = await till.Page.LogFailureAsync("Staff attitude", "Customer says the server rolled their eyes and walked away mid-order", "Major");
            fixture.App.Clock.Advance(TimeSpan.FromMinutes(1));
            await till.Page.RecordApologyAsync();
            await till.Page.AddCompensationAsync("Voucher", "Meal voucher for two", "25.00");
            Assert.Equal(1, await till.Page.GetByText("Pending approval", new PageGetByTextOptions { Exact = true }).CountAsync());
        }

        foreach (var (viewport, width) in new[] { (Viewports.Tablet, 768), (Viewports.Phone, 390) })
        {
            await using var office = await fixture.OpenAsAsync(viewport, Roles.Manager);
            await office.Page.GoAsync($"/Cases/{majorId}");
            Assert.Equal(1, await office.Page.Locator("#approval form").CountAsync());
            written.Add(await ShootAsync(office.Page, folder, $"case-approval-{width}.png"));
            Assert.Empty(office.Errors);
        }

        foreach (var (viewport, width) in new[] { (Viewports.Tablet, 768), (Viewports.Phone, 390) })
        {
            await using var till = await fixture.OpenAsAsync(viewport, Roles.Cashier);
            await till.Page.GoAsync("/Today");
            Assert.Equal(3, await till.Page.Locator("#today-cases li").CountAsync());
            written.Add(await ShootAsync(till.Page, folder, $"today-{width}.png"));
            Assert.Empty(till.Errors);
        }

        foreach (var (viewport, width) in new[] { (Viewports.Tablet, 768), (Viewports.Phone, 390) })
        {
            await using var office = await fixture.OpenAsAsync(viewport, Roles.Manager);
            await office.Page.GoAsync("/Queue");
            Assert.True(await office.Page.Locator("#queue > li").CountAsync() > 0, "The manager's queue shows no open case.");
            written.Add(await ShootAsync(office.Page, folder, $"queue-{width}.png"));
            Assert.Empty(office.Errors);

            await using var owner = await fixture.OpenAsAsync(viewport, Roles.Owner);
            await owner.Page.GoAsync("/Admin/Staff");
            written.Add(await ShootAsync(owner.Page, folder, $"admin-staff-{width}.png"));
            await owner.Page.GoAsync("/Admin/Targets");
            written.Add(await ShootAsync(owner.Page, folder, $"admin-targets-{width}.png"));
            // Chart.js animates unless the user prefers reduced motion: photograph the finished charts.
            await owner.Page.EmulateMediaAsync(new Microsoft.Playwright.PageEmulateMediaOptions { ReducedMotion = Microsoft.Playwright.ReducedMotion.Reduce });
            await owner.Page.GoAsync("/Dashboard");
            await owner.Page.Locator("#this-week").ClickAsync();
            await owner.Page.WaitForURLAsync(url => url.Contains("week=", StringComparison.Ordinal));
            await owner.Page.WaitForLoadStateAsync(Microsoft.Playwright.LoadState.Load);
            written.Add(await ShootAsync(owner.Page, folder, $"dashboard-{width}.png"));
            Assert.Empty(owner.Errors);
        }

        Assert.Equal(20, written.Count);
        Assert.All(written, path => Assert.True(new FileInfo(path).Length > 1000, $"{path} is not a real picture."));
    }

    private static async Task<string> ShootAsync(IPage page, string folder, string name)
    {
        var path = Path.Combine(folder, name);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true, Type = ScreenshotType.Png, Animations = ScreenshotAnimations.Disabled });
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
