using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ServiceRecovery.Web.Data;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Tests.Infrastructure;

namespace ServiceRecovery.Web.Tests.Security;

/// <summary>Logging out or being disabled ends a session everywhere: a copy of the old cookie stops working at the next security-stamp check.</summary>
public sealed class SessionEndTests(AppFactory factory) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task After_logout_a_copy_of_the_old_cookie_is_refused_once_the_security_stamp_is_checked()
    {
        var staff = await NewCashierAsync("Logs out");
        using var browser = await new CookieSession(factory).SignInAsync(staff);
        var copied = browser.Cookie(CookieSession.AuthCookie)!;
        Assert.Equal(HttpStatusCode.OK, (await ReplayAsync(copied, "/Today")).StatusCode);

        var confirm = await browser.Client.GetDocumentAsync("/Account/Logout");
        var loggedOut = await browser.Client.SubmitAsync(confirm.Form());

        Assert.True(Answers.IsRedirectTo(loggedOut, Answers.LoginPath), Answers.Describe(loggedOut));
        Assert.Null(browser.Cookie(CookieSession.AuthCookie));
        factory.Clock.Advance(await StampIntervalAsync() + TimeSpan.FromSeconds(1));
        var replayed = await ReplayAsync(copied, "/Today");
        Assert.True(Answers.IsLoginChallenge(replayed), Answers.Describe(replayed));
    }

    [Fact]
    public async Task Disabling_a_user_ends_their_open_session_and_they_cannot_sign_in_again()
    {
        var staff = await NewCashierAsync("Gets disabled");
        using var browser = await new CookieSession(factory).SignInAsync(staff);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/Today")).StatusCode);

        // What the owner's "disable" does: flag the account, lock it, and renew its security stamp.
        await WithUserAsync(staff, async (users, user) =>
        {
            user.IsDisabled = true;
            Assert.True((await users.UpdateAsync(user)).Succeeded);
            Assert.True((await users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue)).Succeeded);
            Assert.True((await users.UpdateSecurityStampAsync(user)).Succeeded);
        });
        factory.Clock.Advance(await StampIntervalAsync() + TimeSpan.FromSeconds(1));

        var afterwards = await browser.GetAsync("/Today");
        Assert.True(Answers.IsLoginChallenge(afterwards), Answers.Describe(afterwards));
        Assert.Null(browser.Cookie(CookieSession.AuthCookie));
        var again = await browser.Client.TrySignInAsync(staff.Email, StaffLogin.Password);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Null(browser.Cookie(CookieSession.AuthCookie));
    }

    [Fact]
    public async Task A_disabled_flag_alone_ends_the_session_even_if_the_security_stamp_was_not_renewed()
    {
        var staff = await NewCashierAsync("Flag only");
        using var browser = await new CookieSession(factory).SignInAsync(staff);
        var copied = browser.Cookie(CookieSession.AuthCookie)!;

        await WithUserAsync(staff, async (users, user) =>
        {
            user.IsDisabled = true;
            Assert.True((await users.UpdateAsync(user)).Succeeded);
        });
        var stampBefore = await WithUserAsync(staff, (users, user) => users.GetSecurityStampAsync(user));
        factory.Clock.Advance(await StampIntervalAsync() + TimeSpan.FromSeconds(1));

        var replayed = await ReplayAsync(copied, "/Today");
        Assert.True(Answers.IsLoginChallenge(replayed), Answers.Describe(replayed));
        Assert.Equal(stampBefore, await WithUserAsync(staff, (users, user) => users.GetSecurityStampAsync(user)));
    }

    [Fact]
    public async Task A_session_of_a_user_who_changed_nothing_outlives_the_stamp_check()
    {
        var staff = await NewCashierAsync("Stays signed in");
        using var browser = await new CookieSession(factory).SignInAsync(staff);

        factory.Clock.Advance(await StampIntervalAsync() + TimeSpan.FromSeconds(1));

        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/Today")).StatusCode);
    }

    [Fact]
    public async Task Opening_the_logout_page_only_asks_for_confirmation_and_signs_nobody_out()
    {
        var staff = await NewCashierAsync("Opens logout");
        using var browser = await new CookieSession(factory).SignInAsync(staff);

        var page = await browser.Client.GetDocumentAsync("/Account/Logout");

        var form = Assert.IsAssignableFrom<AngleSharp.Html.Dom.IHtmlFormElement>(page.QuerySelector("main form"));
        Assert.Equal("post", form.Method, ignoreCase: true);
        Assert.Equal("/Account/Logout", new Uri(form.Action).AbsolutePath);
        Assert.NotNull(form.QuerySelector("input[name='__RequestVerificationToken']"));
        Assert.NotNull(browser.Cookie(CookieSession.AuthCookie));
        factory.Clock.Advance(await StampIntervalAsync() + TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/Today")).StatusCode);
    }

    private async Task<StaffLogin> NewCashierAsync(string name) =>
        await factory.CreateStaffAsync(name, Roles.Cashier, await factory.DefaultStoreIdAsync());

    private async Task<HttpResponseMessage> ReplayAsync(string authCookie, string url)
    {
        using var replay = new CookieSession(factory);
        replay.SetCookie(CookieSession.AuthCookie, authCookie);
        return await replay.GetAsync(url);
    }

    private async Task<TimeSpan> StampIntervalAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return scope.ServiceProvider.GetRequiredService<IOptions<SecurityStampValidatorOptions>>().Value.ValidationInterval;
    }

    private Task<bool> WithUserAsync(StaffLogin staff, Func<UserManager<AppUser>, AppUser, Task> action) =>
        WithUserAsync(staff, async (users, user) =>
        {
            await action(users, user);
            return true;
        });

    private async Task<T> WithUserAsync<T>(StaffLogin staff, Func<UserManager<AppUser>, AppUser, Task<T>> action)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByIdAsync(staff.Id) ?? throw new Xunit.Sdk.XunitException($"No user {staff.Id}.");
        return await action(users, user);
    }
}
