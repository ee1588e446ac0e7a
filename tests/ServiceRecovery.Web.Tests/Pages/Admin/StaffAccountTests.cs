using System.Net;
using Microsoft.EntityFrameworkCore;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Tests.Infrastructure;

namespace ServiceRecovery.Web.Tests.Pages.Admin;

/// <summary>Disabling, enabling and resetting an account: what happens to sign-in and to sessions already open.</summary>
public sealed class StaffAccountTests(AppFactory factory) : AppTestBase(factory)
{
    [Fact]
    public async Task A_disabled_account_cannot_sign_in_and_its_open_session_ends_at_the_next_stamp_check()
    {
        var staff = await Factory.CreateStaffAsync("Leaving Cashier", Roles.Cashier, await Factory.DefaultStoreIdAsync());
        using var session = await Factory.SignedInClientAsync(staff);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/Today")).StatusCode);

        var page = await Client.GetDocumentAsync($"/Admin/Staff/Edit/{staff.Id}");
        var disabled = await Client.SubmitAsync(page.Form("Disable"));

        Assert.Equal($"/Admin/Staff/Edit/{staff.Id}", disabled.RedirectTarget());
        Assert.Equal("Disabled", (await Client.FollowAsync(disabled)).Text("#account-status"));
        var user = await Factory.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == staff.Id));
        Assert.True(user.IsDisabled);
        Assert.True(user.LockoutEnabled);
        Assert.Equal(DateTimeOffset.MaxValue, user.LockoutEnd);

        using var fresh = Factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        var refused = await fresh.TrySignInAsync(staff.Email, StaffLogin.Password);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("do not match an active account", (await HtmlForms.ParseAsync(refused)).Body!.TextContent, StringComparison.Ordinal);

        Factory.Clock.Advance(TimeSpan.FromMinutes(2));
        var rejected = await session.GetAsync("/Today");
        Assert.StartsWith("/Account/Login", rejected.RedirectTarget(), StringComparison.Ordinal);
        var owner = await Factory.StandardStaffAsync(Roles.Owner);
        Assert.Contains(Factory.Logs.Events.Select(CapturedLogs.Message), l => l.StartsWith($"Admin: staff account {staff.Id} disabled by user {owner.Id}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_enabled_account_can_sign_in_again_with_its_password()
    {
        var staff = await Factory.CreateStaffAsync("Returning Cashier", Roles.Cashier, await Factory.DefaultStoreIdAsync());
        await Client.SubmitAsync((await Client.GetDocumentAsync($"/Admin/Staff/Edit/{staff.Id}")).Form("Disable"));

        var page = await Client.GetDocumentAsync($"/Admin/Staff/Edit/{staff.Id}");
        Assert.Null(page.Forms.FirstOrDefault(f => f.Action.Contains("handler=Disable", StringComparison.OrdinalIgnoreCase)));
        var enabled = await Client.SubmitAsync(page.Form("Enable"));

        Assert.Equal("Active", (await Client.FollowAsync(enabled)).Text("#account-status"));
        using var session = await Factory.SignedInClientAsync(staff);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/Today")).StatusCode);
        var user = await Factory.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == staff.Id));
        Assert.False(user.IsDisabled);
        Assert.Null(user.LockoutEnd);
    }

    [Fact]
    public async Task An_owner_cannot_disable_themselves_and_is_told_why()
    {
        var owner = await Factory.StandardStaffAsync(Roles.Owner);
        var page = await Client.GetDocumentAsync($"/Admin/Staff/Edit/{owner.Id}");
        Assert.Null(page.Forms.FirstOrDefault(f => f.Action.Contains("handler=Disable", StringComparison.OrdinalIgnoreCase)));

        // The page offers no button; a hand-made post is refused by the command itself.
        var response = await Client.PostFieldsAsync($"/Admin/Staff/Edit/{owner.Id}?handler=Disable", [new("__RequestVerificationToken", page.AntiforgeryToken())]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("You cannot disable your own account. Another owner can.", (await HtmlForms.ParseAsync(response)).Text("#refused"));
        Assert.False(await Factory.WithDbAsync(db => db.Users.Where(u => u.Id == owner.Id).Select(u => u.IsDisabled).SingleAsync()));
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/Admin")).StatusCode);
    }

    [Fact]
    public async Task Another_owner_can_be_disabled_by_an_owner()
    {
        var other = await Factory.CreateStaffAsync("Co-owner", Roles.Owner);

        var response = await Client.SubmitAsync((await Client.GetDocumentAsync($"/Admin/Staff/Edit/{other.Id}")).Form("Disable"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.True(await Factory.WithDbAsync(db => db.Users.Where(u => u.Id == other.Id).Select(u => u.IsDisabled).SingleAsync()));
    }

    [Fact]
    public async Task A_reset_issues_a_new_temporary_password_that_replaces_the_old_one_and_must_be_changed()
    {
        var staff = await Factory.CreateStaffAsync("Forgetful Manager", Roles.Manager, await Factory.DefaultStoreIdAsync());
        using var oldSession = await Factory.SignedInClientAsync(staff);

        var reset = await Client.SubmitAsync((await Client.GetDocumentAsync($"/Admin/Staff/Edit/{staff.Id}")).Form("Reset"));

        Assert.Equal($"/Admin/Staff/TemporaryPassword/{staff.Id}", reset.RedirectTarget());
        var password = (await Client.FollowAsync(reset)).Text("#temporary-password");
        Assert.NotEqual(StaffLogin.Password, password);
        using var withOld = Factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        Assert.Equal(HttpStatusCode.OK, (await withOld.TrySignInAsync(staff.Email, StaffLogin.Password)).StatusCode);

        using var withNew = await Factory.SignedInAsync(staff.Email, password);
        Assert.Equal("/Account/ChangePassword", (await withNew.GetAsync("/Today")).RedirectTarget());
        Factory.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.StartsWith("/Account/Login", (await oldSession.GetAsync("/Today")).RedirectTarget(), StringComparison.Ordinal);
        Assert.DoesNotContain(Factory.Logs.Lines, l => l.Contains(password, StringComparison.Ordinal));
        Assert.Contains(Factory.Logs.Events.Select(CapturedLogs.Message), l => l.StartsWith($"Admin: temporary password issued for staff account {staff.Id}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_owner_cannot_reset_their_own_password_here()
    {
        var owner = await Factory.StandardStaffAsync(Roles.Owner);
        var page = await Client.GetDocumentAsync($"/Admin/Staff/Edit/{owner.Id}");

        var response = await Client.PostFieldsAsync($"/Admin/Staff/Edit/{owner.Id}?handler=Reset", [new("__RequestVerificationToken", page.AntiforgeryToken())]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("use \"Change password\"", (await HtmlForms.ParseAsync(response)).Text("#refused"), StringComparison.Ordinal);
        Assert.False(await Factory.WithDbAsync(db => db.Users.Where(u => u.Id == owner.Id).Select(u => u.MustChangePassword).SingleAsync()));
    }
}
