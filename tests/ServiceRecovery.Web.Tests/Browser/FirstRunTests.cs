using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ServiceRecovery.Web.Data;
using ServiceRecovery.Web.Domain;

namespace ServiceRecovery.Web.Tests.Browser;

/// <summary>
/// First run in a real browser. This class has its own app and database, and nothing here creates a user, so the app
/// starts as a fresh install does: no accounts at all. The first visitor is sent to the login page, which leads to
/// /Setup (no setup code in Development), and the owner created there lands on Today, signed in.
/// </summary>
public sealed class FirstRunTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const string OwnerName = "Dana Owner";
    private const string OwnerEmail = "dana.owner@firstrun.test";
    private const string OwnerPassword = "first light over the harbour";

    [Fact]
    public async Task A_fresh_app_leads_from_the_login_page_to_setup_and_the_new_owner_lands_on_Today_signed_in()
    {
        Assert.Equal(0, await fixture.App.WithDbAsync(db => db.Users.CountAsync()));

        // The login and setup pages fit a phone and are usable without a mouse, like every other page.
        await using (var phone = await fixture.OpenAsync(Viewports.Phone))
        {
            await phone.Page.GoAsync(AccountSteps.LoginPath);
            await AssertUsableAsync(phone.Page, "login page on first run (phone)");
            await phone.Page.GoAsync("/Setup");
            await AssertUsableAsync(phone.Page, "setup page (phone)");
            Assert.Empty(phone.Errors);
        }

        await using var session = await fixture.OpenAsync(Viewports.Tablet);
        var page = session.Page;

        var response = await page.GotoAsync("/");
        Assert.NotNull(response);
        Assert.Equal(200, response.Status);
        Assert.Equal(AccountSteps.LoginPath, new Uri(page.Url).AbsolutePath);
        Assert.NotNull(response.Request.RedirectedFrom);
        Assert.Null(await page.SignedInAsAsync());
        await AssertUsableAsync(page, "login page on first run (tablet)");

        var setupLink = page.Locator("main").GetByRole(AriaRole.Link, new LocatorGetByRoleOptions { Name = "Create the owner account", Exact = true });
        Assert.Equal("/Setup", await setupLink.GetAttributeAsync("href"));
        await page.FollowLinkAsync(setupLink);
        Assert.Equal("/Setup", new Uri(page.Url).AbsolutePath);
        await AssertUsableAsync(page, "setup page (tablet)");

        // Development: no one-time code to copy from the server.
        Assert.Equal(0, await page.GetByLabel("Setup code", new PageGetByLabelOptions { Exact = false }).CountAsync());
        await page.GetByLabel("Your name", new PageGetByLabelOptions { Exact = true }).FillAsync(OwnerName);
        await page.GetByLabel("Email (you sign in with it)", new PageGetByLabelOptions { Exact = true }).FillAsync(OwnerEmail);
        await page.GetByLabel("Password (at least 12 characters)", new PageGetByLabelOptions { Exact = true }).FillAsync(OwnerPassword);
        await page.SubmitAsync(page.Locator("main"), "Create owner and sign in");

        Assert.Equal("/Today", new Uri(page.Url).AbsolutePath);
        Assert.StartsWith("Today at ", (await page.Locator("h1").TextContentAsync())?.Trim(), StringComparison.Ordinal);
        Assert.Equal(OwnerName, await page.SignedInAsAsync());
        Assert.Empty(session.Errors);

        var owners = await fixture.App.WithDbAsync(db => db.Users.Select(u => new { u.Email, u.DisplayName }).ToListAsync());
        Assert.Equal(OwnerName, Assert.Single(owners).DisplayName);
        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            Assert.Equal(OwnerEmail, Assert.Single(await users.GetUsersInRoleAsync(Roles.Owner)).Email);
        }

        // The account is real: signed out, the owner signs in again with the same email and password, and the login
        // page no longer offers setup.
        await page.SignOutAsync();
        Assert.Equal(0, await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Create the owner account" }).CountAsync());
        await page.SignInAsync(OwnerEmail, OwnerPassword, OwnerName);
        Assert.Equal("/Today", new Uri(page.Url).AbsolutePath);
        Assert.Empty(session.Errors);

        // Once an owner exists, /Setup is gone.
        var setupAgain = await page.GotoAsync("/Setup");
        Assert.NotNull(setupAgain);
        Assert.Equal(404, setupAgain.Status);
    }

    private static async Task AssertUsableAsync(IPage page, string where)
    {
        var unnamed = await page.MissingNamesAsync();
        Assert.True(unnamed.Count == 0, $"On the {where}, controls without a name:\n{string.Join('\n', unnamed)}");
        var unreachable = await page.UnreachableByKeyboardAsync();
        Assert.True(unreachable.Count == 0, $"On the {where}, Tab never reaches:\n{string.Join('\n', unreachable)}");
        await page.AssertNoSidewaysScrollAsync();
    }
}
