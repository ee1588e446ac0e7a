using System.Net;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Pages.Account;
using ServiceRecovery.Web.Tests.Infrastructure;

namespace ServiceRecovery.Web.Tests.Security;

/// <summary>Cookie flags in Development, and a returnUrl that can only ever lead back into the site.</summary>
public sealed class CookieAndReturnUrlTests(AppFactory factory) : IClassFixture<AppFactory>
{
    public static TheoryData<string> Offsite =>
    [
        "https://evil.example",
        "http://evil.example/Cases/1",
        "//evil.example",
        "///evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "%2F%2Fevil.example",
        "/%2Fevil.example",
        "/%5Cevil",
        "/%5cevil",
        "/%09/evil.example",
        "/\t/evil.example",
        "javascript:alert(1)",
        "JavaScript:alert(document.cookie)",
        "evil.example",
        "data:text/html,hello",
    ];

    [Fact]
    public async Task The_auth_and_antiforgery_cookies_are_http_only_and_same_site()
    {
        var cashier = await factory.StandardStaffAsync(Roles.Cashier);
        using var browser = new CookieSession(factory);

        var loginPage = await browser.GetAsync("/Account/Login");
        var antiforgery = Answers.SetCookie(loginPage, CookieSession.AntiforgeryCookie);
        var signedIn = await browser.Client.SubmitAsync((await HtmlForms.ParseAsync(loginPage)).Form(), new Dictionary<string, string>
        {
            ["Input.Email"] = cashier.Email,
            ["Input.Password"] = StaffLogin.Password,
        });
        var auth = Answers.SetCookie(signedIn, CookieSession.AuthCookie);

        Assert.NotNull(antiforgery);
        Assert.Contains("; httponly", antiforgery, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; samesite=strict", antiforgery, StringComparison.OrdinalIgnoreCase);
        Assert.NotNull(auth);
        Assert.Contains("; httponly", auth, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; samesite=lax", auth, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("expires=", auth, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [MemberData(nameof(Offsite))]
    public async Task An_offsite_return_url_in_the_link_sends_the_user_home_after_sign_in(string returnUrl)
    {
        var cashier = await factory.StandardStaffAsync(Roles.Cashier);
        using var browser = new CookieSession(factory);

        var response = await browser.Client.TrySignInAsync(cashier.Email, StaffLogin.Password, returnUrl);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", Answers.Location(response));
    }

    [Theory]
    [MemberData(nameof(Offsite))]
    public async Task An_offsite_return_url_posted_in_place_of_the_forms_own_sends_the_user_home(string returnUrl)
    {
        var cashier = await factory.StandardStaffAsync(Roles.Cashier);
        using var browser = new CookieSession(factory);
        var form = (await browser.Client.GetDocumentAsync("/Account/Login?ReturnUrl=%2FToday")).Form();
        var fields = form.Fields().Where(f => f.Key != "ReturnUrl").ToList();
        fields.Add(new("ReturnUrl", returnUrl));
        fields.RemoveAll(f => f.Key is "Input.Email" or "Input.Password");
        fields.Add(new("Input.Email", cashier.Email));
        fields.Add(new("Input.Password", StaffLogin.Password));

        var response = await browser.Client.PostFieldsAsync("/Account/Login", fields);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", Answers.Location(response));
    }

    [Theory]
    [MemberData(nameof(Offsite))]
    public void The_return_url_rule_turns_every_offsite_spelling_into_home(string returnUrl) =>
        Assert.Equal("/", LoginModel.SafeReturnUrl(returnUrl));

    [Theory]
    [InlineData("/Cases/1")]
    [InlineData("/Today?storeId=1")]
    [InlineData("/Cases/Log")]
    public async Task A_return_url_on_this_site_is_kept(string returnUrl)
    {
        var cashier = await factory.StandardStaffAsync(Roles.Cashier);
        using var browser = new CookieSession(factory);

        var response = await browser.Client.TrySignInAsync(cashier.Email, StaffLogin.Password, returnUrl);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(returnUrl, Answers.Location(response));
    }

    [Fact]
    public async Task The_login_challenge_carries_the_page_asked_for_and_signing_in_returns_to_it()
    {
        var cashier = await factory.StandardStaffAsync(Roles.Cashier);
        using var browser = new CookieSession(factory);

        var challenge = await browser.GetAsync("/Cases/Log");
        Assert.Equal("/Account/Login?ReturnUrl=%2FCases%2FLog", Answers.Location(challenge));
        var form = (await browser.Client.GetDocumentAsync(Answers.Location(challenge)!)).Form();
        var signedIn = await browser.Client.SubmitAsync(form, new Dictionary<string, string>
        {
            ["Input.Email"] = cashier.Email,
            ["Input.Password"] = StaffLogin.Password,
        });

        Assert.Equal("/Cases/Log", Answers.Location(signedIn));
    }
}
