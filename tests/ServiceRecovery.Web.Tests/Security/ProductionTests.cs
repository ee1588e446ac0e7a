using System.Net;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Tests.Infrastructure;

namespace ServiceRecovery.Web.Tests.Security;

/// <summary>The app as it runs outside Development: HTTPS only (the port a proxy or Kestrel would publish), Secure cookies.</summary>
public sealed class ProductionAppFactory : AppFactory
{
    public ProductionAppFactory() => ClientOptions.BaseAddress = new Uri("https://localhost");

    protected override string EnvironmentName => "Production";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("https_port", "443");
    }
}

public sealed class ProductionTests(ProductionAppFactory factory) : IClassFixture<ProductionAppFactory>
{
    [Fact]
    public async Task A_plain_http_request_is_redirected_to_https()
    {
        using var plain = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://localhost"), AllowAutoRedirect = false });

        var response = await plain.GetAsync(new Uri("/Account/Login?ReturnUrl=%2FToday", UriKind.Relative));

        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.Equal(new Uri("https://localhost/Account/Login?ReturnUrl=%2FToday"), response.Headers.Location);
    }

    [Fact]
    public async Task Every_cookie_the_app_sets_is_secure_http_only_and_same_site()
    {
        var cashier = await factory.StandardStaffAsync(Roles.Cashier);
        using var browser = new CookieSession(factory);
        var responses = new List<HttpResponseMessage>();

        var loginPage = await browser.GetAsync("/Account/Login");
        responses.Add(loginPage);
        responses.Add(await browser.Client.SubmitAsync((await HtmlForms.ParseAsync(loginPage)).Form(), new Dictionary<string, string>
        {
            ["Input.Email"] = cashier.Email,
            ["Input.Password"] = StaffLogin.Password,
        }));
        var logPage = await browser.GetAsync("/Cases/Log");
        responses.Add(logPage);
        var logged = await browser.Client.SubmitAsync((await HtmlForms.ParseAsync(logPage)).Form(), new Dictionary<string, string>
        {
            ["Failure.FailureType"] = "MissingItem",
            ["Failure.Description"] = "Production cookies: no napkins",
        });
        responses.Add(logged);
        responses.Add(await browser.GetAsync(Answers.Location(logged)!));

        var cookies = responses.SelectMany(r => r.Headers.TryGetValues("Set-Cookie", out var values) ? values : []).ToList();
        Assert.Contains(cookies, c => c.StartsWith(CookieSession.AuthCookie + "=", StringComparison.Ordinal));
        Assert.Contains(cookies, c => c.StartsWith(CookieSession.AntiforgeryCookie + "=", StringComparison.Ordinal));
        Assert.Contains(cookies, c => c.StartsWith(".AspNetCore.Mvc.CookieTempDataProvider=", StringComparison.Ordinal));
        foreach (var cookie in cookies)
        {
            Assert.Contains("; secure", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("; httponly", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.Matches("; samesite=(lax|strict)", cookie.ToLowerInvariant());
        }

        // Secure always, not only "as the request": a request that reached the app over plain HTTP still gets no cookie a network can read.
        var services = factory.Services;
        Assert.Equal(CookieSecurePolicy.Always, services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityConstants.ApplicationScheme).Cookie.SecurePolicy);
        Assert.Equal(CookieSecurePolicy.Always, services.GetRequiredService<IOptions<AntiforgeryOptions>>().Value.Cookie.SecurePolicy);
        Assert.Equal(CookieSecurePolicy.Always, services.GetRequiredService<IOptions<CookieTempDataProviderOptions>>().Value.Cookie.SecurePolicy);
    }

    [Fact]
    public async Task An_unknown_page_shows_the_error_page_with_the_security_headers()
    {
        var cashier = await factory.StandardStaffAsync(Roles.Cashier);
        using var browser = await new CookieSession(factory).SignInAsync(cashier);

        var response = await browser.GetAsync("/no-such-page");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("frame-ancestors 'none'", Answers.Header(response, "Content-Security-Policy"), StringComparison.Ordinal);
        Assert.Contains("no-store", Answers.Header(response, "Cache-Control"), StringComparison.Ordinal);
        Assert.Equal("Not found", (await HtmlForms.ParseAsync(response)).Text("h1"));
    }
}
