using System.Net;
using AngleSharp.Html.Dom;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Tests.Infrastructure;

namespace ServiceRecovery.Web.Tests.Security;

/// <summary>Passwords by length alone (12+), and the lockout after five failures that lifts after 15 minutes of the app's clock.</summary>
public sealed class PasswordAndLockoutTests(AppFactory factory) : IClassFixture<AppFactory>
{
    private const string NoMatch = "That email and password do not match an active account.";
    private const string Locked = "Too many failed attempts: this account is locked for 15 minutes.";

    [Theory]
    [InlineData("elevenchars")]
    [InlineData("Ab1!Ab1!Ab1")]
    [InlineData("short")]
    public async Task A_new_password_under_12_characters_is_refused_whatever_it_contains(string tooShort)
    {
        var staff = await NewCashierAsync("Short password");
        using var client = await factory.SignedInClientAsync(staff);

        var response = await ChangePasswordAsync(client, StaffLogin.Password, tooShort);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await HtmlForms.ParseAsync(response);
        Assert.Contains("at least 12 characters", page.FieldError("Input.NewPassword"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await NewClient().TrySignInAsync(staff.Email, StaffLogin.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await NewClient().TrySignInAsync(staff.Email, tooShort)).StatusCode);
    }

    [Theory]
    [InlineData("aaaaaaaaaaaa")]
    [InlineData("123456789012")]
    [InlineData("!!!!!!!!!!!!")]
    [InlineData("ŽluťoučkýKůň")]
    [InlineData("twelve chars")]
    [InlineData("a much longer passphrase with spaces, but no digits or capitals at all")]
    public async Task A_new_password_of_12_or_more_characters_of_any_composition_is_accepted(string password)
    {
        var staff = await NewCashierAsync("Long password");
        using var client = await factory.SignedInClientAsync(staff);

        var response = await ChangePasswordAsync(client, StaffLogin.Password, password);

        Assert.True(Answers.IsRedirectTo(response, "/Today"), Answers.Describe(response));
        Assert.Equal(HttpStatusCode.Redirect, (await NewClient().TrySignInAsync(staff.Email, password)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await NewClient().TrySignInAsync(staff.Email, StaffLogin.Password)).StatusCode);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_so_even_the_right_one_fails_until_15_minutes_have_passed()
    {
        var staff = await NewCashierAsync("Lockout");
        using var client = NewClient();

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            Assert.Equal(NoMatch, await LoginErrorAsync(client, staff.Email, $"wrong password number {attempt}"));
        }

        Assert.Equal(Locked, await LoginErrorAsync(client, staff.Email, "wrong password number 5"));
        Assert.Equal(Locked, await LoginErrorAsync(client, staff.Email, StaffLogin.Password));

        // The lockout runs on the app's clock (the same one as sessions and targets), not the machine's.
        factory.Clock.Advance(TimeSpan.FromMinutes(14));
        Assert.Equal(Locked, await LoginErrorAsync(client, staff.Email, StaffLogin.Password));

        factory.Clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        var signedIn = await client.TrySignInAsync(staff.Email, StaffLogin.Password);
        Assert.True(Answers.IsRedirectTo(signedIn, "/"), Answers.Describe(signedIn));
    }

    [Fact]
    public async Task Failures_below_the_limit_do_not_lock_and_a_successful_sign_in_starts_the_count_again()
    {
        var staff = await NewCashierAsync("Almost locked");
        using var client = NewClient();

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            Assert.Equal(NoMatch, await LoginErrorAsync(client, staff.Email, $"wrong password number {attempt}"));
        }

        Assert.Equal(HttpStatusCode.Redirect, (await NewClient().TrySignInAsync(staff.Email, StaffLogin.Password)).StatusCode);
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            Assert.Equal(NoMatch, await LoginErrorAsync(client, staff.Email, $"wrong again {attempt}"));
        }

        Assert.Equal(HttpStatusCode.Redirect, (await NewClient().TrySignInAsync(staff.Email, StaffLogin.Password)).StatusCode);
    }

    private async Task<StaffLogin> NewCashierAsync(string name) =>
        await factory.CreateStaffAsync(name, Roles.Cashier, await factory.DefaultStoreIdAsync());

    private HttpClient NewClient() =>
        factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    private static async Task<HttpResponseMessage> ChangePasswordAsync(HttpClient client, string current, string replacement)
    {
        var form = (await client.GetDocumentAsync("/Account/ChangePassword")).Form();
        return await client.SubmitAsync(form, new Dictionary<string, string>
        {
            ["Input.CurrentPassword"] = current,
            ["Input.NewPassword"] = replacement,
            ["Input.ConfirmPassword"] = replacement,
        });
    }

    /// <summary>Signs in and expects to stay on the login page; returns the error it shows.</summary>
    private static async Task<string> LoginErrorAsync(HttpClient client, string email, string password)
    {
        var response = await client.TrySignInAsync(email, password);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        IHtmlDocument page = await HtmlForms.ParseAsync(response);
        return page.Text(".validation-summary-errors li");
    }
}
