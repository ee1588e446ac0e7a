using Microsoft.Playwright;
using ServiceRecovery.Web.Domain;

namespace ServiceRecovery.Web.Tests.Browser;

/// <summary>
/// Screenshots of the owner's admin pages, the screens no journey walks through (the journeys photograph theirs:
/// Journeys/*). Like the journeys' pictures they go beside the test binaries, or refresh docs/screenshots/ with
/// SERVICERECOVERY_SCREENSHOTS=docs (decision 0032). This class has its own app, so the pictures come out the same on every run.
/// </summary>
public sealed class ScreenshotTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Theory]
    [InlineData(Viewports.Phone)]
    [InlineData(Viewports.Tablet)]
    [InlineData(Viewports.Desktop)]
    public async Task The_admin_pages_are_photographed(string viewport)
    {
        await fixture.App.StandardStaffAsync(Roles.Manager);
        await using var owner = await fixture.OpenAsAsync(viewport, Roles.Owner);
        var width = Viewports.Width(viewport);
        var written = new List<string>();
        await owner.Page.GoAsync("/Admin/Staff");
        Assert.Equal(3, await owner.Page.Locator("main tbody tr").CountAsync());
        written.Add(await ShootAsync(owner.Page, $"admin-staff-{width}.png"));
        await owner.Page.GoAsync("/Admin/Targets");
        written.Add(await ShootAsync(owner.Page, $"admin-targets-{width}.png"));
        Assert.All(written, path => Assert.True(new FileInfo(path).Length > 1000, $"{path} is not a real picture."));
        Assert.Empty(owner.Errors);
    }

    private static async Task<string> ShootAsync(IPage page, string name)
    {
        var path = Path.Combine(Screenshots.Folder, name);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true, Type = ScreenshotType.Png, Animations = ScreenshotAnimations.Disabled });
        return path;
    }
}
