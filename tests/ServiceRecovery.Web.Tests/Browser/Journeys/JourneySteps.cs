using Microsoft.Playwright;
using ServiceRecovery.Web.Tests.Infrastructure;

namespace ServiceRecovery.Web.Tests.Browser.Journeys;

/// <summary>The steps every journey shares: signing in through the login page and moving through the header, each screen checked.</summary>
public static class JourneySteps
{
    public static ILocator Button(this IPage page, string name) =>
        page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = name, Exact = true });

    public static ILocator Link(this IPage page, string name) =>
        page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = name, Exact = true });

    /// <summary>The header's "+ Log a failure": the counter's main action, on every signed-in screen.</summary>
    public static ILocator LogAFailure(this IPage page) => page.Locator("header").GetByRole(AriaRole.Link, new LocatorGetByRoleOptions { Name = "+ Log a failure", Exact = true });

    /// <summary>Opens the login page, checks it, signs in, and checks the screen it lands on (Today) with its "+ Log a failure".</summary>
    public static async Task SignInAsync(this BrowserSession session, string email, string password, string displayName, bool photograph = false)
    {
        ArgumentNullException.ThrowIfNull(session);
        var page = session.Page;
        await page.GoAsync(AccountSteps.LoginPath);
        await session.CheckScreenAsync("login", page.Locator("main").GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Sign in", Exact = true }), photograph: photograph);
        await page.FillLoginAsync(email, password);
        await page.SubmitAsync(page.Locator("main"), "Sign in");
        Assert.Equal("/Today", new Uri(page.Url).AbsolutePath);
        Assert.Equal(displayName, await page.SignedInAsAsync());
        await session.CheckScreenAsync("today-signed-in", page.LogAFailure(), primaryOnFirstScreen: true);
    }

    public static Task SignInAsync(this BrowserSession session, StaffLogin login, bool photograph = false)
    {
        ArgumentNullException.ThrowIfNull(login);
        return session.SignInAsync(login.Email, StaffLogin.Password, login.DisplayName, photograph);
    }

    /// <summary>
    /// Goes to a page through the header, as a person would: the link itself when the header shows it, else the
    /// header's menu first (phones fold the managers' and owners' links into it).
    /// </summary>
    public static async Task NavigateAsync(this IPage page, string linkName)
    {
        ArgumentNullException.ThrowIfNull(page);
        var header = page.Locator("header");
        var link = header.GetByRole(AriaRole.Link, new LocatorGetByRoleOptions { Name = linkName, Exact = true });
        if (await link.CountAsync() == 0)
        {
            await header.Locator("details.nav-menu > summary").TapAsync();
            await link.WaitForAsync();
        }

        await page.FollowLinkAsync(link);
    }
}
