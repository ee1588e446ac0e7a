using Microsoft.Playwright;
using ServiceRecovery.Web.Tests.Infrastructure;

namespace ServiceRecovery.Web.Tests.Browser;

/// <summary>Signing in and out the way staff do: through the real login page, in the browser.</summary>
public static class AccountSteps
{
    public const string LoginPath = "/Account/Login";

    /// <summary>Signs in as a staff account through /Account/Login and checks the app now knows who is at the screen.</summary>
    public static Task SignInAsync(this IPage page, StaffLogin login)
    {
        ArgumentNullException.ThrowIfNull(login);
        return page.SignInAsync(login.Email, StaffLogin.Password, login.DisplayName);
    }

    /// <summary>Opens the login page, types the email and password, taps Sign in, and expects to land signed in as <paramref name="displayName"/>.</summary>
    public static async Task SignInAsync(this IPage page, string email, string password, string displayName)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.GoAsync(LoginPath);
        await page.FillLoginAsync(email, password);
        await page.SubmitAsync(page.Locator("main"), "Sign in");

        var path = new Uri(page.Url).AbsolutePath;
        if (string.Equals(path, LoginPath, StringComparison.OrdinalIgnoreCase))
        {
            var shown = await page.Locator("main [role=alert]").AllTextContentsAsync();
            throw new Xunit.Sdk.XunitException($"Signing in as {email} stayed on the login page: {string.Join(" ", shown).Trim()}");
        }

        Assert.Equal(displayName, await page.SignedInAsAsync());
    }

    /// <summary>Types an email and password into the login form without submitting it.</summary>
    public static async Task FillLoginAsync(this IPage page, string email, string password)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.GetByLabel("Email", new PageGetByLabelOptions { Exact = true }).FillAsync(email);
        await page.GetByLabel("Password", new PageGetByLabelOptions { Exact = true }).FillAsync(password);
    }

    /// <summary>The name in the footer's "Signed in as …", or null when the page shows nobody signed in.</summary>
    public static async Task<string?> SignedInAsAsync(this IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var name = page.Locator("footer span", new PageLocatorOptions { HasText = "Signed in as" }).Locator("strong");
        return await name.CountAsync() == 0 ? null : (await name.TextContentAsync())?.Trim();
    }

    /// <summary>Taps "Sign out" in the footer and expects to be back on the login page.</summary>
    public static async Task SignOutAsync(this IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.SubmitAsync(page.Locator("footer"), "Sign out");
        Assert.Equal(LoginPath, new Uri(page.Url).AbsolutePath);
        Assert.Null(await page.SignedInAsAsync());
    }
}
